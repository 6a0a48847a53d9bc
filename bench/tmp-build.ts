import { blocksOfRows, rowsOfBlock, emptyMeta, type StoredRow, type StoredCell, dict } from '../src/storage/store.ts';
import { workbookFromSnapshot } from '../src/storage/convert.ts';
import { compileRules } from '../src/core/rules/validator.ts';
import { bigCatalog, bigRules } from './big.ts';
import { unitStoredWorkbook, UNITS_OPEN_FULL as z } from './units-stored.ts';
const data = unitStoredWorkbook(z);
const rowsM = new Map<string, Record<string, StoredCell>>();
for (const w of data.writes) { let r = rowsM.get(w.indicator); if (!r) rowsM.set(w.indicator, r = dict()); r[w.period] = w.cell!; }
const blocks = blocksOfRows('default', [...rowsM].map(([indicator, cells]) => ({ workbook: 'default', indicator, cells })));
const rows = blocks.flatMap(rowsOfBlock);
const meta = { ...emptyMeta('default', 'x'), periods: data.periods, units: data.units };
const catalog = bigCatalog(z.indicators);
const rules = bigRules(z.indicators);
for (let k = 0; k < 6; k++) {
  const t0 = performance.now();
  const wb = workbookFromSnapshot({ meta, rows }, catalog);
  const t1 = performance.now();
  const v = compileRules(rules, wb);
  const t2 = performance.now();
  v.reevaluate(); const f = v.findings();
  const t3 = performance.now();
  console.log(`build ${(t1 - t0).toFixed(0)} compile ${(t2 - t1).toFixed(0)} validate ${(t3 - t2).toFixed(0)} size ${wb.values.size} f ${f.length}`);
}
