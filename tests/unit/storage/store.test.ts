import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { allWrites, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import fc from 'fast-check';
import {
  BLOCK_COUNT,
  blockOf,
  blocksOfRows,
  emptyMeta,
  isPackedCells,
  isStoredBlock,
  byIndicator,
  mergeBlock,
  packCells,
  PlaceMemo,
  eachPackedResolved,
  packedBlock,
  unpackCells,
  type StoredBlock,
  isStoredMeta,
  isStoredRow,
  LOG_LENGTH,
  nextMeta,
  rowsOfBlock,
  rowsToCatchUp,
  type StoredMeta,
  type StoredRow,
} from '../../../src/storage/store.ts';

const meta = (revision: number, log: StoredMeta['log']): StoredMeta => ({ ...emptyMeta('w', '1'), revision, log });

describe('rowsToCatchUp', () => {
  const CASES: { name: string; m: StoredMeta; known: number; want: string[] | null }[] = [
    { name: 'up to date', m: meta(3, [{ revision: 3, indicators: ['a'] }]), known: 3, want: [] },
    { name: 'one revision behind', m: meta(3, [{ revision: 2, indicators: ['a'] }, { revision: 3, indicators: ['b'] }]), known: 2, want: ['b'] },
    { name: 'two behind, rows merged', m: meta(3, [{ revision: 2, indicators: ['a', 'b'] }, { revision: 3, indicators: ['b'] }]), known: 1, want: ['a', 'b'] },
    { name: 'a structural revision forces a full read', m: meta(3, [{ revision: 2, indicators: null }, { revision: 3, indicators: ['b'] }]), known: 1, want: null },
    { name: 'log trimmed past what we know: full read', m: meta(10, [{ revision: 9, indicators: ['a'] }, { revision: 10, indicators: ['b'] }]), known: 5, want: null },
    { name: 'a gap in the log: full read', m: meta(4, [{ revision: 2, indicators: ['a'] }, { revision: 4, indicators: ['b'] }]), known: 1, want: null },
  ];
  it.each(CASES)('$name', ({ m, known, want }) => {
    const got = rowsToCatchUp(m, known);
    expect(got === null ? null : [...got].sort()).toEqual(want);
  });

  it('nextMeta logs touched rows, marks structural writes and keeps the log bounded', () => {
    let m = emptyMeta('w', '1');
    for (let i = 0; i < LOG_LENGTH + 5; i++) m = nextMeta(m, { cells: [] }, ['x']);
    expect(m.log).toHaveLength(LOG_LENGTH);
    expect(m.revision).toBe(LOG_LENGTH + 5);
    m = nextMeta(m, { cells: [], meta: { periods: ['2019', '2020'] } }, []);
    expect(m.log.at(-1)).toEqual({ revision: LOG_LENGTH + 6, indicators: null });
    expect(m.periods).toEqual(['2019', '2020']);
  });
});

describe('type guards for records read back from IndexedDB', () => {
  const good = emptyMeta('default', '2019.1');
  const BAD_META: [string, unknown][] = [
    ['null', null],
    ['an array', []],
    ['periods not a list', { ...good, periods: '2019' }],
    ['a period that is not a year', { ...good, periods: ['19'] }],
    ['unknown language', { ...good, prefs: { lang: 'fr' } }],
    ['future format', { ...good, formatVersion: 2 }],
    ['revision as text', { ...good, revision: '3' }],
    ['malformed log entry', { ...good, log: [{ revision: 1, indicators: 'a' }] }],
    ['malformed custom indicator', { ...good, customIndicators: [{ id: 'X!' }] }],
  ];
  it('accepts a well-formed meta record', () => expect(isStoredMeta(good)).toBe(true));
  it.each(BAD_META)('rejects a meta record with %s', (_, m) => expect(isStoredMeta(m)).toBe(false));
  it('checks rows cell by cell', () => {
    expect(isStoredRow({ workbook: 'w', indicator: 'a', cells: { 2019: { raw: '1', source: 's' } } })).toBe(true);
    expect(isStoredRow({ workbook: 'w', indicator: 'a', cells: { 2019: { raw: 1 } } })).toBe(false);
    expect(isStoredRow({ workbook: 'w', indicator: 'a', cells: { 2019: { raw: '1', derived: 'yes' } } })).toBe(false);
    expect(isStoredRow({ workbook: 'w', cells: {} })).toBe(false);
  });
});

describe('blocks: how rows are grouped into IndexedDB records', () => {
  // Stored databases depend on these numbers: a row is looked up in the block its id hashes to, so the
  // hash must never change without a migration. (FNV-1a 32-bit: "a" → 0xe40c292c, "" → 0x811c9dc5.)
  const PINNED: [string, number][] = [
    ['', 0x811c9dc5 % 1024],
    ['a', 0xe40c292c % 1024],
    ['schools_total', 387],
  ];
  it.each(PINNED)('blockOf(%j) is FNV-1a modulo 1024', (id, n) => {
    expect(BLOCK_COUNT).toBe(1024);
    expect(blockOf(id)).toBe(n);
  });

  it('spreads the report\'s indicators: no block holds more than 3 of them', () => {
    const counts = new Map<number, number>();
    for (const i of CATALOG.indicators) counts.set(blockOf(i.id), (counts.get(blockOf(i.id)) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
  });

  it('spreads 40,000 generated ids evenly (every block between 15 and 70 rows; the mean is 39)', () => {
    const counts = new Array<number>(BLOCK_COUNT).fill(0);
    for (let i = 0; i < 40_000; i++) counts[blockOf(`g${String(i).padStart(6, '0')}`)]++;
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...counts)).toBeLessThanOrEqual(70);
  });

  const cell = fc.record({ raw: fc.string() }, { requiredKeys: ['raw'] });
  const rowArb = fc.record({ indicator: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/), cells: fc.dictionary(fc.constantFrom('2018', '2019', '2020'), cell) });

  it('rows → blocks → rows gives back every row, each in the block its id hashes to, and each block passes the guard', () => {
    fc.assert(
      fc.property(fc.uniqueArray(rowArb, { selector: (r) => r.indicator, maxLength: 60 }), (list) => {
        const rows: StoredRow[] = list.map((r) => ({ workbook: 'w', ...r }));
        const blocks = blocksOfRows('w', rows);
        expect(new Set(blocks.map((b) => b.block)).size).toBe(blocks.length);
        for (const b of blocks) {
          expect(isStoredBlock(b)).toBe(true);
          for (const id of Object.keys(b.packed!)) expect(blockOf(id)).toBe(b.block);
        }
        // as IndexedDB gives them back: a structured clone
        const back = structuredClone(blocks).flatMap(rowsOfBlock).sort((x, y) => x.indicator.localeCompare(y.indicator));
        expect(back.map((r) => ({ workbook: r.workbook, indicator: r.indicator, cells: { ...r.cells } }))).toEqual([...rows].sort((x, y) => x.indicator.localeCompare(y.indicator)));
      }),
    );
  });

  const good = { workbook: 'w', block: blockOf('a'), rows: { a: { 2019: { raw: '1' } } } };
  const BAD_BLOCK: [string, unknown][] = [
    ['no workbook', { ...good, workbook: undefined }],
    ['a block number that is not an integer', { ...good, block: 1.5 }],
    ['rows not an object', { ...good, rows: [] }],
    ['a row in the wrong block', { ...good, block: (blockOf('a') + 1) % BLOCK_COUNT }],
    ['a cell whose raw is a number', { ...good, rows: { a: { 2019: { raw: 1 } } } }],
    ['a row that is not an object', { ...good, rows: { a: 'x' } }],
  ];
  it('accepts a well-formed block', () => expect(isStoredBlock(good)).toBe(true));
  it.each(BAD_BLOCK)('rejects a block with %s', (_, b) => expect(isStoredBlock(b)).toBe(false));

  const packedGood = { workbook: 'w', block: blockOf('a'), packed: { a: packCells({ 2019: { raw: '1' }, '2020#c1': { raw: '22', source: 'c1.xlsx' } }) } };
  const BAD_PACKED: [string, unknown][] = [
    ['neither rows nor packed rows', { workbook: 'w', block: blockOf('a') }],
    ['a packed row in the wrong block', { ...packedGood, block: (blockOf('a') + 1) % BLOCK_COUNT }],
    ['lengths that do not add up to the text', { ...packedGood, packed: { a: { text: '20191', len: new Uint32Array([4, 2]) } } }],
    ['an odd number of lengths', { ...packedGood, packed: { a: { text: '2019', len: new Uint32Array([4]) } } }],
    ['lengths in a plain array', { ...packedGood, packed: { a: { text: '20191', len: [4, 1] } } }],
    ['a cell rest carrying its own raw', { ...packedGood, packed: { a: { text: '20191', len: new Uint32Array([4, 1]), more: { 2019: { raw: '1' } } } } }],
    ['a malformed change record', { ...packedGood, packed: { a: { text: '20191', len: new Uint32Array([4, 1]), more: { 2019: { changes: [{ time: 1 }] } } } } }],
  ];
  it('accepts a well-formed packed block, also as read back', () => {
    expect(isStoredBlock(packedGood)).toBe(true);
    expect(isStoredBlock(structuredClone(packedGood))).toBe(true);
  });
  it.each(BAD_PACKED)('rejects a packed block with %s', (_, b) => expect(isStoredBlock(b)).toBe(false));
});

describe('packed rows (block records since database version 3)', () => {
  const annotated = fc.record(
    {
      raw: fc.string({ unit: 'binary' }),
      source: fc.string(),
      derived: fc.boolean(),
      derivation: fc.string(),
      note: fc.record({ text: fc.string(), time: fc.constant('2026-11-30T09:00:00Z') }),
      followUp: fc.record({ time: fc.constant('2026-11-30T09:00:00Z'), reason: fc.string() }),
      changes: fc.array(fc.record({ time: fc.constant('2026-11-30T09:00:00Z'), before: fc.string(), after: fc.string(), how: fc.constantFrom('typed' as const, 'imported' as const) }), { maxLength: 2 }),
    },
    { requiredKeys: ['raw'] },
  );
  // any place and any text, the separators of a cell key and line breaks included
  const cells = fc.dictionary(fc.oneof(fc.constantFrom('2019', '2020#c1', '2020#c1-s2'), fc.string({ unit: 'binary' })), annotated);

  it('packing then unpacking (through a structured clone, as IndexedDB stores it) gives back every cell: place, text and the rest', () => {
    fc.assert(
      fc.property(cells, (c) => {
        const stored = structuredClone(packCells(c));
        expect(isPackedCells(stored)).toBe(true);
        expect({ ...unpackCells(stored) }).toEqual(c);
      }),
    );
  });

  it('resolving places through a PlaceMemo row after row gives what resolving each place directly gives', () => {
    const place = fc.constantFrom('2019', '2020', '2019#c1', '2019#c10', '2019#c1-s1', '201', '');
    const row = fc.array(fc.tuple(place, fc.string({ maxLength: 3 })), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        let calls = 0;
        const memo = new PlaceMemo((at: string) => (calls++, `<${at}>`));
        for (const r of rows) {
          const cells: Record<string, { raw: string }> = Object.create(null);
          for (const [at, raw] of r) cells[at] = { raw };
          const seen: [string, string, string][] = [];
          eachPackedResolved(packCells(cells), memo, (at, answer, raw) => seen.push([at, answer, raw]));
          expect(seen).toEqual(Object.keys(cells).map((at) => [at, `<${at}>`, cells[at].raw]));
        }
        // rows listing the same places: each resolved once
        if (rows.length > 1 && rows.every((r) => JSON.stringify(r.map((c) => c[0])) === JSON.stringify(rows[0].map((c) => c[0])))) expect(calls).toBe(new Set(rows[0].map((c) => c[0])).size);
      }),
    );
  });

  it('keeps only what a cell carries besides its text as an object (a bare figure is a place and a text)', () => {
    const p = packCells({ 2019: { raw: '934' }, '2019#c1': { raw: '12', source: 'c1.xlsx' }, 2020: { raw: '', note: { text: '待核', time: 't' } } });
    // (integer-like keys come first in an object)
    expect(p.text).toBe('2019934' + '2020' + '2019#c112');
    expect([...p.len]).toEqual([4, 3, 4, 0, 7, 2]);
    expect(p.more).toEqual({ '2019#c1': { source: 'c1.xlsx' }, 2020: { note: { text: '待核', time: 't' } } });
    expect(packCells({ 2019: { raw: '1', source: undefined } }).more).toBeUndefined();
  });

  it('a block of version 2 (rows as cell objects) is read, and packed when next written, with the rows not written to unchanged', () => {
    const a = 'a';
    const b = ['b', 'c', 'd', 'e', 'f', 'g', 'h'].find((x) => blockOf(x) === blockOf(a)) ?? 'aa';
    const ids = blockOf(b) === blockOf(a) ? [a, b] : [a];
    const old: StoredBlock = { workbook: 'w', block: blockOf(a), rows: Object.fromEntries(ids.map((id) => [id, { 2019: { raw: `${id}1`, source: 'file' }, '2019#c1': { raw: '2' } }])) };
    expect(rowsOfBlock(old).map((r) => r.cells['2019'].raw)).toEqual(ids.map((id) => `${id}1`));
    const next = mergeBlock('w', old.block, structuredClone(old), byIndicator([{ indicator: a, period: '2020', cell: { raw: '3' } }]))!;
    expect(next.rows).toBeUndefined();
    const back = new Map(rowsOfBlock(structuredClone(next)).map((r) => [r.indicator, { ...r.cells }]));
    expect(back.get(a)).toEqual({ 2019: { raw: 'a1', source: 'file' }, '2019#c1': { raw: '2' }, 2020: { raw: '3' } });
    for (const id of ids.slice(1)) expect(back.get(id)).toEqual(old.rows![id]);
    expect(packedBlock(old)).toEqual({ workbook: 'w', block: old.block, packed: Object.fromEntries(ids.map((id) => [id, packCells(old.rows![id])])) });
  });
});

describe('the store contract (in-memory implementation)', () => {
  it('round-trips the 2019 baseline: same raw texts, values and provenance', async () => {
    const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version } }, 0);
    const snap = await store.load();
    expect(snap).not.toBeNull();
    const back = workbookFromSnapshot(snap!, CATALOG);
    expect(back.periods).toEqual(wb.periods);
    expect(Object.fromEntries(back.values)).toEqual(Object.fromEntries(wb.values));
    expect(Object.fromEntries(back.meta)).toEqual(Object.fromEntries(wb.meta));
  });

  it('load(early) hands over the meta record the snapshot carries, once; not on first start', async () => {
    const store = await new MemoryBackend().factory()('default');
    const early: unknown[] = [];
    expect(await store.load((m) => early.push(m))).toBeNull();
    expect(early).toEqual([]);
    await store.write({ cells: [{ indicator: 'x', period: '2019', cell: { raw: '1' } }], meta: { periods: ['2019'] } }, 0);
    const snap = await store.load((m) => early.push(m));
    expect(early).toHaveLength(1);
    expect(early[0]).toBe(snap!.meta);
  });

  it('merges cell by cell: two writers of one row both keep their cells, each learns of the other', async () => {
    const backend = new MemoryBackend();
    const a = await backend.factory()('w');
    const b = await backend.factory()('w');
    const r1 = await a.write({ cells: [{ indicator: 'x', period: '2019', cell: { raw: '1' } }], meta: { periods: ['2019', '2020'] } }, 0);
    const seen: number[] = [];
    a.onRemoteWrite((rev) => seen.push(rev));
    // b still thinks it is at revision r1 (it read the first write); a writes 2019, b writes 2020.
    const r2 = await a.write({ cells: [{ indicator: 'x', period: '2019', cell: { raw: '2' } }] }, r1.revision);
    const r3 = await b.write({ cells: [{ indicator: 'x', period: '2020', cell: { raw: '3' } }] }, r1.revision);
    expect(r3.remote?.full).toBe(false);
    expect(r3.remote?.rows[0].cells).toEqual({ 2019: { raw: '2' } });
    const snap = await b.load();
    expect(snap?.rows[0].cells).toEqual({ 2019: { raw: '2' }, 2020: { raw: '3' } });
    await Promise.resolve();
    expect(seen).toEqual([r3.revision]);
    // a catches up by reading only the row b touched.
    const sync = await a.sync(r2.revision);
    expect(sync).toMatchObject({ full: false, cleared: [] });
    expect(sync?.rows.map((r) => r.indicator)).toEqual(['x']);
    // Clearing the last cell of a row deletes the row; a reader is told it was cleared.
    const r4 = await a.write({ cells: [{ indicator: 'x', period: '2019', cell: null }, { indicator: 'x', period: '2020', cell: null }] }, r3.revision);
    const s2 = await b.sync(r3.revision);
    expect(s2).toMatchObject({ full: false, rows: [], cleared: ['x'] });
    expect(r4.revision).toBe(r3.revision + 1);
  });
});
