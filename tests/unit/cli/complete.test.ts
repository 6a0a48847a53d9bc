/**
 * Complete and consistent on the command line: `npm run validate -- FILE --json` prints valid,
 * complete, missing and unchecked; --require-complete exits 1 on incomplete figures; `npm run export`
 * writes "complete": false naming the dropped part and says so plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { addYear, baseline } from '../data/next-years.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
let dir: string;

function run(script: string, ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli', script), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'complete-cli-'));
  const full = baseline();
  addYear(full, '2019', '2020');
  writeFileSync(join(dir, 'full.json'), JSON.stringify(workbookToJson(full)));
  const dropped = baseline();
  addYear(dropped, '2019', '2020', { drop: ['students_kindergarten'] });
  writeFileSync(join(dir, 'dropped.json'), JSON.stringify(workbookToJson(dropped)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MISSING = [{ indicator: 'students_kindergarten', period: '2020' }];

describe('validate and export say whether the figures are complete', { timeout: 120_000 }, () => {
  it('--json on a file with a dropped part: valid, not complete, naming the part; exit 0 (no errors)', () => {
    const r = run('validate.ts', 'dropped.json', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ valid: true, complete: false, missing: MISSING });
    // the plausibility check of an empty figure has nothing to check (the figure is listed as missing)
    expect(out.unchecked.map((u: { rule: string }) => u.rule)).toEqual(['balance_students_total', 'ratio_ptr_kindergarten']);
    expect(out.unchecked[0].emptyCells).toEqual(MISSING);
    // the 2018 column's rules are counted by reason, and with the unchecked ones make up every not-computable finding
    const quiet = out.notComputableByReason as { code: string; period: string; count: number }[];
    expect(quiet.find((q) => q.period === '2018' && q.code === 'rule.not_computable.missing')?.count).toBeGreaterThan(0);
    expect(quiet.reduce((n, q) => n + q.count, 0) + out.unchecked.length).toBe(out.counts.notComputable);
  });

  it('--require-complete exits 1 on it, and 0 on the complete file', () => {
    expect(run('validate.ts', 'dropped.json', '--require-complete').code).toBe(1);
    const full = run('validate.ts', 'full.json', '--require-complete', '--json');
    expect(full.code).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ valid: true, complete: true, missing: [], unchecked: [] });
  });

  it('the text report lists the missing figure and the unchecked rules, and says incomplete in the summary', () => {
    const r = run('validate.ts', 'dropped.json');
    expect(r.out).toContain('缺少的数 (1)\n  students_kindergarten@2020 (在园幼儿数)');
    expect(r.out).toContain('[balance_students_total] 2020 — 空: students_kindergarten@2020');
    expect(r.out).toMatch(/无错误，数据不完整（缺 1 个数，2 条规则未核对）/);
    // the not-computable findings of other years are grouped, not listed one by one
    expect(r.out).toContain('其他无法计算（按原因合并）');
    expect(r.out).not.toContain('[balance_students_total] 2018');
  });

  it('export writes "complete": false naming the part, and says valid but incomplete', () => {
    const r = run('export.ts', 'dropped.json', '--format', 'json', '--out', 'out.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('数据无错误但不完整 / valid but incomplete');
    expect(r.out).toContain('students_kindergarten@2020');
    const file = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(workbookSchemaIssues(file)).toEqual([]);
    expect(file.validation).toMatchObject({ valid: true, complete: false, missing: MISSING });
    // the schema refuses a report that says complete while listing a missing figure
    expect(workbookSchemaIssues({ ...file, validation: { ...file.validation, complete: true } }).length).toBeGreaterThan(0);
  });
});
