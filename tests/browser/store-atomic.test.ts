import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { blockOf, type CellWrite, type StoreWrite } from '../../src/storage/store.ts';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const META: StoreWrite['meta'] = { periods: ['2019', '2020'], customIndicators: [], prefs: { lang: 'zh' }, catalogVersion: 't' };

/** Three row ids stored in three different blocks (so one write makes three puts). */
const IDS = ['row_a', 'row_b', 'row_c'];

describe('one IndexedDB transaction per write: whole or nothing', () => {
  it('the ids used lie in different blocks', () => {
    expect(new Set(IDS.map(blockOf)).size).toBe(3);
  });

  /** A value IndexedDB cannot store (structured clone throws DataCloneError) in the middle of a write. */
  const uncloneable = { raw: '2', source: (() => 'a function') as unknown as string };
  const CASES: { name: string; w: (ok: CellWrite[]) => StoreWrite }[] = [
    { name: 'an edit of three rows, the second uncloneable', w: (ok) => ({ cells: [ok[0], { indicator: 'row_b', period: '2020', cell: uncloneable }, ok[2]] }) },
    { name: 'a replacement of the whole workbook (delete first), the second row uncloneable', w: (ok) => ({ cells: [ok[0], { indicator: 'row_b', period: '2020', cell: uncloneable }, ok[2]], replaceAll: true, meta: { periods: ['2020'] } }) },
  ];

  it('a put refused by the browser mid-way (the second of three, as when the disk is full) leaves the database as it was', async () => {
    const dbName = freshDbName('atomic-put');
    let store = await openIdbStore(dbName, 'default');
    const put = IDBObjectStore.prototype.put;
    try {
      const rev = (await store.write({ cells: IDS.map((indicator) => ({ indicator, period: '2019', cell: { raw: '1' } })), meta: META }, 0)).revision;
      const before = await store.load();
      let calls = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      });
      const w = { cells: IDS.map((indicator) => ({ indicator, period: '2020', cell: { raw: '9' } })) };
      await expect(store.write(w, rev)).rejects.toMatchObject({ name: 'QuotaExceededError' });
      expect(calls).toBe(2);
      vi.restoreAllMocks();
      store.close();
      store = await openIdbStore(dbName, 'default');
      expect(await store.load()).toEqual(before);
    } finally {
      vi.restoreAllMocks();
      store.close();
      indexedDB.deleteDatabase(dbName);
    }
  });

  it.each(CASES)('$name: fails and leaves the database exactly as it was, after reopening', async ({ w }) => {
    const dbName = freshDbName('atomic');
    let store = await openIdbStore(dbName, 'default');
    try {
      const first = IDS.map((indicator) => ({ indicator, period: '2019', cell: { raw: '1', source: 'report' } }));
      const rev = (await store.write({ cells: first, meta: META }, 0)).revision;
      const before = await store.load();
      const ok = IDS.map((indicator) => ({ indicator, period: '2020', cell: { raw: '9' } }));
      await expect(store.write(w(ok), rev)).rejects.toMatchObject({ name: 'DataCloneError' });
      // the same connection, and a new one, read what was there before
      expect(await store.load()).toEqual(before);
      store.close();
      store = await openIdbStore(dbName, 'default');
      expect(await store.load()).toEqual(before);
      // and the store still works: the next good write goes through
      expect((await store.write({ cells: ok }, rev)).revision).toBe(rev + 1);
      expect((await store.load())?.rows.map((r) => r.cells['2020']?.raw)).toEqual(['9', '9', '9']);
    } finally {
      store.close();
      indexedDB.deleteDatabase(dbName);
    }
  });
});

/** A workbook file with a custom indicator whose id is `constructor` (valid under the published schema). */
const CONSTRUCTOR_FILE = {
  format: 'edu-stats-workbook',
  formatVersion: 1,
  catalogVersion: CATALOG.version,
  periods: ['2019', '2020'],
  customIndicators: [
    { id: 'constructor', label: { zh: '构造测试指标', en: 'constructor test' }, section: CATALOG.sections[0].id, parent: null, order: 999, unit: 'school', kind: 'count', decimals: 0, aliases: [] },
  ],
  values: [
    { indicator: 'constructor', period: '2019', raw: '7', state: 'value', value: 7 },
    { indicator: 'constructor', period: '2020', raw: '8', state: 'value', value: 8 },
  ],
};

const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()!.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

describe('an indicator named constructor, end to end', () => {
  it('is imported through the dialog, saved, read back after a reload and exported; Object is untouched', async () => {
    const dbName = freshDbName('constructor');
    const objectKeys = Object.getOwnPropertyNames(Object).sort();
    const a = await mountApp({ dbName });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog).toBeTruthy();
    const dt = new DataTransfer();
    dt.items.add(new File([JSON.stringify(CONSTRUCTOR_FILE)], 'constructor.json', { type: 'application/json' }));
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '').toMatch(/新增 \d+ 格/);
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog).toBeNull();
    expect(a.app.session.value('constructor@2020').raw).toBe('8');
    await a.app.session.settled();
    expect(a.target.querySelector('[data-testid="storage-banner"]')).toBeNull();
    expect(testId(a, 'save-state').textContent).toBe('已保存');
    await a.unmount();

    const b = await mountApp({ dbName });
    expect(b.app.session.value('constructor@2019').raw).toBe('7');
    expect(b.app.session.value('constructor@2020').raw).toBe('8');
    expect(b.app.session.index.byId.get('constructor')?.label.zh).toBe('构造测试指标');
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((x: Blob | MediaSource) => {
      blobs.push(x as Blob);
      return 'blob:captured';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await userEvent.click(testId(b, 'export'));
    // the export may ask first (errors, or valid but incomplete) in the app's own dialog: answer yes
    await expect
      .poll(async () => {
        const ask = document.querySelector<HTMLElement>('dialog[open] [data-testid="confirm"]');
        if (ask) await userEvent.click(ask);
        return blobs.length;
      })
      .toBe(1);
    const json = JSON.parse(await blobs[0].text()) as typeof CONSTRUCTOR_FILE;
    expect(json.values.filter((v) => v.indicator === 'constructor')).toEqual(CONSTRUCTOR_FILE.values);
    expect(json.customIndicators.map((i) => i.id)).toContain('constructor');
    expect(Object.getOwnPropertyNames(Object).sort()).toEqual(objectKeys);
  });
});
