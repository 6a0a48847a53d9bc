import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { workbookFromSnapshot } from '../../src/storage/convert.ts';
import type { StoreWrite } from '../../src/storage/store.ts';
import { cleanup, freshDbName, mountApp, paste, visibleCell } from './helpers.ts';

// Notes, flags and change histories in real IndexedDB (issue 18). Figures are made up.

afterEach(cleanup);

const META: StoreWrite['meta'] = { periods: ['2019', '2020'], customIndicators: [], prefs: { lang: 'zh' }, catalogVersion: 't' };

describe('IndexedDB: notes and histories in the figure\'s block record', () => {
  it('a note, a flag and a history load back from a new connection; two connections do not overwrite each other\'s figure or note', async () => {
    const dbName = freshDbName('history-store');
    const a = await openIdbStore(dbName, 'default');
    const b = await openIdbStore(dbName, 'default');
    try {
      const changes = [{ time: '2026-11-30T10:02:00.000Z', before: '1 234', after: '1 243', how: 'imported' as const, file: '县表.xlsx', row: 12 }];
      let rev = (await a.write({ cells: [{ indicator: 'schools_total', period: '2020', cell: { raw: '1 243', changes } }], meta: META }, 0)).revision;
      rev = (await a.write({ cells: [], notes: [{ key: 'schools_total@2020', note: { text: '新校区投入使用', time: 't' } }], followUp: [{ key: 'schools_primary@2020', followUp: { time: 't', reason: '待核实' } }] }, rev)).revision;
      // the other connection (another tab) types the figure without having heard of the note
      await b.write({ cells: [{ indicator: 'schools_total', period: '2020', cell: { raw: '1250' }, expect: '1 243' }] }, rev);
      const c = await openIdbStore(dbName, 'default');
      const wb = workbookFromSnapshot((await c.load())!, CATALOG);
      c.close();
      expect(wb.getByKey('schools_total@2020').raw).toBe('1250');
      expect(wb.notes.get('schools_total@2020')?.text).toBe('新校区投入使用');
      expect(wb.followUp.get('schools_primary@2020')).toEqual({ time: 't', reason: '待核实' });
      // the empty figure holds only its flag
      expect(wb.getByKey('schools_primary@2020').state).toBe('empty');
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('the app records how each figure changed, and keeps it across a reload', () => {
  it('typed with real keys, pasted with a real paste event, undone with Ctrl+Z: three records, stored', async () => {
    const dbName = freshDbName('history-app');
    const m = await mountApp({ dbName });
    const s = m.app.session;
    const before = s.value('schools_total@2019').raw;
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('1243{Enter}');
    await expect.poll(() => s.value('schools_total@2019').raw).toBe('1243');
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    paste('1 250\r\n');
    expect(s.value('schools_total@2019').raw).toBe('1 250');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('schools_total@2019').raw).toBe('1243');
    const want = [
      [before, '1243', 'typed'],
      ['1243', '1 250', 'pasted'],
      ['1 250', '1243', 'undo'],
    ];
    expect(s.changesOf('schools_total@2019').map((r) => [r.before, r.after, r.how])).toEqual(want);
    await s.settled();
    await m.unmount();
    const again = await mountApp({ dbName });
    expect(again.app.session.changesOf('schools_total@2019').map((r) => [r.before, r.after, r.how])).toEqual(want);
  });
});
