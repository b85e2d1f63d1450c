// The current language for the whole page, with number and date formats that follow it.

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { initialLang, translate } from './messages.ts';
import type { Lang, MessageKey, Vars } from './messages.ts';

const STORAGE_KEY = 'dothi.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  number(n: number): string;
  date(iso: string): string;
  /** The English or Vietnamese half of a bilingual label or message. */
  pick(pair: { en: string; vi: string }): string;
}

const Ctx = createContext<I18n | null>(null);

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage may be disabled; the browser language decides then
  }
}

export function I18nProvider({ children }: { children: ReactNode }): ReactNode {
  const [lang, setLangState] = useState<Lang>(() => initialLang(readStored(), navigator.language));
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not kept across visits then */
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
    const nf = new Intl.NumberFormat(locale);
    // Vietnamese writes dates as 10/02/2026; English reads best as 10 Feb 2026.
    const df = new Intl.DateTimeFormat(locale, lang === 'vi'
      ? { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }
      : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    return {
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      number: (n) => nf.format(n),
      date: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : df.format(d);
      },
      pick: (pair) => pair[lang],
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
