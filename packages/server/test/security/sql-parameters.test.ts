// Parameterised SQL only: every piece of SQL the server sends is read from its source with the
// TypeScript parser, and a value may enter it only as a $n parameter. Text spliced into SQL must be
// one of: a placeholder number (`$${n}`), a module constant in UPPER_CASE (a fixed fragment), a
// choice between two literal fragments, or an entry of REVIEWED below, each saying why no user
// input can reach it. Any new splice fails this test until someone reviews it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** file (relative to packages/server/src) → spliced expression → why it is safe. */
const REVIEWED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'store/backup.ts': { latest: 'a number: the highest migration version this release knows' },
  'store/checksums.ts': {
    row: '`x` or row(x."col", ...) of column names read from information_schema, quoted as identifiers',
    'quoteIdent(t)': 'table names read from information_schema, quoted as identifiers',
  },
  'store/layers.ts': {
    sql: 'filterSql output: fixed text plus $n placeholders; property names and values are parameters',
    "[...order, 'fid'].join(', ')": 'sort keys are `nullif(props->$n, ...) asc|desc`: the property name is a parameter',
  },
  'monitoring/observations.ts': { 'w.sql': 'where-builder output: fixed column comparisons with $n placeholders' },
  'monitoring/targets.ts': { sql: 'fixed select plus `and column = $n` clauses' },
  'monitoring/results.ts': { cond: 'fixed comparisons with $n placeholders' },
};

const SQL_START = /^\s*(?:(?:select|insert\s+into|update\s+\w+\s+set|delete\s+from|with\s+\w+\s+as|create|alter|drop|truncate)\b|do\s+\$\$)/i;
/** Fixed text that reads as part of a query: a placeholder, a JSON property access, or a comparison left open. */
const SQL_PART = /\$\d|props->|\b(where|and|or)\s+[\w.]+\s*(=|<>|<=|>=|<|>|like|ilike)\s*'?$/i;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Splice {
  file: string;
  line: number;
  expr: string;
}

/** Is this template SQL? It goes to .query(), or its fixed text reads as SQL. */
function isSqlTemplate(node: ts.TemplateExpression): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'query') return true;
  const texts = [node.head.text, ...node.templateSpans.map((sp) => sp.literal.text)];
  return SQL_START.test(node.head.text) || texts.some((t) => SQL_PART.test(t));
}

function allowed(span: ts.TemplateSpan, before: string): boolean {
  const e = span.expression;
  // `$${n}`: a placeholder number.
  if (before.endsWith('$')) return true;
  if (ts.isIdentifier(e) && /^[A-Z][A-Z0-9_]*$/.test(e.text)) return true;
  // A choice between fixed fragments: `${desc ? 'desc' : 'asc'}`.
  if (ts.isConditionalExpression(e) && ts.isStringLiteral(e.whenTrue) && ts.isStringLiteral(e.whenFalse)) return true;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /^[A-Z][A-Z0-9_]*$/.test(e.expression.text) && e.arguments.every((a) => ts.isStringLiteral(a))) return true;
  return false;
}

function splices(file: string): { spliced: Splice[]; concatenated: Splice[] } {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  const spliced: Splice[] = [];
  const concatenated: Splice[] = [];
  const at = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node) && isSqlTemplate(node)) {
      let before = node.head.text;
      for (const span of node.templateSpans) {
        if (!allowed(span, before)) spliced.push({ file: rel, line: at(span.expression), expr: span.expression.getText(sf) });
        before = span.literal.text;
      }
    }
    // 'select … ' + value: concatenation is never reviewed; use a template with $n instead.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const lits = [node.left, node.right].filter((x): x is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral => ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x));
      if (lits.some((l) => SQL_START.test(l.text) || /\b(where|and)\s+\w+\s*=\s*$/i.test(l.text))) concatenated.push({ file: rel, line: at(node), expr: node.getText(sf).slice(0, 80) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { spliced, concatenated };
}

test('no value is spliced into SQL text: placeholders, fixed fragments and reviewed identifiers only', () => {
  const all = files(SRC).map(splices);
  const unreviewed = all.flatMap((s) => s.spliced).filter((s) => REVIEWED[s.file]?.[s.expr] === undefined);
  assert.deepEqual(unreviewed.map((s) => `${s.file}:${s.line}: \${${s.expr}}`), []);
  assert.deepEqual(all.flatMap((s) => s.concatenated).map((s) => `${s.file}:${s.line}: ${s.expr}`), []);
  // Every review still points at code that exists: a stale entry would silently allow a new splice.
  const seen = new Set(all.flatMap((s) => s.spliced).map((s) => `${s.file}|${s.expr}`));
  const stale = Object.entries(REVIEWED).flatMap(([f, m]) => Object.keys(m).map((e) => `${f}|${e}`)).filter((k) => !seen.has(k));
  assert.deepEqual(stale, []);
});

test('the scan finds splices: it flags a value in a WHERE clause, a concatenation, and passes placeholders', () => {
  const tmp = fs.mkdtempSync(path.join(SRC, '..', '.sql-scan-'));
  const f = path.join(tmp, 'probe.ts');
  try {
    fs.writeFileSync(f, [
      'declare const db: { query(s: string, p?: unknown[]): Promise<unknown> };',
      'export async function bad(name: string, n: number) {',
      '  await db.query(`select * from layer where name = \'${name}\'`);',
      '  await db.query("select * from layer where name = \'" + name + "\'");',
      '  const cond = `workspace_id = $1 and kind = ${name}`;',
      '  await db.query(`select * from layer where layer_id = $${n}`, [name]);',
      '  return cond;',
      '}',
    ].join('\n'));
    const r = splices(f);
    assert.deepEqual(r.spliced.map((s) => [s.line, s.expr]), [[3, 'name'], [5, 'name']]);
    assert.equal(r.concatenated.length, 1);
    assert.equal(r.concatenated[0]?.line, 4);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
