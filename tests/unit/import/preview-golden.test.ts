/**
 * A batch preview is what it was before the import's speed-ups (issue 17): the round samples, next year's
 * samples, the field corpus and generated long county files, read, matched, previewed and combined by the
 * code under test, against what the code before the speed-ups gave (fixtures/preview-golden.json; see
 * preview-golden.ts for what is compared and how the file was written).
 */
import { describe, expect, it } from 'vitest';
import * as imp from '../../../src/core/import/index.ts';
import { ROOT_UNIT, UnitTree } from '../../../src/core/model/units.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { roundFiles, roundWorkbook, UNITS_IMPORT_QUICK } from '../../../bench/units.ts';
import { baselineWorkbook, CATALOG } from './helpers.ts';
import { BATCHES, goldenWorkbooks, readGolden, runBatches } from './preview-golden.ts';

describe('batch previews are the same as before the speed-ups', async () => {
  const files = roundFiles(UNITS_IMPORT_QUICK);
  const now = await runBatches(
    imp,
    goldenWorkbooks({ Workbook, UnitTree, ROOT_UNIT, CATALOG, baselineWorkbook, roundWorkbook: () => roundWorkbook(UNITS_IMPORT_QUICK) }),
    (i) => files[i],
    new URL('../../../', import.meta.url),
  );
  const golden = readGolden();

  it.each(BATCHES.map((b) => b.name))('%s', (name) => {
    expect(now[name]).toEqual(golden[name]);
  });

  it('the golden file covers what it should: mapped, unmatched and not-sure rows, new and unchanged cells, blocking errors', () => {
    const all = JSON.stringify(golden);
    for (const s of [' → null none/none [', 'unit-not-sure', ' unchanged ', ' new ', 'alias/name', 'label/name']) expect(all, s).toContain(s);
  });
});
