// The page's strings in English and Vietnamese (messages/en.ts, messages/vi.ts) and how they are
// filled in: {name} placeholders by t(), sectors and units by their own lookups.

import { en } from './messages/en.ts';
import { vi } from './messages/vi.ts';

export type Lang = 'en' | 'vi';

export type MessageKey = keyof typeof en;

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, vi };

export type Vars = Readonly<Record<string, string | number>>;

export function translate(lang: Lang, key: MessageKey, vars: Vars = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** A sector's label; a sector the messages do not know yet shows as its id. */
export function sectorLabel(lang: Lang, sector: string): string {
  const key = `sector.${sector}`;
  return key in en ? MESSAGES[lang][key as MessageKey] : sector;
}

/** A unit as words in the current language; symbols (m², %, km/h) read the same in both; a ratio has none. */
export function unitLabel(lang: Lang, unit: string | undefined): string {
  if (!unit || unit === 'ratio') return '';
  const key = `unit.${unit}`;
  return key in en ? MESSAGES[lang][key as MessageKey] : unit;
}

/** Units said in words (floors, persons) rather than symbols (m, m², %). */
export function isWordUnit(unit: string | undefined): boolean {
  return !!unit && `unit.${unit}` in en;
}

/** Vietnamese when the browser's language is Vietnamese, else English; a choice once made is kept. */
export function initialLang(stored: string | null, browserLang: string | undefined): Lang {
  if (stored === 'vi' || stored === 'en') return stored;
  return (browserLang ?? '').toLowerCase().startsWith('vi') ? 'vi' : 'en';
}
