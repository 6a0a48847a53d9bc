import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { allWrites, storedUnits, workbookFromSnapshot } from '../../src/storage/convert.ts';
import { unitWorkbook } from '../unit/storage/unit-fixture.ts';
import { cleanup, freshDbName } from './helpers.ts';

afterEach(cleanup);

describe('reporting units in IndexedDB', () => {
  it('units, collection and unit figures survive closing and reopening the database', async () => {
    const wb = unitWorkbook();
    const dbName = freshDbName('units');
    let store = await openIdbStore(dbName, 'default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version, prefs: { lang: 'zh' }, ...storedUnits(wb) } }, 0);
    store.close();
    store = await openIdbStore(dbName, 'default');
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    store.close();
    expect(back.units.toJSON()).toEqual(wb.units.toJSON());
    expect(new Map(back.collection)).toEqual(new Map(wb.collection));
    expect(new Map([...back.values].sort())).toEqual(new Map([...wb.values].sort()));
  });
});
