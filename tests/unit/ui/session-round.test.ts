import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = loadRuleFile({ version: 't', rules: [] }, CATALOG);
const index = new CatalogIndex(CATALOG);
const value = (ind: string, raw: string) => parseValue(raw, index.indicator(ind), index.unitOf(index.indicator(ind)));

async function open(backend: MemoryBackend) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

const county = (id: string, zh: string): ReportingUnit => ({ id, name: { zh, en: id }, parent: 'city', level: 'county', mode: 'reported' });

describe('Session: a round import (units, received) is one undo step and is stored', () => {
  it('adds the units, marks them received, stores the units’ cells; undo takes it all back, redo brings it again', async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const cityBefore = s.workbook.get('schools_primary', '2019').raw;
    const changes = [
      { key: 'schools_primary@2020#dongping', after: value('schools_primary', '51') },
      { key: 'schools_primary@2020#ningyang', after: value('schools_primary', '47') },
      { key: 'schools_primary@2019#dongping', after: value('schools_primary', '50') },
    ];
    const time = '2026-11-30T07:00:00.000Z';
    s.importCells(changes, [], undefined, [], undefined, {
      addUnits: [county('dongping', '东平县'), county('ningyang', '宁阳县')],
      received: new Map([
        ['dongping', { time, file: '东平县.csv' }],
        ['ningyang', { time, file: '宁阳县.xlsx' }],
      ]),
    });
    const check = (x: Session) => {
      expect(x.workbook.units.all().map((u) => u.id)).toEqual(['city', 'dongping', 'ningyang']);
      expect(x.workbook.get('schools_primary', '2020', 'dongping').raw).toBe('51');
      expect(x.workbook.get('schools_primary', '2019', 'dongping').raw).toBe('50');
      expect(x.workbook.get('schools_primary', '2020', 'ningyang').raw).toBe('47');
      expect(x.workbook.get('schools_primary', '2019').raw).toBe(cityBefore);
      expect(x.workbook.collection.get('ningyang')).toEqual({ received: { time, file: '宁阳县.xlsx' } });
    };
    check(s);
    await s.settled();
    check(await open(backend));

    s.undo();
    expect(s.workbook.units.size).toBe(1);
    expect(s.workbook.get('schools_primary', '2020', 'dongping').state).toBe('empty');
    expect(s.workbook.collection.size).toBe(0);
    expect(s.workbook.get('schools_primary', '2019').raw).toBe(cityBefore);
    await s.settled();
    const afterUndo = await open(backend);
    expect(afterUndo.workbook.units.size).toBe(1);
    expect([...afterUndo.workbook.values.keys()].some((k) => k.includes('#'))).toBe(false);
    expect(afterUndo.workbook.collection.size).toBe(0);

    s.redo();
    check(s);
    await s.settled();
    check(await open(backend));
  });

  it('a unit returned for correction that sends its figures again is received (the note goes); undo restores the return', async () => {
    const s = await open(new MemoryBackend());
    s.importCells([{ key: 'schools_primary@2019#a', after: value('schools_primary', '3') }], [], undefined, [], undefined, { addUnits: [county('a', '甲县')] });
    s.workbook.collection.set('a', { returned: { time: 't0', note: '小学数有误' } });
    s.importCells([{ key: 'schools_primary@2019#a', after: value('schools_primary', '4') }], [], undefined, [], undefined, { received: new Map([['a', { time: 't1', file: 'a.csv' }]]) });
    expect(s.workbook.collection.get('a')).toEqual({ received: { time: 't1', file: 'a.csv' } });
    s.undo();
    expect(s.workbook.collection.get('a')).toEqual({ returned: { time: 't0', note: '小学数有误' } });
  });
});
