// Text PostgreSQL can store, checked against PostgreSQL itself (PGlite): what toJsonb writes is
// accepted by jsonb and reads back as the storable form; the raw JSON of the same values is refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { isStorable, storable, toJsonb } from '../../src/store/jsonb.ts';

let store: TestStore;
before(async () => {
  store = await openTestStore('embedded');
});
after(async () => store?.close());

const HOSTILE = { 'na\u0000me': 'Đường\u0000 Lê Lợi', lone: 'a\uD800b', low: '\uDC00x', pair: '😀', nested: [{ v: 'x\u0000' }], n: 1.5, none: null };

test('PostgreSQL refuses NUL and lone surrogates in jsonb; toJsonb makes them storable and keeps the rest', async () => {
  await assert.rejects(store.db.query('select $1::jsonb j', [JSON.stringify({ a: 'x\u0000' })]));
  await assert.rejects(store.db.query('select $1::jsonb j', [JSON.stringify({ a: 'x\uD800' })]));
  const { rows } = await store.db.query<{ j: unknown }>('select $1::jsonb j', [toJsonb(HOSTILE)]);
  assert.deepEqual(rows[0]?.j, { name: 'Đường Lê Lợi', lone: 'a\uFFFDb', low: '\uFFFDx', pair: '😀', nested: [{ v: 'x' }], n: 1.5, none: null });
});

test('clean values pass through as plain JSON, byte for byte', () => {
  const clean = { name: 'Quận 1', emoji: '😀', path: 'C:\\\\u0000dir' };
  assert.equal(toJsonb(clean), JSON.stringify(clean));
  assert.ok(isStorable('😀') && !isStorable('\uD83D') && !isStorable('a\u0000'));
  assert.equal(storable('\uDE00\uD83D\uDE00'), '\uFFFD😀');
});
