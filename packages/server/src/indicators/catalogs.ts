// The indicator catalogs (catalogs/frameworks/*.json and catalogs/crosswalk.json), read once and
// checked against their JSON Schemas and against each other: ids unique, every indicator's place in
// its framework's hierarchy declared, every crosswalk link pointing at a real entry. A workspace's
// custom indicators go through the same indicator schema (validateIndicator).

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DothiError } from '@dothi/engine';
import { CATALOGS_DIR, checkSchema, showPointer } from './catalog-schemas.ts';

export interface LocalText {
  en: string;
  vi: string;
}

export interface IndicatorEntry {
  id: string;
  framework: string;
  code: string;
  name: LocalText;
  description?: LocalText;
  unit: string | null;
  direction: 1 | -1 | null;
  dimension?: LocalText;
  subDimension?: LocalText;
  category?: LocalText;
  level?: 'core' | 'advanced';
  source: { title: string; publisher: string; year: number | null; url?: string; page?: string };
  calculator?: string;
  targets?: Array<{ value: number; year: number; comparator: '>=' | '<=' | '='; source: string }>;
  note?: LocalText;
}

export interface FrameworkLevelItem {
  code: string;
  name: LocalText;
  description?: LocalText;
  parent?: string;
  /** false: the item is known to exist but its content could not be found. */
  contentAvailable?: boolean;
  source?: IndicatorEntry['source'];
  note?: LocalText;
}

export interface FrameworkLevel {
  id: string;
  name: LocalText;
  field?: 'dimension' | 'subDimension' | 'category';
  items: FrameworkLevelItem[];
}

export interface FrameworkEntry {
  id: string;
  name: LocalText;
  publisher: string;
  year: number | null;
  url?: string;
  indicatorCount: number;
  description?: LocalText;
  note?: LocalText;
  /** The hierarchy (dimensions, themes, pillars, sets), outermost first. */
  levels: FrameworkLevel[];
}

export interface CrosswalkLink {
  id: string;
  relation: 'equivalent' | 'related' | 'proxy';
  note: LocalText;
}

export interface CrosswalkGroup {
  id: string;
  name: LocalText;
  links: CrosswalkLink[];
}

export interface Catalogs {
  frameworks: FrameworkEntry[];
  indicators: IndicatorEntry[];
  byId: ReadonlyMap<string, IndicatorEntry>;
  /** Every id linked to this one by a crosswalk group, in file order, without the id itself. */
  linked(id: string): string[];
  /** The crosswalk groups, each link with its relation and note. */
  crosswalk: CrosswalkGroup[];
}

interface FrameworkFile {
  framework: Omit<FrameworkEntry, 'indicatorCount'>;
  indicators: IndicatorEntry[];
}

interface CrosswalkFile {
  groups: CrosswalkGroup[];
}

/** The slug rule for custom indicator codes: what the API accepts as custom:<slug>. */
export const CUSTOM_SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function fail(file: string, path: string, en: string, vi: string): never {
  throw new DothiError('DOTHI_CATALOG_INVALID', { file, path: showPointer(path), detail: en, detail_vi: vi });
}

function readDoc(dir: URL, rel: string): unknown {
  const url = new URL(rel, dir);
  let text: string;
  try {
    text = fs.readFileSync(url, 'utf8');
  } catch (err) {
    fail(rel, '', `cannot be read (${(err as Error).message})`, `không đọc được tệp (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return fail(rel, '', `is not valid JSON (${(err as Error).message})`, `không phải JSON hợp lệ (${(err as Error).message})`);
  }
}

function checked<T>(rel: string, name: 'framework' | 'crosswalk', doc: unknown): T {
  const v = checkSchema(name, doc);
  if (v) fail(rel, v.path, v.en, v.vi);
  return doc as T;
}

/** Checks a framework file beyond its schema: ids follow <framework>:<code>, the file is named after
 *  the framework, and every dimension / sub-dimension / category an indicator names is declared. */
function checkFramework(rel: string, f: FrameworkFile): void {
  const fw = f.framework;
  if (rel !== `frameworks/${fw.id}.json`) {
    fail(rel, '/framework/id', `framework "${fw.id}" must live in frameworks/${fw.id}.json`, `khung "${fw.id}" phải nằm trong tệp frameworks/${fw.id}.json`);
  }
  const declared = new Map<string, Set<string>>();
  fw.levels.forEach((level, li) => {
    if (level.field) declared.set(level.field, new Set(level.items.map((i) => i.name.en)));
    // A parent names an item of the level above, so the hierarchy can be drawn as a tree.
    const above = li > 0 ? new Set(fw.levels[li - 1]!.items.map((i) => i.code)) : new Set<string>();
    level.items.forEach((item, ii) => {
      if (item.parent !== undefined && !above.has(item.parent)) {
        fail(rel, `/framework/levels/${li}/items/${ii}/parent`, `"${item.parent}" is not an item code of the level above`, `"${item.parent}" không phải mã của một mục ở cấp trên`);
      }
    });
  });
  f.indicators.forEach((e, i) => {
    const at = `/indicators/${i}`;
    if (e.framework !== fw.id) {
      fail(rel, `${at}/framework`, `is "${e.framework}" in the file of framework "${fw.id}"`, `là "${e.framework}" trong tệp của khung "${fw.id}"`);
    }
    if (e.id !== `${e.framework}:${e.code}`) {
      fail(rel, `${at}/id`, `must be "${e.framework}:${e.code}" (framework:code)`, `phải là "${e.framework}:${e.code}" (khung:mã)`);
    }
    for (const field of ['dimension', 'subDimension', 'category'] as const) {
      const value = e[field];
      if (!value) continue;
      const names = declared.get(field);
      if (!names?.has(value.en)) {
        fail(rel, `${at}/${field}/en`, `"${value.en}" is not declared in the framework's levels`, `"${value.en}" chưa được khai báo trong các cấp của khung`);
      }
    }
  });
}

function listFrameworkFiles(dir: URL): string[] {
  const names = fs.readdirSync(fileURLToPath(new URL('frameworks/', dir))).filter((n) => n.endsWith('.json'));
  return names.sort().map((n) => `frameworks/${n}`);
}

function build(dir: URL): Catalogs {
  const frameworks: FrameworkEntry[] = [];
  const indicators: IndicatorEntry[] = [];
  const byId = new Map<string, IndicatorEntry>();
  const seenFrameworks = new Set<string>();
  for (const rel of listFrameworkFiles(dir)) {
    const f = checked<FrameworkFile>(rel, 'framework', readDoc(dir, rel));
    checkFramework(rel, f);
    if (seenFrameworks.has(f.framework.id)) fail(rel, '/framework/id', `framework "${f.framework.id}" is defined twice`, `khung "${f.framework.id}" được định nghĩa hai lần`);
    seenFrameworks.add(f.framework.id);
    f.indicators.forEach((e, i) => {
      if (byId.has(e.id)) fail(rel, `/indicators/${i}/id`, `"${e.id}" is already defined`, `"${e.id}" đã được định nghĩa`);
      byId.set(e.id, e);
      indicators.push(e);
    });
    frameworks.push({ ...f.framework, indicatorCount: f.indicators.length });
  }

  const cw = checked<CrosswalkFile>('crosswalk.json', 'crosswalk', readDoc(dir, 'crosswalk.json'));
  const groupIds = new Set<string>();
  const links = new Map<string, string[]>();
  cw.groups.forEach((g, gi) => {
    if (groupIds.has(g.id)) fail('crosswalk.json', `/groups/${gi}/id`, `group "${g.id}" is defined twice`, `nhóm "${g.id}" được định nghĩa hai lần`);
    groupIds.add(g.id);
    const inGroup = new Set<string>();
    g.links.forEach((l, li) => {
      const at = `/groups/${gi}/links/${li}/id`;
      if (!byId.has(l.id)) fail('crosswalk.json', at, `"${l.id}" is not an indicator of any catalog`, `"${l.id}" không phải chỉ số của danh mục nào`);
      if (inGroup.has(l.id)) fail('crosswalk.json', at, `"${l.id}" appears twice in group "${g.id}"`, `"${l.id}" xuất hiện hai lần trong nhóm "${g.id}"`);
      inGroup.add(l.id);
    });
    for (const id of inGroup) {
      const list = links.get(id) ?? [];
      for (const other of inGroup) if (other !== id && !list.includes(other)) list.push(other);
      links.set(id, list);
    }
  });

  return {
    frameworks,
    indicators,
    byId,
    linked: (id: string) => [...(links.get(id) ?? [])],
    crosswalk: cw.groups,
  };
}

let cache: Catalogs | undefined;

/** The catalogs, read and checked once per process; a bad file throws DOTHI_CATALOG_INVALID naming
 *  the file and the JSON pointer. `dir` (a folder laid out like catalogs/, with schema/ beside) is
 *  for tests and tools; it is not cached. */
export function loadCatalogs(dir?: URL): Catalogs {
  if (dir) return build(dir);
  cache ??= build(CATALOGS_DIR);
  return cache;
}

/** Checks a workspace's custom indicator against the catalogs' indicator schema, and that it is
 *  one: framework "custom", id custom:<slug>. Throws DOTHI_INDICATOR_INVALID with the JSON pointer. */
export function validateIndicator(entry: unknown): IndicatorEntry {
  const v = checkSchema('indicator', entry);
  const invalid = (path: string, en: string, vi: string): never => {
    throw new DothiError('DOTHI_INDICATOR_INVALID', { path: showPointer(path), detail: en, detail_vi: vi });
  };
  if (v) invalid(v.path, v.en, v.vi);
  const e = entry as IndicatorEntry;
  if (e.framework !== 'custom') {
    invalid('/framework', `must be "custom" for a workspace's own indicator, not "${e.framework}"`, `phải là "custom" với chỉ số riêng của không gian làm việc, không phải "${e.framework}"`);
  }
  if (!CUSTOM_SLUG.test(e.code)) {
    invalid('/code', 'must be a slug: lower-case letters, digits, _ and - (1-63 characters)', 'phải là chuỗi định danh: chữ thường, chữ số, _ và - (1-63 ký tự)');
  }
  if (e.id !== `custom:${e.code}`) invalid('/id', `must be "custom:${e.code}"`, `phải là "custom:${e.code}"`);
  return e;
}
