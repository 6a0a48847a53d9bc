import { CATALOG } from '../../../src/core/data/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';

const county = (id: string, mode: ReportingUnit['mode'] = 'reported'): ReportingUnit => ({ id, name: { zh: `${id}区`, en: `${id} district` }, code: `4417${id.length}`, aliases: [`${id}`], parent: 'city', level: 'county', mode });

/** A workbook with two counties, a school, county and school figures and a collection round. */
export function unitWorkbook(): Workbook {
  const wb = new Workbook(CATALOG, ['2019', '2020']);
  wb.units.add(county('east'));
  wb.units.add(county('west', 'derived'));
  wb.units.add({ id: 'west-no1', name: { zh: '西区第一中学', en: 'West No. 1' }, parent: 'west', level: 'school', mode: 'reported' });
  const ind = CATALOG.indicators.find((i) => i.id === 'schools_total')!;
  const unit = CATALOG.units.find((u) => u.id === ind.unit)!;
  const put = (key: string, raw: string) => wb.apply([{ key, after: parseValue(raw, ind, unit) }]);
  put(cellKey('schools_total', '2019'), '934');
  put(cellKey('schools_total', '2019', 'east'), '500');
  put(cellKey('schools_total', '2020', 'east'), '约510');
  put(cellKey('schools_total', '2019', 'west'), '434');
  put(cellKey('schools_total', '2019', 'west-no1'), 'x1');
  wb.meta.set(cellKey('schools_total', '2019', 'east'), { source: '东区公报' });
  wb.collection.set('east', { received: { time: '2026-11-30T06:00:00.000Z', file: '东区.xlsx' } });
  wb.collection.set('west', { returned: { time: '2026-11-30T07:00:00.000Z', note: '学校数与分项不符' } });
  return wb;
}
