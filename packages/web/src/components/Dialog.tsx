// A modal dialog: focus moves into it on open, Tab and Shift+Tab cycle inside it, Escape closes it,
// and focus goes back to whatever opened it. It is rendered beside #root, which is made inert, so
// a screen reader and the keyboard stay in the dialog.

import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n.tsx';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

export function Dialog({ title, subtitle, onClose, children, footer, wide, step }: {
  title: string;
  /** When this changes (a form becomes a progress bar, then a report), focus moves to the new content. */
  step?: string;
  subtitle?: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}): ReactNode {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onClose$ = useRef(onClose);
  onClose$.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    return () => {
      root?.removeAttribute('inert');
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // The first field, not the close button: the dialog is opened to fill it in. With nothing to
    // fill (a progress bar), the dialog itself, so Escape and Tab still work.
    const first = focusables(el).find((f) => !f.classList.contains('dialog-close'));
    (first ?? el).focus();
  }, [step]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose$.current();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const list = focusables(box.current);
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose$.current()}>
      <div ref={box} className={`dialog${wide ? ' dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId}
        tabIndex={-1} onKeyDown={onKeyDown}>
        <header className="dialog-head">
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle && <div className="muted">{subtitle}</div>}
          </div>
          <button type="button" className="icon-button dialog-close" onClick={() => onClose$.current()} aria-label={t('dialog.close')} title={t('dialog.close')}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-foot">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
