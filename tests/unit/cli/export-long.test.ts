/** `npm run export` with text over Excel's cell limit: the file is written with the text cut and noted, the warning on stderr, never a stack trace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { EXCEL_CELL_CHARS } from '../../../src/core/io/table.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-long-'));
  const long = '长'.repeat(100_000);
  writeFileSync(
    join(dir, 'long.json'),
    JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods: ['2020'], values: [{ indicator: 'schools_total', period: '2020', raw: long, state: 'invalid' }] }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run export: text over 32,767 characters', { timeout: 120_000 }, () => {
  it.each(['xlsx', 'csv'])('%s: written (exit 1: the text is not a figure), cut with a note, the cut named on stderr', (format) => {
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/export.ts'), 'long.json', '--format', format, '--out', `out.${format}`], { cwd: dir, encoding: 'utf8', timeout: 110_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(r.stderr).toMatch(/warning: .*\n .*schools_total.*100,000 characters, more than Excel's cell limit of 32,767/);
    const bytes = readFileSync(join(dir, `out.${format}`));
    const book = XLSX.read(bytes, { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1, raw: false }) as string[][];
    // the 2020 column (the status and findings columns follow it)
    const at = rows.find((row) => row.includes('2020'))!.indexOf('2020');
    const cell = String(rows.find((row) => row[0] === 'schools_total')![at]);
    expect(cell.length).toBeLessThanOrEqual(EXCEL_CELL_CHARS);
    expect(cell).toContain('原文 100,000 字');
  });
});
