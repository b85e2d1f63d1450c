// The layer list as a drawer over the map on a tablet: focus goes into it when it opens, Escape
// or a tap beside it closes it, and focus returns to the button that opened it.

import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function Drawer({ id, label, onClose, children }: { id: string; label: string; onClose(): void; children: ReactNode }): ReactNode {
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.querySelector<HTMLElement>('input, button, select')?.focus();
    return () => {
      // Only when focus was still in the drawer: a click on the map has put it where the planner wants it.
      if (!document.activeElement || document.activeElement === document.body || box.current?.contains(document.activeElement)) opener?.focus();
    };
  }, []);
  return (
    <>
      <aside id={id} ref={box} className="sidebar drawer" aria-label={label} onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}>
        {children}
      </aside>
      <div className="scrim" onClick={onClose} aria-hidden="true" />
    </>
  );
}
