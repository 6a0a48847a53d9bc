import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson, workbookSchemaIssues } from '../../../src/core/io/workbook-json.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli/export.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const input = (values: unknown[], periods = ['2020']) =>
  JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods, values });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run export (src/cli/export.ts)', { timeout: 120_000 }, () => {
  it('exports the baseline as JSON (exit 0) that conforms and loads back', () => {
    const r = run('--format', 'json', '--out', 'b.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(workbookSchemaIssues(json)).toEqual([]);
    expect(json.validation.valid).toBe(true);
    expect(workbookFromJson(json, CATALOG).get('schools_total', '2019').n).toBe(934);
  });

  it('applies FILE onto the baseline; an unreadable figure makes exit 1 and a file marked not valid (csv and xlsx too)', () => {
    writeFileSync(join(dir, 'in.json'), input([{ indicator: 'schools_total', period: '2020', raw: 'abc', state: 'invalid' }]));
    const r = run('in.json', '--format', 'json', '--out', 'o.json');
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8'));
    expect(json.periods).toEqual(['2018', '2019', '2020']);
    expect(json.validation.valid).toBe(false);
    expect(json.validation.counts.error).toBeGreaterThan(0);
    expect(run('in.json', '--format', 'csv', '--out', 'o.csv').code).toBe(1);
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toContain('schools_total');
    expect(run('in.json', '--format', 'xlsx', '--out', 'o.xlsx').code).toBe(1);
    const book = XLSX.read(readFileSync(join(dir, 'o.xlsx')), { type: 'buffer' });
    expect(book.SheetNames.length).toBe(2);
  });

  it('reads CSV and XLSX input the way the import dialog does (the samples)', () => {
    const csv = run(join(ROOT, 'data/samples/next-year-2020-wide-utf8.csv'), '--format', 'json', '--out', 'c.json');
    expect(csv.code === 0 || csv.code === 1).toBe(true);
    const a = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    expect(a.periods).toContain('2020');
    expect(a.values.some((v: { period: string }) => v.period === '2020')).toBe(true);
    const xlsx = run(join(ROOT, 'data/samples/next-year-2020-merged-header.xlsx'), '--format', 'json', '--out', 'x2.json');
    expect(xlsx.code === 0 || xlsx.code === 1).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'x2.json'), 'utf8')).periods).toContain('2020');
  });

  const bad: [string, string | null, string[], RegExp][] = [
    ['empty CSV', '', ['bad.csv', '--format', 'json', '--out', 'x.json'], /bad\.csv/],
    ['missing file', null, ['nope.json', '--format', 'json', '--out', 'x.json'], /nope\.json/],
    ['not JSON', '{oops', ['bad.json', '--format', 'json', '--out', 'x.json'], /not valid JSON/],
    ['value disagrees with raw', input([{ indicator: 'schools_total', period: '2020', raw: '10', state: 'value', value: 11 }]), ['bad.json', '--format', 'json', '--out', 'x.json'], /values\/0/],
    ['bad format option', input([]), ['bad.json', '--format', 'pdf', '--out', 'x.json'], /--format/],
    ['no --out', input([]), ['bad.json', '--format', 'csv'], /--out/],
  ];
  it.each(bad)('exit 2 and a reason: %s', (_name, content, args, message) => {
    if (content !== null) writeFileSync(join(dir, args[0]), content);
    rmSync(join(dir, 'x.json'), { force: true });
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});
