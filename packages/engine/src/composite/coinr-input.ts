// COINr's two-table input: iData (one row per unit: uCode, uName, group columns, denominators, indicators)
// and iMeta (one row per indicator, aggregate, group or denominator: Level, iCode, Direction, Weight, Parent,
// Denominator, Target, Type). A bad cell fails the whole read with its file, row and column.

import { DothiError } from '../errors.ts';
import { parseCsv } from '../text/csv.ts';
import type { AggregateMeta, Direction, IndexFramework, IndexInput, IndicatorMeta } from './model.ts';

function bad(file: string, row: number, column: string, detail: string): DothiError {
  return new DothiError('DOTHI_INDEX_DATA_INVALID', { file, row, column, detail });
}

const isMissing = (s: string): boolean => s.trim() === '' || /^(NA|NaN|null)$/i.test(s.trim());

function num(file: string, row: number, column: string, s: string, allowMissing: boolean): number {
  if (isMissing(s)) {
    if (allowMissing) return NaN;
    throw bad(file, row, column, 'a number is required');
  }
  const v = Number(s.trim());
  if (!Number.isFinite(v)) throw bad(file, row, column, `"${s}" is not a number`);
  return v;
}

/** Reads iMeta text into the indicator tree. Rows are numbered as file lines (header = 1). */
export function readCoinrMeta(text: string, file = 'iMeta'): { framework: IndexFramework; groups: string[]; denominators: string[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw bad(file, 1, '', 'the file is empty');
  const col = (name: string, required: boolean): number => {
    const i = header.findIndex((h) => h.trim() === name);
    if (i < 0 && required) throw bad(file, 1, name, 'required column is missing');
    return i;
  };
  const c = {
    level: col('Level', true), code: col('iCode', true), name: col('iName', false), dir: col('Direction', true), weight: col('Weight', true),
    unit: col('Unit', false), target: col('Target', false), denom: col('Denominator', false), parent: col('Parent', true), type: col('Type', true),
  };
  const get = (r: string[], i: number): string => (i < 0 ? '' : (r[i] ?? '').trim());
  const indicators: IndicatorMeta[] = [];
  const aggregates: AggregateMeta[] = [];
  const groups: string[] = [];
  const denominators: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, k) => {
    const line = k + 2;
    const code = get(r, c.code);
    if (code === '') throw bad(file, line, 'iCode', 'iCode is empty');
    if (seen.has(code)) throw bad(file, line, 'iCode', `iCode "${code}" appears twice`);
    seen.add(code);
    const type = get(r, c.type);
    if (type === 'Group') return void groups.push(code);
    if (type === 'Denominator') return void denominators.push(code);
    if (type === 'Other') return;
    if (type !== 'Indicator' && type !== 'Aggregate') throw bad(file, line, 'Type', `unknown Type "${type}" (Indicator, Aggregate, Group, Denominator, Other)`);
    const level = num(file, line, 'Level', get(r, c.level), false);
    if (!Number.isInteger(level) || level < 1) throw bad(file, line, 'Level', 'Level must be a whole number ≥ 1');
    if ((type === 'Indicator') !== (level === 1)) throw bad(file, line, 'Level', 'indicators are level 1 and aggregates level 2 or more');
    const weight = num(file, line, 'Weight', get(r, c.weight), false);
    if (weight < 0) throw bad(file, line, 'Weight', 'weights cannot be negative');
    const parent = get(r, c.parent) || null;
    if (type === 'Indicator') {
      const d = num(file, line, 'Direction', get(r, c.dir), false);
      if (d !== 1 && d !== -1) throw bad(file, line, 'Direction', 'Direction must be 1 or -1');
      if (!parent) throw bad(file, line, 'Parent', 'an indicator needs a Parent');
      indicators.push({
        code, name: get(r, c.name) || code, parent, weight, direction: d as Direction,
        denominator: get(r, c.denom) || null, target: num(file, line, 'Target', get(r, c.target), true), unit: get(r, c.unit),
      });
      const last = indicators[indicators.length - 1];
      if (last && Number.isNaN(last.target ?? NaN)) last.target = null;
    } else aggregates.push({ code, name: get(r, c.name) || code, level, parent, weight });
  });
  if (indicators.length === 0) throw bad(file, 1, 'Type', 'no row has Type "Indicator"');
  const levelOf = new Map<string, number>(aggregates.map((a) => [a.code, a.level]));
  const lineOf = (code: string): number => rows.findIndex((r) => get(r, c.code) === code) + 2;
  for (const i of indicators) {
    if (levelOf.get(i.parent) !== 2) throw bad(file, lineOf(i.code), 'Parent', `parent "${i.parent}" is not a level-2 aggregate`);
    if (i.denominator && !denominators.includes(i.denominator)) throw bad(file, lineOf(i.code), 'Denominator', `"${i.denominator}" is not a Denominator row`);
  }
  const topLevel = Math.max(...aggregates.map((a) => a.level), 1);
  for (const a of aggregates) {
    if (a.level === topLevel) {
      if (a.parent) throw bad(file, lineOf(a.code), 'Parent', 'the top level has no parent');
    } else if (!a.parent || levelOf.get(a.parent) !== a.level + 1) throw bad(file, lineOf(a.code), 'Parent', `parent "${a.parent ?? ''}" is not a level-${a.level + 1} aggregate`);
  }
  for (const a of aggregates) {
    const hasChild = a.level === 2 ? indicators.some((i) => i.parent === a.code) : aggregates.some((b) => b.parent === a.code);
    if (!hasChild) throw bad(file, lineOf(a.code), 'iCode', `aggregate "${a.code}" has no children`);
  }
  aggregates.sort((a, b) => a.level - b.level);
  return { framework: { indicators, aggregates, topLevel }, groups, denominators };
}

/** Reads iData text against a parsed iMeta. Every indicator, group and denominator column must be present. */
export function readCoinrData(text: string, meta: ReturnType<typeof readCoinrMeta>, file = 'iData'): IndexInput {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw bad(file, 1, '', 'the file is empty');
  const h = header.map((s) => s.trim());
  const idx = (name: string): number => {
    const i = h.indexOf(name);
    if (i < 0) throw bad(file, 1, name, 'required column is missing');
    return i;
  };
  const uCode = idx('uCode');
  const uName = h.indexOf('uName');
  const units: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, k) => {
    const u = (r[uCode] ?? '').trim();
    if (u === '') throw bad(file, k + 2, 'uCode', 'uCode is empty');
    if (seen.has(u)) throw bad(file, k + 2, 'uCode', `uCode "${u}" appears twice`);
    if (r.length !== h.length) throw bad(file, k + 2, '', `the row has ${r.length} fields, the header ${h.length}`);
    seen.add(u);
    units.push(u);
  });
  const numeric = (name: string): Float64Array => {
    const j = idx(name);
    return Float64Array.from(rows, (r, k) => num(file, k + 2, name, r[j] ?? '', true));
  };
  const groups: Record<string, Array<string | null>> = {};
  for (const g of meta.groups) {
    const j = idx(g);
    groups[g] = rows.map((r) => (isMissing(r[j] ?? '') ? null : (r[j] ?? '').trim()));
  }
  const denominators: Record<string, Float64Array> = {};
  for (const d of meta.denominators) if (h.includes(d)) denominators[d] = numeric(d);
  for (const i of meta.framework.indicators) {
    if (i.denominator && !denominators[i.denominator]) throw bad(file, 1, i.denominator, 'denominator column is missing');
  }
  return {
    units,
    unitNames: rows.map((r, k) => (uName >= 0 ? (r[uName] ?? '').trim() : units[k] ?? '')),
    groups,
    denominators,
    framework: meta.framework,
    values: meta.framework.indicators.map((i) => numeric(i.code)),
  };
}

/** Both tables at once. */
export function readCoinr(iData: string, iMeta: string): IndexInput {
  return readCoinrData(iData, readCoinrMeta(iMeta));
}
