/** README.md and SECURITY.md state the import limits the code enforces (read from IMPORT_LIMITS, not copied). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const n = (x: number) => x.toLocaleString('en');
const mb = (x: number) => `${x / 1048576} MB`;

/** Each limit's row of the docs' table, built from the module. */
const ROWS: [keyof typeof IMPORT_LIMITS, string][] = [
  ['maxFileBytes', `| ${mb(IMPORT_LIMITS.maxFileBytes)} (${n(IMPORT_LIMITS.maxFileBytes)} bytes) |`],
  ['maxRows', `| rows of one sheet or CSV | ${n(IMPORT_LIMITS.maxRows)} |`],
  ['maxCells', `| cells of one sheet or CSV; values of a workbook JSON | ${n(IMPORT_LIMITS.maxCells)} |`],
  ['maxColumns', `| columns holding anything | ${n(IMPORT_LIMITS.maxColumns)} |`],
  ['maxCellChars', `| text of one cell | ${n(IMPORT_LIMITS.maxCellChars)} characters |`],
  ['maxLabelChars', `| ${n(IMPORT_LIMITS.maxLabelChars)} characters |`],
  ['maxPeriods', `| periods (years) a file brings | ${n(IMPORT_LIMITS.maxPeriods)} |`],
  ['maxPartBytes', `| one XLSX part, unzipped | ${mb(IMPORT_LIMITS.maxPartBytes)} |`],
  ['maxUnzippedBytes', `| all XLSX parts, unzipped | ${mb(IMPORT_LIMITS.maxUnzippedBytes)} |`],
];

describe.each(['README.md', 'SECURITY.md'])('%s', (doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  it.each(ROWS)('states %s as the code has it', (_key, row) => {
    expect(text).toContain(row);
  });
  it('names every limit the module has but the header search (not a limit on the file)', () => {
    const keys = Object.keys(IMPORT_LIMITS).filter((k) => k !== 'headerSearchRows');
    expect(keys.sort()).toEqual(ROWS.map(([k]) => k).sort());
  });
});
