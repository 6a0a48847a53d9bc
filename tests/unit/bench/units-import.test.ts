import { describe, expect, it } from 'vitest';
import { benchUnitImport, importRound, roundFiles, roundWorkbook, UNITS_IMPORT_FULL, UNITS_IMPORT_QUICK } from '../../../bench/units.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';

describe('the round import bench part (npm run bench -- --units-import --quick)', () => {
  it('gives read, combine, commit, snapshot and the total against the 5 s goal, each finite', async () => {
    const figs = await benchUnitImport(UNITS_IMPORT_QUICK);
    expect(figs.map((f) => f.name.replace(/\s*\(.*$/, ''))).toEqual([
      'units import: read + preview of every file, as the import worker does it',
      'units import: combine the previews',
      'units import: commit',
      'units import: a workbook snapshot with its figures to the worker',
      'units import: the whole round',
    ]);
    for (const f of figs) expect(Number.isFinite(f.value), f.name).toBe(true);
    expect(figs[4].goal).toEqual({ max: 5000 });
  });

  it('imports every generated figure into its unit, the city left to the roll-up, and the full size is what the issue asks and the limits admit', async () => {
    const z = UNITS_IMPORT_QUICK;
    const wb = roundWorkbook(z);
    const { batch } = await importRound(wb, roundFiles(z));
    expect(batch.changes).toHaveLength(z.counties * (z.schoolsPerCounty + 1) * z.indicators);
    expect(wb.get('g000000', '2020', 'c1-s3').raw).not.toBe('');
    expect(wb.get('g000000', '2020').raw).toBe('');
    expect([...batch.received.keys()]).toHaveLength(z.counties * (z.schoolsPerCounty + 1));
    const full = UNITS_IMPORT_FULL;
    expect(full.counties * (full.schoolsPerCounty + 1)).toBe(3000);
    expect(full.counties * (full.schoolsPerCounty + 1) * full.indicators).toBe(225_000);
    expect((full.schoolsPerCounty + 1) * full.indicators + 1).toBeLessThanOrEqual(IMPORT_LIMITS.maxRows);
  });
});
