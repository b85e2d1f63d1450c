// Whether the window is tablet-narrow, where the layer list becomes a drawer over the map.

import { useEffect, useState } from 'react';

/** At 1100 px and below, a docked list would leave the map too little room beside the table. */
export const NARROW_QUERY = '(max-width: 1100px)';

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const mq = window.matchMedia(NARROW_QUERY);
    const on = (): void => setNarrow(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}
