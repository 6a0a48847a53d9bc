import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson, workbookSchemaIssues } from '../../../src/core/io/workbook-json.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLEAN = join(ROOT, 'data/samples/units-2019-six-counties.json');
const SLIP = join(ROOT, 'data/samples/units-2019-six-counties-slip.json');
let dir: string;

function run(cmd: 'validate' | 'export', ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, `src/cli/${cmd}.ts`), ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'units-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line with reporting units', { timeout: 180_000 }, () => {
  it('validates a multi-unit file: the slip sample has errors in one county and the city roll-up, one suspect', () => {
    const r = run('validate', SLIP, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { units: number; findings: { ruleId: string; unit?: string; severity: string; outcome: string }[]; suspects: { status: string; sets: { cells: { indicator: string; unit?: string; slip: string | null }[] }[] }[] };
    expect(out.units).toBe(7);
    const errors = out.findings.filter((f) => f.severity === 'error' && f.outcome === 'failed');
    expect(new Set(errors.map((f) => f.unit ?? 'city'))).toEqual(new Set(['nanhu', 'city']));
    expect(out.suspects).toHaveLength(1);
    expect(out.suspects[0].sets[0].cells[0]).toMatchObject({ indicator: 'students_primary', unit: 'nanhu', slip: 'transposition' });
  });

  it.each([
    ['by name', '南湖县', 1],
    ['by alias', '南湖', 1],
    ['by id', 'nanhu', 1],
    ['a county without errors', '江北区', 0],
  ])('--unit %s lists only that unit', (_how, unit, code) => {
    const r = run('validate', SLIP, '--json', '--unit', unit);
    expect(r.code).toBe(code);
    const out = JSON.parse(r.out) as { unit: string; findings: { unit?: string }[] };
    for (const f of out.findings) expect(f.unit).toBe(out.unit);
  });

  it('completeness per unit: a county that sent nothing is not received, one that left figures out has its own missing list', () => {
    // the clean sample with 临海市's figures all gone and 北山县's primary-school figures left out (made up)
    const doc = JSON.parse(readFileSync(CLEAN, 'utf8')) as { values: { indicator: string; reportingUnit?: string }[] };
    doc.values = doc.values.filter((v) => v.reportingUnit !== 'linhai' && !(v.reportingUnit === 'beishan' && (v.indicator === 'students_primary' || v.indicator === 'schools_primary')));
    const file = join(dir, 'round-gaps.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = run('validate', file, '--json', '--require-complete');
    expect(r.code).toBe(1);
    type Out = { complete: boolean; missing: { indicator: string; unit?: string }[]; notReceived: { unit: string; period: string }[]; unitCompleteness: { unit: string; state: string; complete: boolean; missing: { indicator: string }[] }[] };
    const out = JSON.parse(r.out) as Out;
    expect(out.complete).toBe(false);
    expect(out.notReceived).toEqual([{ unit: 'linhai', period: '2019' }]);
    expect(out.missing.map((m) => `${m.unit ?? 'city'}:${m.indicator}`).sort()).toEqual(['beishan:schools_primary', 'beishan:students_primary']);
    const state = Object.fromEntries(out.unitCompleteness.map((e) => [e.unit, e.state]));
    expect(state).toEqual({ city: 'complete', 'city-direct': 'complete', jiangbei: 'complete', jiangnan: 'complete', beishan: 'incomplete', nanhu: 'complete', linhai: 'not_received' });
    // one complete county passes --require-complete on its own; the one not received does not
    const jb = run('validate', file, '--json', '--require-complete', '--unit', '江北区');
    expect([jb.code, (JSON.parse(jb.out) as Out).complete]).toEqual([0, true]);
    const lh = run('validate', file, '--json', '--require-complete', '--unit', '临海市');
    expect([lh.code, (JSON.parse(lh.out) as Out).notReceived]).toEqual([1, [{ unit: 'linhai', period: '2019' }]]);
    // the text report says it per unit
    const text = run('validate', file).out;
    expect(text).toContain('临海市（2019年）：未报送');
    expect(text).toContain('北山县（2019年）：不完整（缺 2 个数');
    expect(text).toContain('江北区（2019年）：完整');
  });

  it('--unit that names no unit: exit 2 listing the units there are', () => {
    const r = run('validate', CLEAN, '--unit', '东山县');
    expect(r.code).toBe(2);
    expect(r.err).toContain('没有单位“东山县”');
    expect(r.err).toContain('nanhu（南湖县）');
  });

  it('exports one unit as JSON that conforms and opens on its own', () => {
    const r = run('export', CLEAN, '--format', 'json', '--out', 'nanhu.json', '--unit', '南湖县');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'nanhu.json'), 'utf8')) as { units: { id: string }[]; values: { reportingUnit?: string }[]; validation: { units?: { unit: string }[] } };
    expect(workbookSchemaIssues(json)).toEqual([]);
    expect(json.units.map((u) => u.id)).toEqual(['city', 'nanhu']);
    expect(new Set(json.values.map((v) => v.reportingUnit))).toEqual(new Set(['nanhu']));
    expect(json.validation.units?.map((u) => u.unit)).toEqual(['nanhu']);
    expect(workbookFromJson(json, CATALOG).get('students_primary', '2019', 'nanhu').n).toBeGreaterThan(0);
  });

  it('exports a level as XLSX: the counties sheet only', () => {
    const r = run('export', CLEAN, '--format', 'xlsx', '--out', 'counties.xlsx', '--level', 'county');
    expect(r.code).toBe(0);
    const book = XLSX.read(readFileSync(join(dir, 'counties.xlsx')), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['县（市、区）', '核查结果']);
  });
});
