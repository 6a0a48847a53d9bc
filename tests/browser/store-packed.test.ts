import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { ROOT_UNIT, type ReportingUnit } from '../../src/core/model/units.ts';
import { DB_VERSION, openIdbStore } from '../../src/storage/idb-store.ts';
import { blockOf, emptyMeta, rowsOfBlock, type StoredBlock, type StoredCell } from '../../src/storage/store.ts';
import { cleanup, freshDbName, mountApp } from './helpers.ts';

afterEach(cleanup);

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('request failed'));
  });
}

const UNITS: ReportingUnit[] = [
  ROOT_UNIT,
  { id: 'c1', name: { zh: '南湖县', en: 'Nanhu County' }, parent: 'city', level: 'county', mode: 'reported' },
  { id: 'c1-s1', name: { zh: '南湖一中', en: 'Nanhu No. 1' }, parent: 'c1', level: 'school', mode: 'reported' },
];

const T = '2026-11-30T09:00:00.000Z';

/** A version 2 workbook (block records whose rows are cell objects): units, every kind of cell annotation, an unreadable text. */
const V2_ROWS: Record<string, Record<string, StoredCell>> = {
  schools_total: {
    2019: { raw: '934', source: '全市共有各级各类学校934所', derived: false },
    '2019#c1': { raw: '1,120', note: { text: '含教学点', time: T } },
    '2019#c1-s1': { raw: 'abc', followUp: { time: T, reason: '请学校核实' } },
    2018: { raw: '', changes: [{ time: T, before: '925', after: '', how: 'cleared' }] },
  },
  students_total: {
    '2019#c1': { raw: '1.6万', changes: [{ time: T, before: '16000', after: '1.6万', how: 'imported', file: '南湖县.xlsx', sheet: 'Sheet1', row: 4 }] },
    '2019#c1-s1': { raw: '约9500' },
  },
  schools_university: { 2019: { raw: '7', history: ['8'] } },
};

async function writeVersion2(dbName: string): Promise<void> {
  const req = indexedDB.open(dbName, 2);
  req.onupgradeneeded = () => {
    const db = req.result;
    db.createObjectStore('blocks', { keyPath: ['workbook', 'block'] }).createIndex('byWorkbook', 'workbook');
    db.createObjectStore('meta', { keyPath: 'workbook' });
  };
  const db = await done(req);
  const tx = db.transaction(['blocks', 'meta'], 'readwrite');
  const blocks = new Map<number, StoredBlock>();
  for (const [id, cells] of Object.entries(V2_ROWS)) {
    const n = blockOf(id);
    const b = blocks.get(n) ?? { workbook: 'default', block: n, rows: {} };
    b.rows![id] = cells;
    blocks.set(n, b);
  }
  for (const b of blocks.values()) tx.objectStore('blocks').put(b);
  tx.objectStore('meta').put({ ...emptyMeta('default', CATALOG.version), periods: ['2018', '2019'], units: UNITS, revision: 1, log: [{ revision: 1, indicators: null }] });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function storedBlocks(dbName: string): Promise<{ version: number; blocks: StoredBlock[] }> {
  const db = await done(indexedDB.open(dbName));
  const blocks = (await done(db.transaction('blocks').objectStore('blocks').getAll())) as StoredBlock[];
  const version = db.version;
  db.close();
  return { version, blocks };
}

describe('block records of version 2 (cell objects) and version 3 (packed rows)', () => {
  it('upgrading packs every block without losing a text, a unit’s figure, provenance, a note, a flag or a change; the app shows them', async () => {
    const dbName = freshDbName('packed-upgrade');
    await writeVersion2(dbName);
    const a = await mountApp({ dbName });
    const s = a.app.session;
    expect(s.value('schools_total@2019').raw).toBe('934');
    expect(s.valueMeta('schools_total@2019')).toMatchObject({ source: '全市共有各级各类学校934所' });
    expect(s.value('schools_total@2019#c1')).toMatchObject({ raw: '1,120', state: 'value', n: 1120 });
    expect(s.noteOf('schools_total@2019#c1')?.text).toBe('含教学点');
    expect(s.value('schools_total@2019#c1-s1')).toMatchObject({ raw: 'abc', state: 'invalid' });
    expect(s.followUpOf('schools_total@2019#c1-s1')?.reason).toBe('请学校核实');
    expect(s.changesOf('schools_total@2018').map((c) => c.before)).toEqual(['925']);
    expect(s.value('students_total@2019#c1')).toMatchObject({ raw: '1.6万', n: 16000 });
    expect(s.changesOf('students_total@2019#c1')[0]).toMatchObject({ how: 'imported', file: '南湖县.xlsx', row: 4 });
    expect(s.value('students_total@2019#c1-s1')).toMatchObject({ raw: '约9500', qualifier: 'about' });
    expect(s.earlierTexts('schools_university@2019')).toEqual(['8']);
    await a.unmount();

    const { version, blocks } = await storedBlocks(dbName);
    expect(version).toBe(DB_VERSION);
    expect(blocks.every((b) => b.rows === undefined && b.packed !== undefined)).toBe(true);
    const back = Object.fromEntries(blocks.flatMap(rowsOfBlock).map((r) => [r.indicator, { ...r.cells }]));
    expect(back).toEqual(V2_ROWS);
  });

  it('a unit’s figure typed after the upgrade is stored packed next to the others and read back after a reload', async () => {
    const dbName = freshDbName('packed-write');
    await writeVersion2(dbName);
    const a = await mountApp({ dbName });
    a.app.session.setCells([{ key: 'students_total@2019#c1-s1', raw: '9,600' }]);
    await a.app.session.settled();
    await a.unmount();

    const store = await openIdbStore(dbName, 'default');
    const snap = await store.load();
    store.close();
    const row = snap!.rows.find((r) => r.indicator === 'students_total')!;
    expect(row.packed).toBeDefined();
    expect(row.cells['2019#c1-s1'].raw).toBe('9,600');
    expect(row.cells['2019#c1-s1'].changes?.at(-1)).toMatchObject({ before: '约9500', after: '9,600', how: 'typed' });
    expect(row.cells['2019#c1']).toEqual(V2_ROWS.students_total['2019#c1']);

    const b = await mountApp({ dbName });
    expect(b.app.session.value('students_total@2019#c1-s1')).toMatchObject({ raw: '9,600', n: 9600 });
    expect(b.app.session.noteOf('schools_total@2019#c1')?.text).toBe('含教学点');
    await b.unmount();
  });
});
