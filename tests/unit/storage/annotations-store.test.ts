import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { allWrites, followUpWrites, noteWrites, workbookFromSnapshot, writesFor } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta, isStoredRow, type StoreWrite, type WorkbookStore } from '../../../src/storage/store.ts';

// Notes, follow-up flags, change histories and the import log in the store (issue 18). Figures are made up.

const K = 'schools_total@2020';
const K2 = 'schools_primary@2020';

function wbWith(entries: [string, string][] = []): Workbook {
  const wb = new Workbook(CATALOG, ['2019', '2020']);
  wb.apply(
    entries.map(([key, raw]) => {
      const ind = wb.index.indicator(key.slice(0, key.indexOf('@')));
      return { key, after: parseValue(raw, ind, wb.index.unitOf(ind)) };
    }),
  );
  return wb;
}

async function twoTabs(): Promise<[WorkbookStore, WorkbookStore, MemoryBackend]> {
  const backend = new MemoryBackend();
  const f = backend.factory();
  const a = await f('default');
  const b = await f('default');
  await a.write({ cells: [], replaceAll: true, meta: { periods: ['2019', '2020'], catalogVersion: CATALOG.version } }, 0);
  return [a, b, backend];
}

async function reload(store: WorkbookStore): Promise<Workbook> {
  const snap = await store.load();
  expect(snap).not.toBeNull();
  return workbookFromSnapshot(snap!, CATALOG);
}

describe('notes and follow-up flags in the store', () => {
  it('a note and a flag written by StoreWrite.notes / followUp load back on the figure; deleting them removes them', async () => {
    const [store] = await twoTabs();
    const wb = wbWith([[K, '1234']]);
    await store.write({ cells: writesFor(wb, [K]) }, 1);
    const note = { text: '新校区投入使用，中职招生增加', time: '2026-11-30T10:02:00.000Z' };
    const flag = { time: '2026-11-30T10:03:00.000Z', reason: '待县局核实' };
    await store.write({ cells: [], notes: [{ key: K, note }], followUp: [{ key: K, followUp: flag }] }, 2);
    let back = await reload(store);
    expect(back.notes.get(K)).toEqual(note);
    expect(back.followUp.get(K)).toEqual(flag);
    expect(back.getByKey(K).raw).toBe('1234');

    await store.write({ cells: [], notes: [{ key: K, note: null }] }, 3);
    back = await reload(store);
    expect(back.notes.has(K)).toBe(false);
    expect(back.followUp.get(K)).toEqual(flag);
    expect(back.getByKey(K).raw).toBe('1234');
  });

  it('a note on a figure not reported yet is kept; taking it away leaves no record behind', async () => {
    const [store, , backend] = await twoTabs();
    await store.write({ cells: [], notes: [{ key: K2, note: { text: '该县尚未上报', time: 't' } }] }, 1);
    expect(backend.rowsOf('default').get('schools_primary')?.cells['2020']).toEqual({ raw: '', note: { text: '该县尚未上报', time: 't' } });
    expect((await reload(store)).notes.get(K2)?.text).toBe('该县尚未上报');
    await store.write({ cells: [], notes: [{ key: K2, note: null }] }, 2);
    expect(backend.rowsOf('default').has('schools_primary')).toBe(false);
  });

  it("a figure's write keeps the note another tab stored, and a note's write keeps the figure another tab stored", async () => {
    const [a, b] = await twoTabs();
    // tab A notes the figure; tab B, which has not heard of the note, types a new figure
    await a.write({ cells: [], notes: [{ key: K, note: { text: 'A 的说明', time: 't1' } }] }, 1);
    const wbB = wbWith([[K, '77']]);
    await b.write({ cells: writesFor(wbB, [K]) }, 1);
    let back = await reload(a);
    expect(back.getByKey(K).raw).toBe('77');
    expect(back.notes.get(K)?.text).toBe('A 的说明');
    // tab A, still showing its old figure, edits the note: B's figure stays
    await a.write({ cells: [], notes: [{ key: K, note: { text: 'A 改了说明', time: 't2' } }] }, 2);
    back = await reload(b);
    expect(back.getByKey(K).raw).toBe('77');
    expect(back.notes.get(K)?.text).toBe('A 改了说明');
    // clearing the figure keeps the note
    await b.write({ cells: [{ indicator: 'schools_total', period: '2020', cell: null }] }, 4);
    back = await reload(b);
    expect(back.getByKey(K).state).toBe('empty');
    expect(back.notes.get(K)?.text).toBe('A 改了说明');
  });

  it('the helpers build the writes from the workbook: present → the note, absent → null', () => {
    const wb = wbWith();
    wb.notes.set(K, { text: 'x', time: 't' });
    wb.followUp.set(K2, { time: 't' });
    expect(noteWrites(wb, [K, K2])).toEqual([
      { key: K, note: { text: 'x', time: 't' } },
      { key: K2, note: null },
    ]);
    expect(followUpWrites(wb, [K, K2])).toEqual([
      { key: K, followUp: null },
      { key: K2, followUp: { time: 't' } },
    ]);
  });

  it('a replacing write (reset, first start) carries the notes, flags and histories of the workbook', async () => {
    const [store] = await twoTabs();
    const wb = wbWith([[K, '12']]);
    wb.notes.set(K2, { text: '空格上的说明', time: 't' });
    wb.followUp.set(K, { time: 't', reason: '复核' });
    wb.record(K, '10', '12', { how: 'typed', time: 't' });
    const w: StoreWrite = { cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods } };
    await store.write(w, 1);
    const back = await reload(store);
    expect(back.notes.get(K2)?.text).toBe('空格上的说明');
    expect(back.followUp.get(K)?.reason).toBe('复核');
    expect(back.history.get(K)).toEqual([{ time: 't', before: '10', after: '12', how: 'typed' }]);
  });

  it('another tab sees the note through sync (the touched row is in the revision log)', async () => {
    const [a, b] = await twoTabs();
    const r = await a.write({ cells: [], notes: [{ key: K, note: { text: 'n', time: 't' } }] }, 1);
    const changes = await b.sync(1);
    expect(changes?.full).toBe(false);
    expect(changes?.rows.map((x) => x.indicator)).toEqual(['schools_total']);
    expect(changes?.rows[0].cells['2020'].note?.text).toBe('n');
    expect(r.revision).toBe(2);
  });
});

describe('stored records with annotations are checked on load', () => {
  const row = (cell: unknown) => ({ workbook: 'w', indicator: 'a', cells: { 2020: cell } });
  const GOOD: [string, unknown][] = [
    ['a note', { raw: '1', note: { text: '说明', time: 't' } }],
    ['a flag without reason', { raw: '', followUp: { time: 't' } }],
    ['a history', { raw: '2', changes: [{ time: 't', before: '1', after: '2', how: 'imported', file: '县表.xlsx', sheet: 'Sheet1', row: 12, dropped: 3 }] }],
  ];
  const BAD: [string, unknown][] = [
    ['a note without text', { raw: '1', note: { time: 't' } }],
    ['a note whose text is a number', { raw: '1', note: { text: 5, time: 't' } }],
    ['a flag with a numeric reason', { raw: '1', followUp: { time: 't', reason: 1 } }],
    ['a history that is not a list', { raw: '1', changes: {} }],
    ['a change of unknown kind', { raw: '1', changes: [{ time: 't', before: '', after: '1', how: 'magic' }] }],
    ['a change whose row is 0', { raw: '1', changes: [{ time: 't', before: '', after: '1', how: 'imported', row: 0 }] }],
    ['a change without before', { raw: '1', changes: [{ time: 't', after: '1', how: 'typed' }] }],
  ];
  it.each(GOOD)('accepts %s', (_, c) => expect(isStoredRow(row(c))).toBe(true));
  it.each(BAD)('rejects %s', (_, c) => expect(isStoredRow(row(c))).toBe(false));

  const meta = emptyMeta('w', '1');
  const entry = { time: 't', file: '县表.xlsx', size: 2048, cellsNew: 3, cellsChanged: 1, mapping: [{ label: '小学', indicator: 'schools_primary' }, { label: '备注', indicator: null }] };
  it('accepts an import log', () => expect(isStoredMeta({ ...meta, importLog: [entry] })).toBe(true));
  it.each([
    ['size as text', { ...entry, size: '2048' }],
    ['a mapping without label', { ...entry, mapping: [{ indicator: 'x' }] }],
    ['cells new not a whole number', { ...entry, cellsNew: 1.5 }],
  ])('rejects an import log entry with %s', (_, e) => expect(isStoredMeta({ ...meta, importLog: [e] })).toBe(false));

  it('earlier texts stored by older versions (history) load as change records ending at the figure', async () => {
    const [store, , backend] = await twoTabs();
    backend.rowsOf('default').set('schools_total', { workbook: 'default', indicator: 'schools_total', cells: Object.assign(Object.create(null), { 2020: { raw: '9', history: ['7', '8'] } }) });
    const back = await reload(store);
    expect(back.history.get(K)).toEqual([
      { time: '', before: '7', after: '8', how: 'suggestion' },
      { time: '', before: '8', after: '9', how: 'suggestion' },
    ]);
    expect(back.meta.get(K)).toBeUndefined();
  });
});
