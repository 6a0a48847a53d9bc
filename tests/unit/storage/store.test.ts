import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { allWrites, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta, isStoredRow, LOG_LENGTH, nextMeta, rowsToCatchUp, type StoredMeta } from '../../../src/storage/store.ts';

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
