/**
 * Writes tests/unit/import/fixtures/preview-golden.json from the import code of another checkout (the code
 * BEFORE the speed-ups, commit 3c7a7ea): `npx tsx tests/unit/import/tools/write-preview-golden.ts /path/to/checkout`.
 * The checkout needs src/, data/, schemas/ and bench/ (bench/units.ts of this branch for the generated files).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GOLDEN_PATH, goldenWorkbooks, runBatches } from '../preview-golden.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: write-preview-golden.ts <checkout>');
const at = pathToFileURL(root.endsWith('/') ? root : `${root}/`);
const imp = await import(new URL('src/core/import/index.ts', at).href);
const units = await import(new URL('src/core/model/units.ts', at).href);
const model = await import(new URL('src/core/model/workbook.ts', at).href);
const data = await import(new URL('src/core/data/catalog.ts', at).href);
const base = await import(new URL('src/core/data/baseline.ts', at).href);
const io = await import(new URL('src/core/io/workbook-json.ts', at).href);
const bench = await import(new URL('bench/units.ts', at).href);
const files = bench.roundFiles(bench.UNITS_IMPORT_QUICK);
const golden = await runBatches(
  imp,
  goldenWorkbooks({
    Workbook: model.Workbook,
    UnitTree: units.UnitTree,
    ROOT_UNIT: units.ROOT_UNIT,
    CATALOG: data.CATALOG,
    baselineWorkbook: () => io.workbookFromJson(base.BASELINE_2019_JSON, data.CATALOG),
    roundWorkbook: () => bench.roundWorkbook(bench.UNITS_IMPORT_QUICK),
  }),
  (i) => files[i],
  at,
);
writeFileSync(GOLDEN_PATH, JSON.stringify(golden, null, 1) + '\n');
console.log(`wrote ${GOLDEN_PATH.pathname}`);
