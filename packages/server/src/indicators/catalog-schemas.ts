// The JSON Schemas of catalogs/schema compiled once with Ajv (draft 2020-12), and the first schema
// violation of a document turned into a JSON pointer plus a reason in English and Vietnamese, so a
// bad custom indicator or catalog file says exactly where and what is wrong in both languages.

import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export const CATALOGS_DIR = new URL('../../../../catalogs/', import.meta.url);

export type SchemaName = 'indicator' | 'framework' | 'crosswalk';

export interface SchemaViolation {
  /** JSON pointer (RFC 6901) of the offending value; '' is the whole document. */
  path: string;
  en: string;
  vi: string;
}

let compiled: Record<SchemaName, ValidateFunction> | undefined;

function readJson(url: URL): unknown {
  return JSON.parse(fs.readFileSync(url, 'utf8')) as unknown;
}

function validators(): Record<SchemaName, ValidateFunction> {
  if (compiled) return compiled;
  // allErrors off: the first violation is the one reported, and validation stops there.
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  const dir = new URL('schema/', CATALOGS_DIR);
  const ids = {} as Record<SchemaName, string>;
  for (const name of ['indicator', 'framework', 'crosswalk'] as const) {
    const schema = readJson(new URL(`${name}.schema.json`, dir)) as { $id: string };
    ajv.addSchema(schema);
    ids[name] = schema.$id;
  }
  const get = (name: SchemaName): ValidateFunction => {
    const v = ajv.getSchema(ids[name]);
    if (!v) throw new Error(`schema ${name} did not compile`);
    return v;
  };
  compiled = { indicator: get('indicator'), framework: get('framework'), crosswalk: get('crosswalk') };
  return compiled;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}

/** One Ajv error as a pointer to the value at fault and a reason in both languages. */
export function describeViolation(e: ErrorObject): SchemaViolation {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const prop = String(p.missingProperty);
      return { path: `${e.instancePath}/${escapePointer(prop)}`, en: `"${prop}" is required`, vi: `thiếu trường bắt buộc "${prop}"` };
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return { path: `${e.instancePath}/${escapePointer(prop)}`, en: `"${prop}" is not an allowed field`, vi: `"${prop}" không phải trường được phép` };
    }
    case 'type':
      return { path: e.instancePath, en: `must be of type ${String(p.type)}`, vi: `phải có kiểu ${String(p.type)}` };
    case 'enum':
      return { path: e.instancePath, en: `must be one of ${listOf(p.allowedValues)}`, vi: `phải là một trong các giá trị ${listOf(p.allowedValues)}` };
    case 'const':
      return { path: e.instancePath, en: `must be ${JSON.stringify(p.allowedValue)}`, vi: `phải bằng ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return { path: e.instancePath, en: `must match the pattern ${String(p.pattern)}`, vi: `phải khớp mẫu ${String(p.pattern)}` };
    case 'minLength':
      return { path: e.instancePath, en: `must have at least ${String(p.limit)} characters`, vi: `phải có ít nhất ${String(p.limit)} ký tự` };
    case 'maxLength':
      return { path: e.instancePath, en: `must have at most ${String(p.limit)} characters`, vi: `chỉ được có tối đa ${String(p.limit)} ký tự` };
    case 'minItems':
      return { path: e.instancePath, en: `must have at least ${String(p.limit)} items`, vi: `phải có ít nhất ${String(p.limit)} phần tử` };
    case 'maxItems':
      return { path: e.instancePath, en: `must have at most ${String(p.limit)} items`, vi: `chỉ được có tối đa ${String(p.limit)} phần tử` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: e.instancePath, en: `must be ${String(p.comparison)} ${String(p.limit)}`, vi: `phải ${String(p.comparison)} ${String(p.limit)}` };
    default:
      return { path: e.instancePath, en: e.message ?? e.keyword, vi: `vi phạm ràng buộc "${e.keyword}" của lược đồ` };
  }
}

/** Null when the document is valid, otherwise its first violation. */
export function checkSchema(name: SchemaName, doc: unknown): SchemaViolation | null {
  const v = validators()[name];
  if (v(doc)) return null;
  const first = v.errors?.[0];
  return first ? describeViolation(first) : { path: '', en: 'invalid', vi: 'không hợp lệ' };
}

/** The pointer as shown in messages: the empty pointer (the whole document) reads "#", its URI-fragment form. */
export function showPointer(path: string): string {
  return path === '' ? '#' : path;
}
