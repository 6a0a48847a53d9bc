/**
 * Opening from IndexedDB with the rules compiled while the blocks are read (IdbStore.load's `early`):
 * the meta record is handed over while the blocks' request is still in flight; a missing or malformed
 * record behaves as before; the app opened this way shows the findings the old build gave.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { cellKey } from '../../src/core/model/value.ts';
import { compileRules } from '../../src/core/rules/validator.ts';
import { allWrites, storedUnits } from '../../src/storage/convert.ts';
import { DB_VERSION, openIdbStore } from '../../src/storage/idb-store.ts';
import type { StoredMeta } from '../../src/storage/store.ts';
import { unitWorkbook } from '../unit/storage/unit-fixture.ts';
import { workbookFromSnapshotBefore } from '../unit/storage/convert-before.ts';
import { cleanup, freshDbName, mountApp, TEST_RULES, testId } from './helpers.ts';

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

/** A stored unit workbook (two counties, a school, an unreadable school figure, a county that does not add up). */
async function stored(dbName: string): Promise<void> {
  const wb = unitWorkbook();
  const store = await openIdbStore(dbName, 'default');
  const cells = allWrites(wb);
  cells.push({ indicator: 'schools_university', period: '2019#east', cell: { raw: '7' } }, { indicator: 'schools_compulsory', period: '2019#east', cell: { raw: '480' } });
  await store.write({ cells, replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version, prefs: { lang: 'zh' }, ...storedUnits(wb) } }, 0);
  store.close();
}

describe('IdbStore.load(early)', () => {
  it('hands over the meta record while the blocks are still being read, and the snapshot carries that record', async () => {
    const dbName = freshDbName('early');
    await stored(dbName);
    const store = await openIdbStore(dbName, 'default');
    const requests: IDBRequest[] = [];
    const getAll = IDBIndex.prototype.getAll;
    vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
      const r = getAll.apply(this, args);
      requests.push(r);
      return r;
    });
    const seen: { meta: StoredMeta; blocks: IDBRequestReadyState[] }[] = [];
    const snap = await store.load((meta) => seen.push({ meta, blocks: requests.map((r) => r.readyState) }));
    store.close();
    expect(seen).toHaveLength(1);
    expect(seen[0].blocks).toEqual(['pending']);
    expect(seen[0].meta).toBe(snap!.meta);
    expect(snap!.meta.units?.map((u) => u.id)).toEqual(['city', 'east', 'west', 'west-no1']);
    expect(snap!.rows.length).toBeGreaterThan(0);
  });

  it('first start: no meta record, `early` is not called, null', async () => {
    const store = await openIdbStore(freshDbName('early-none'), 'default');
    const early = vi.fn();
    expect(await store.load(early)).toBeNull();
    store.close();
    expect(early).not.toHaveBeenCalled();
  });

  it('a malformed block record still fails the load (after `early`), a malformed meta record before it', async () => {
    const dbName = freshDbName('early-bad');
    await stored(dbName);
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(dbName, DB_VERSION);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('open failed'));
    });
    const put = (store: 'blocks' | 'meta', value: unknown) =>
      new Promise<void>((resolve, reject) => {
        const tx = raw.transaction(store, 'readwrite');
        tx.objectStore(store).put(value);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('put failed'));
      });
    await put('blocks', { workbook: 'default', block: 3, packed: { x: { text: 'ab', len: new Uint32Array([1, 5]) } } });
    let store = await openIdbStore(dbName, 'default');
    const early = vi.fn();
    await expect(store.load(early)).rejects.toThrow(/malformed block record/);
    expect(early).toHaveBeenCalledTimes(1);
    store.close();
    await put('meta', { workbook: 'default', formatVersion: 1 });
    raw.close();
    store = await openIdbStore(dbName, 'default');
    const early2 = vi.fn();
    await expect(store.load(early2)).rejects.toThrow(/malformed meta record/);
    expect(early2).not.toHaveBeenCalled();
    store.close();
  });
});

describe('the app opened from IndexedDB (rules compiled while the blocks are read)', () => {
  it('shows the findings, counts and marks the old build and validation gave', async () => {
    const dbName = freshDbName('early-app');
    await stored(dbName);
    const reader = await openIdbStore(dbName, 'default');
    const snap = (await reader.load())!;
    reader.close();
    const old = compileRules(TEST_RULES, workbookFromSnapshotBefore(snap, CATALOG)).validateAll();
    const m = await mountApp({ dbName });
    const s = m.app.session;
    expect(old.findings.some((f) => f.severity === 'error' && f.unit === 'east')).toBe(true);
    expect(old.findings.some((f) => f.kind === 'value' && f.unit === 'west-no1')).toBe(true);
    expect(s.findings).toEqual(old.findings);
    expect(s.counts).toEqual(old.counts);
    // the marks come from those findings: the unreadable school figure is marked as an error
    expect(s.marksOf(cellKey('schools_total', '2019', 'west-no1'))?.errors.map((f) => f.id)).toEqual([`value|${cellKey('schools_total', '2019', 'west-no1')}`]);
    // the unit picker is a fixed width, whatever its units' names (sized to its options, a select of
    // 3,000 units measured every option at every layout)
    const width = testId(m, 'unit-view').getBoundingClientRect().width;
    s.addUnit({ id: 'long', name: { zh: '一个名字非常非常非常非常非常非常非常非常非常长的学校', en: 'a school with a very very very very very very long name' }, parent: 'east', level: 'school', mode: 'reported' });
    const picker = testId(m, 'unit-view') as HTMLSelectElement;
    await expect.poll(() => picker.querySelectorAll('option').length).toBe(6);
    expect(picker.getBoundingClientRect().width).toBe(width);
    // its options (made in one go, not by an each block): every unit in tree order, indented by level,
    // then the by-unit table; the unit shown stays picked when they are rebuilt, and they follow the language
    const options = () => [...picker.options].map((o) => [o.value, o.text]);
    expect(options()).toEqual([
      ['unit:city', '全市'],
      ['unit:east', '\u3000east区'],
      ['unit:long', '\u3000\u3000一个名字非常非常非常非常非常非常非常非常非常长的学校'],
      ['unit:west', '\u3000west区'],
      ['unit:west-no1', '\u3000\u3000西区第一中学'],
      ['units', '各县（市、区）'],
    ]);
    expect(picker.value).toBe('unit:city');
    await userEvent.selectOptions(picker, 'unit:west');
    await expect.poll(() => m.app.view.gridView).toEqual({ kind: 'unit', unit: 'west' });
    await s.setLang('en');
    await expect.poll(() => picker.options[1].text).toBe('\u3000east district');
    expect(picker.value).toBe('unit:west');
  });
});
