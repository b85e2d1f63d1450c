// The indicator catalogs in catalogs/: every file against its JSON Schema, the counts each issuing
// body publishes, ids, calculators, both languages, the crosswalk, and the coded errors a bad custom
// indicator or a bad catalog file gives. The raw files are read here independently of the loader,
// so the loader's own checks are tested rather than trusted.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CALCULATORS, DothiError } from '@dothi/engine';
import { CATALOGS_DIR, checkSchema } from '../../src/indicators/catalog-schemas.ts';
import { loadCatalogs, validateIndicator } from '../../src/indicators/catalogs.ts';
import type { IndicatorEntry } from '../../src/indicators/catalogs.ts';

const dir = fileURLToPath(CATALOGS_DIR);
const frameworkFiles = fs.readdirSync(path.join(dir, 'frameworks')).filter((n) => n.endsWith('.json')).sort();
const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8')) as unknown;

interface RawFramework {
  framework: { id: string; levels: Array<{ id: string; items: Array<{ code: string; name: { en: string }; contentAvailable?: boolean; note?: unknown; parent?: string }> }> };
  indicators: IndicatorEntry[];
}
const raw = new Map(frameworkFiles.map((f) => [f.replace(/\.json$/, ''), readJson(`frameworks/${f}`) as RawFramework]));
const fw = (id: string): RawFramework => {
  const f = raw.get(id);
  assert.ok(f, `catalogs/frameworks/${id}.json exists`);
  return f;
};
const crosswalk = readJson('crosswalk.json') as { groups: Array<{ id: string; links: Array<{ id: string }> }> };

// The calculator ids helper CALC implements (issue 5 §2; the brief's fixed list).
const CALCULATOR_IDS = [
  'population_density', 'built_up_share', 'green_space_per_capita', 'green_space_share', 'transit_stop_500m_share',
  'primary_school_10min_share', 'health_facility_10min_share', 'park_10min_share', 'land_use_mix_entropy',
  'intersection_density', 'street_network_density', 'building_coverage_ratio', 'floor_area_ratio',
  'public_open_space_share', 'innovation_near_university_share',
];

const count = <T>(xs: readonly T[], key: (x: T) => string): Record<string, number> => {
  const m: Record<string, number> = {};
  for (const x of xs) m[key(x)] = (m[key(x)] ?? 0) + 1;
  return m;
};

describe('catalog files', () => {
  test('every framework file and the crosswalk validate against their JSON Schemas', () => {
    assert.ok(frameworkFiles.length >= 8, `found ${frameworkFiles.join(', ')}`);
    for (const f of frameworkFiles) assert.equal(checkSchema('framework', readJson(`frameworks/${f}`)), null, f);
    assert.equal(checkSchema('crosswalk', crosswalk), null);
    for (const [id, f] of raw) for (const e of f.indicators) assert.equal(checkSchema('indicator', e), null, `${id}: ${e.id}`);
  });

  test('the schemas reject what they should (a check that can fail)', () => {
    const good = fw('u4ssc').indicators[0]!;
    assert.equal(checkSchema('indicator', good), null);
    assert.deepEqual(checkSchema('indicator', { ...good, unit: undefined })?.path, '/unit');
    assert.deepEqual(checkSchema('indicator', { ...good, direction: 0 })?.path, '/direction');
    assert.deepEqual(checkSchema('indicator', { ...good, name: { en: 'x', vi: '  ' } })?.path, '/name/vi');
    assert.deepEqual(checkSchema('crosswalk', { groups: [{ id: 'a', name: { en: 'a', vi: 'ă' }, links: [] }] })?.path, '/groups/0/links');
  });

  test('the loader reads them all and agrees with the files', () => {
    const c = loadCatalogs();
    const total = [...raw.values()].reduce((n, f) => n + f.indicators.length, 0);
    assert.equal(c.indicators.length, total);
    assert.equal(c.byId.size, total);
    assert.deepEqual(c.frameworks.map((f) => f.id).sort(), [...raw.keys()].sort());
    for (const f of c.frameworks) assert.equal(f.indicatorCount, fw(f.id).indicators.length, f.id);
    assert.equal(loadCatalogs(), c, 'read once and cached');
  });

  test('ids are globally unique and read <framework>:<code>', () => {
    const seen = new Set<string>();
    for (const [id, f] of raw) {
      assert.equal(f.framework.id, id, 'file named after its framework');
      for (const e of f.indicators) {
        assert.ok(!seen.has(e.id), `duplicate ${e.id}`);
        seen.add(e.id);
        assert.equal(e.framework, id);
        assert.equal(e.id, `${id}:${e.code}`);
      }
    }
  });

  test('every entry names its source', () => {
    for (const f of raw.values()) {
      for (const e of f.indicators) {
        assert.ok(e.source.title.trim() && e.source.publisher.trim(), e.id);
        // An unknown unit must say why.
        if (e.unit === null) assert.ok(e.note, `${e.id}: unit null without a note`);
      }
    }
  });

  test('calculators are only the ids dothi implements, and the dothi entries match the engine registry', () => {
    const used = new Set<string>();
    for (const f of raw.values()) for (const e of f.indicators) if (e.calculator) {
      assert.ok(CALCULATOR_IDS.includes(e.calculator), `${e.id}: ${e.calculator}`);
      used.add(e.calculator);
    }
    assert.deepEqual([...used].sort(), [...CALCULATOR_IDS].sort(), 'every calculator appears in some entry');
    assert.deepEqual(Object.keys(CALCULATORS).sort(), [...CALCULATOR_IDS].sort(), 'the engine registry has the same ids');
    for (const e of fw('dothi').indicators) {
      const calc = CALCULATORS[e.code];
      assert.ok(calc, e.code);
      assert.equal(e.calculator, e.code);
      assert.equal(e.unit, calc.unit, `${e.id}: unit as the calculator reports it`);
      assert.deepEqual(e.name, calc.name, `${e.id}: name as the calculator has it`);
    }
  });

  test('every text has English and Vietnamese, and the Vietnamese is a translation with diacritics', () => {
    // Vietnamese-only letters (tone marks and ă â đ ê ô ơ ư): a Vietnamese sentence without any is
    // almost surely English copied over or diacritics stripped.
    const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
    let texts = 0;
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}/${i}`));
      if (v === null || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.en === 'string' || typeof o.vi === 'string') {
        assert.ok(typeof o.en === 'string' && o.en.trim(), `${at}: en`);
        assert.ok(typeof o.vi === 'string' && o.vi.trim(), `${at}: vi`);
        assert.notEqual(o.vi, o.en, `${at}: vi equals en`);
        assert.match(o.vi as string, vietnamese, `${at}: vi has no Vietnamese letters: ${String(o.vi)}`);
        texts++;
        return;
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${at}/${k}`);
    };
    for (const [id, f] of raw) walk(f, id);
    walk(crosswalk, 'crosswalk');
    assert.ok(texts > 600, `${texts} texts checked`);
  });
});

describe('U4SSC', () => {
  const u = () => fw('u4ssc').indicators;

  test('91 KPIs: 55 core and 36 advanced, by dimension as published', () => {
    // ITU, "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities" (2017):
    // 91 KPIs, each core (C) or advanced (A). Counts per dimension from the KPI list
    // (../shared/reference/domain-facts.md §A3): Economy 45 (24 C / 21 A), Environment 17 (12 C / 5 A),
    // Society and Culture 29 (19 C / 10 A); total 55 core + 36 advanced.
    assert.equal(u().length, 91);
    assert.deepEqual(count(u(), (e) => e.level ?? 'none'), { core: 55, advanced: 36 });
    assert.deepEqual(count(u(), (e) => `${e.dimension?.en} ${e.level}`), {
      'Economy core': 24, 'Economy advanced': 21,
      'Environment core': 12, 'Environment advanced': 5,
      'Society and Culture core': 19, 'Society and Culture advanced': 10,
    });
    // The level is the KPI number's last letter, as ITU writes it (EC: ICT: ICT: 1C is core).
    for (const e of u()) assert.equal(e.level, e.code.endsWith('C') ? 'core' : 'advanced', e.id);
    assert.ok(fw('u4ssc').indicators.some((e) => e.id === 'u4ssc:EC-ICT-ICT-1C'));
  });

  test('3 dimensions, 7 sub-dimensions and 22 categories named as ITU names them', () => {
    // ITU, "U4SSC KPIs Verification Manual — A guide for verifiers" (2022), §3.2 "Overall Structure".
    const distinct = (k: 'dimension' | 'subDimension' | 'category') => [...new Set(u().map((e) => e[k]?.en))].sort();
    assert.deepEqual(distinct('dimension'), ['Economy', 'Environment', 'Society and Culture']);
    assert.deepEqual(distinct('subDimension'), [
      'Education, Health and Culture', 'Energy', 'Environment', 'ICT', 'Infrastructure', 'Productivity', 'Safety, Housing and Social Inclusion',
    ]);
    assert.deepEqual(distinct('category'), [
      'Air Quality', 'Buildings', 'Culture', 'Drainage', 'Education', 'Electricity Supply', 'Employment', 'Energy',
      'Environmental Quality', 'Food Security', 'Health', 'Housing', 'ICT Infrastructure', 'Innovation', 'Public Sector',
      'Public Space and Nature', 'Safety', 'Social Inclusion', 'Transport', 'Urban Planning', 'Waste', 'Water and Sanitation',
    ]);
  });

  test('KPI numbers follow ITU: Dimension-SubDimension-Category-nC|A, numbered from 1 within each category', () => {
    const byCat = new Map<string, number[]>();
    for (const e of u()) {
      const m = /^(EC|EN|SC)-([A-Z]+)-([A-Z]+)-(\d+)([CA])$/.exec(e.code);
      assert.ok(m, e.code);
      const key = `${m[1]}-${m[2]}-${m[3]}`;
      byCat.set(key, [...(byCat.get(key) ?? []), Number(m[4])]);
    }
    for (const [k, ns] of byCat) assert.deepEqual(ns, ns.map((_, i) => i + 1), `${k} numbered 1..n`);
  });
});

describe('GGGI Green Growth Index', () => {
  test('36 indicators in 16 categories and 4 dimensions, each with unit and direction', () => {
    // GGGI, greengrowthindex.gggi.org/?page_id=868: "36 indicators for four green growth dimensions";
    // 16 indicator categories: GGGI Technical Report No. 5 (2019) via ../shared/reference/domain-facts.md §A5.
    const g = fw('gggi-ggi');
    assert.equal(g.indicators.length, 36);
    assert.equal(new Set(g.indicators.map((e) => e.category?.en)).size, 16);
    assert.deepEqual([...new Set(g.indicators.map((e) => e.dimension?.en))].sort(), [
      'Efficient and sustainable resource use', 'Green economic opportunities', 'Natural capital protection', 'Social inclusion',
    ]);
    for (const e of g.indicators) {
      assert.ok(e.unit, e.id);
      assert.ok(e.direction === 1 || e.direction === -1, e.id);
    }
    // Each category sits in exactly one dimension, as the framework's levels declare.
    const catDim = new Map<string, Set<string>>();
    for (const e of g.indicators) catDim.set(e.category!.en, (catDim.get(e.category!.en) ?? new Set()).add(e.dimension!.en));
    for (const [c, ds] of catDim) assert.equal(ds.size, 1, c);
  });
});

describe('national and other frameworks', () => {
  test('Decision 1658/QĐ-TTg targets carry value, year, comparator and an exact source', () => {
    const v = fw('vn-nggs-2021-2030').indicators;
    const withTargets = v.filter((e) => e.targets?.length);
    assert.ok(withTargets.length >= 10);
    for (const e of withTargets) for (const t of e.targets!) {
      assert.ok(t.year === 2030 || t.year === 2050, `${e.id} ${t.year}`);
      assert.match(t.source, /1658\/QĐ-TTg/);
    }
    // tapchicongthuong.vn quoting the Decision: GHG intensity per GDP down at least 15 % (2030) and 30 % (2050) vs 2014.
    assert.deepEqual(v.find((e) => e.code === 'ghg-intensity-reduction')?.targets?.map((t) => [t.value, t.year, t.comparator]), [[15, 2030, '>='], [30, 2050, '>=']]);
    // Conflicting sources (30 % vs 50 %): no target, and the note says why.
    const digital = v.find((e) => e.code === 'digital-economy-share');
    assert.equal(digital?.targets, undefined);
    assert.match(digital?.note?.en ?? '', /disagree/);
  });

  test('national smart-city sets are recorded with what is known and that their content is not available', () => {
    const s = fw('vn-smart-city');
    assert.equal(s.indicators.length, 0);
    const sets = s.framework.levels.find((l) => l.id === 'set')!.items;
    assert.ok(sets.length >= 3);
    for (const i of sets) {
      assert.equal(i.contentAvailable, false, i.code);
      assert.ok(i.note, i.code);
    }
  });

  test('frameworks without an indicator list still give their structure', () => {
    // OECD 2020 scoping note: three pillars; UN-Habitat CPI: six dimensions; ISO 37120:2018: 19 themes.
    assert.equal(fw('oecd-smart-city').framework.levels[0]!.items.length, 3);
    assert.equal(fw('un-habitat-cpi').framework.levels[0]!.items.length, 6);
    assert.equal(fw('iso-37120').framework.levels[0]!.items.length, 19);
  });
});

describe('crosswalk', () => {
  test('every linked id exists, and links are symmetric', () => {
    const c = loadCatalogs();
    for (const g of crosswalk.groups) {
      for (const l of g.links) assert.ok(c.byId.has(l.id), `${g.id}: ${l.id}`);
      for (const a of g.links) for (const b of g.links) if (a.id !== b.id) {
        assert.ok(c.linked(a.id).includes(b.id), `${a.id} → ${b.id}`);
      }
    }
  });

  test('green area per capita links U4SSC, ISO 37120 and SDG 11.7 (the issue\'s example)', () => {
    const linked = loadCatalogs().linked('u4ssc:EN-EN-PSN-1C');
    for (const id of ['iso-37120:2018-21.1', 'sdg:11.7.1', 'dothi:green_space_per_capita']) assert.ok(linked.includes(id), id);
    assert.ok(!linked.includes('u4ssc:EN-EN-PSN-1C'), 'not linked to itself');
    assert.deepEqual(loadCatalogs().linked('u4ssc:SC-SH-FS-1A'), [], 'an unlinked id has no links');
  });
});

const customOk = {
  id: 'custom:tree-canopy', framework: 'custom', code: 'tree-canopy',
  name: { en: 'Tree canopy cover', vi: 'Độ che phủ tán cây' }, unit: '%', direction: 1,
  source: { title: 'Da Nang tree survey', publisher: 'Da Nang DONRE', year: 2024 },
};

function invalidAt(entry: unknown): { path: unknown; en: string; vi: string } {
  try {
    validateIndicator(entry);
  } catch (e) {
    assert.ok(e instanceof DothiError);
    assert.equal(e.code, 'DOTHI_INDICATOR_INVALID');
    assert.equal(e.status, 400);
    return { path: e.details.path, en: e.message, vi: e.message_vi() };
  }
  assert.fail('expected DOTHI_INDICATOR_INVALID');
}

describe('custom indicators', () => {
  test('a valid custom indicator passes unchanged', () => {
    assert.deepEqual(validateIndicator(structuredClone(customOk)), customOk);
    assert.deepEqual(validateIndicator({ ...customOk, calculator: 'park_10min_share', targets: [{ value: 30, year: 2030, comparator: '>=', source: 'city plan' }] }).calculator, 'park_10min_share');
  });

  test('an invalid one gives DOTHI_INDICATOR_INVALID naming the JSON pointer and the problem, in both languages', () => {
    const { name: _n, ...noName } = customOk;
    let r = invalidAt(noName);
    assert.equal(r.path, '/name');
    assert.match(r.en, /at \/name: "name" is required/);
    assert.match(r.vi, /tại \/name: thiếu trường bắt buộc "name"/);

    r = invalidAt({ ...customOk, name: { en: 'Tree canopy cover' } });
    assert.equal(r.path, '/name/vi');

    r = invalidAt({ ...customOk, colour: 'green' });
    assert.equal(r.path, '/colour');
    assert.match(r.en, /"colour" is not an allowed field/);

    r = invalidAt({ ...customOk, calculator: 'tree_canopy' });
    assert.equal(r.path, '/calculator');
    assert.match(r.en, /must be one of "population_density"/);

    r = invalidAt({ ...customOk, targets: [{ value: '30', year: 2030, comparator: '>=', source: 'x' }] });
    assert.equal(r.path, '/targets/0/value');
    assert.match(r.vi, /phải có kiểu number/);

    r = invalidAt({ ...customOk, source: { title: 't', publisher: 'p', year: 2024, url: 'not a url' } });
    assert.equal(r.path, '/source/url');

    r = invalidAt('tree canopy');
    assert.equal(r.path, '#');
  });

  test('it must be a workspace\'s own indicator: framework custom, id custom:<slug>', () => {
    assert.equal(invalidAt({ ...customOk, framework: 'u4ssc', id: 'u4ssc:tree-canopy' }).path, '/framework');
    assert.equal(invalidAt({ ...customOk, code: 'Tree_Canopy', id: 'custom:Tree_Canopy' }).path, '/code');
    assert.equal(invalidAt({ ...customOk, id: 'custom:canopy' }).path, '/id');
  });
});

describe('a bad catalog file', () => {
  // A copy of catalogs/ with one defect each time: the loader names the file and the pointer.
  function withDefect(edit: (root: string) => void): DothiError {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-catalogs-'));
    try {
      fs.cpSync(dir, root, { recursive: true });
      edit(root);
      try {
        loadCatalogs(pathToFileURL(root + path.sep));
      } catch (e) {
        assert.ok(e instanceof DothiError);
        assert.equal(e.code, 'DOTHI_CATALOG_INVALID');
        return e;
      }
      return assert.fail('expected DOTHI_CATALOG_INVALID');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  const rewrite = (root: string, rel: string, f: (doc: Record<string, unknown>) => void): void => {
    const p = path.join(root, rel);
    const doc = JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, unknown>;
    f(doc);
    fs.writeFileSync(p, JSON.stringify(doc));
  };

  test('the copy itself loads (so each defect below is what fails)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-catalogs-'));
    fs.cpSync(dir, root, { recursive: true });
    assert.equal(loadCatalogs(pathToFileURL(root + path.sep)).indicators.length, loadCatalogs().indicators.length);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('schema violation, duplicate id, undeclared category, dangling crosswalk link, unknown parent, broken JSON', () => {
    let e = withDefect((r) => rewrite(r, 'frameworks/gggi-ggi.json', (d) => { (d.indicators as Array<Record<string, unknown>>)[3]!.direction = 2; }));
    assert.deepEqual([e.details.file, e.details.path], ['frameworks/gggi-ggi.json', '/indicators/3/direction']);

    e = withDefect((r) => rewrite(r, 'frameworks/sdg.json', (d) => {
      const xs = d.indicators as Array<Record<string, unknown>>;
      xs[1] = { ...xs[1], id: 'sdg:3.6.1', code: '3.6.1' };
    }));
    assert.deepEqual([e.details.file, e.details.path], ['frameworks/sdg.json', '/indicators/1/id']);

    e = withDefect((r) => rewrite(r, 'frameworks/u4ssc.json', (d) => {
      (d.indicators as Array<Record<string, unknown>>)[0]!.category = { en: 'Telecoms', vi: 'Viễn thông' };
    }));
    assert.deepEqual([e.details.path], ['/indicators/0/category/en']);

    e = withDefect((r) => rewrite(r, 'crosswalk.json', (d) => {
      ((d.groups as Array<{ links: Array<{ id: string }> }>)[0]!.links[0]!).id = 'u4ssc:EN-EN-PSN-9C';
    }));
    assert.deepEqual([e.details.file, e.details.path], ['crosswalk.json', '/groups/0/links/0/id']);
    assert.match(e.message_vi(), /không phải chỉ số của danh mục nào/);

    e = withDefect((r) => rewrite(r, 'frameworks/gggi-ggi.json', (d) => {
      const levels = (d.framework as { levels: Array<{ items: Array<{ parent?: string }> }> }).levels;
      levels[1]!.items[0]!.parent = 'XX';
    }));
    assert.deepEqual([e.details.path], ['/framework/levels/1/items/0/parent']);

    e = withDefect((r) => fs.writeFileSync(path.join(r, 'frameworks/dothi.json'), '{ "framework": '));
    assert.equal(e.details.file, 'frameworks/dothi.json');
  });
});
