// Reporting periods of observations: a year ('2024'), a half ('2024-H1'), a quarter ('2024-Q3') or a
// month ('2024-07'). Each normalises to the date it starts on (stored beside the text so periods sort
// and join in SQL) and to a time in decimal years, the time axis of trends and growth rates.

import { DothiError } from '../errors.ts';

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month';

export interface Period {
  /** The canonical text ('2024-Q1'); what the store keys on. */
  readonly text: string;
  readonly kind: PeriodKind;
  readonly year: number;
  /** First month of the period, 1-12. */
  readonly month: number;
  /** ISO date of the first day ('2024-01-01'). */
  readonly start: string;
  /** year + (month − 1) / 12: a period is placed at its start, so yearly series keep whole-year steps. */
  readonly time: number;
}

const YEAR_MIN = 1800;
const YEAR_MAX = 2200;

function make(text: string, kind: PeriodKind, year: number, month: number): Period {
  const start = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return { text, kind, year, month, start, time: year + (month - 1) / 12 };
}

/** Parses a period; throws DOTHI_PERIOD_INVALID for anything else (with the reason in `detail`). */
export function parsePeriod(raw: string): Period {
  const s = raw.trim().toUpperCase();
  const m = /^(\d{4})(?:-(?:(H)([12])|(Q)([1-4])|(\d{2})))?$/.exec(s);
  if (!m) throw new DothiError('DOTHI_PERIOD_INVALID', { period: raw });
  const year = Number(m[1]);
  if (year < YEAR_MIN || year > YEAR_MAX) throw new DothiError('DOTHI_PERIOD_INVALID', { period: raw });
  if (m[2]) return make(`${year}-H${m[3]}`, 'half', year, Number(m[3]) === 1 ? 1 : 7);
  if (m[4]) return make(`${year}-Q${m[5]}`, 'quarter', year, (Number(m[5]) - 1) * 3 + 1);
  if (m[6]) {
    const month = Number(m[6]);
    if (month < 1 || month > 12) throw new DothiError('DOTHI_PERIOD_INVALID', { period: raw });
    return make(`${year}-${m[6]}`, 'month', year, month);
  }
  return make(String(year), 'year', year, 1);
}
