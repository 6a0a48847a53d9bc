import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATALOG } from '../../../src/core/data/catalog.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const HAS_RULES = existsSync(join(ROOT, 'data/rules.json'));
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  outcome: string;
  cells: { indicator: string; period: string }[];
  expected: number | null;
  actual: number | null;
  difference: number | null;
  message: { zh: string; en: string };
  explanation?: { reason: string; by?: string };
}

const input = (values: unknown[], periods = ['2020']) =>
  JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods, values });

/** A copy of the 2019 baseline with one figure changed. */
function baselineWith(indicator: string, n: number): string {
  const b = JSON.parse(readFileSync(join(ROOT, 'data/baseline-2019.json'), 'utf8'));
  const v = b.values.find((x: { indicator: string; period: string }) => x.indicator === indicator && x.period === '2019');
  v.raw = String(n);
  v.value = n;
  return JSON.stringify(b);
}

/** A one-rule set, so the tests do not depend on data/rules.json (being written in parallel). */
const SENIOR_HIGH_RULES = JSON.stringify({
  version: 'test-1',
  rules: [
    {
      id: 'test_senior_high_balance',
      kind: 'balance',
      severity: 'error',
      total: 'schools_senior_high',
      parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'],
    },
  ],
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
  writeFileSync(join(dir, 'rules.json'), SENIOR_HIGH_RULES);
  writeFileSync(join(dir, 'broken.json'), baselineWith('schools_senior_high', 18)); // 6 + 7 + 4 = 17
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run validate (src/cli/validate.ts)', { timeout: 120_000 }, () => {
  it('the 2019 baseline alone has no errors (exit 0), in text and JSON', () => {
    const text = run();
    expect(text.err).toBe('');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/无错误，数据完整 — 错误 0，警告 0，已说明 2，无法计算 \d+，通过 \d+/);
    // the rises the report states are listed apart with the report's sentence
    expect(text.out).toContain('已说明 (2)');
    expect(text.out).toContain('说明：“专科上线10613人,比上年增加2631人”');
    const json = run('--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.out);
    expect(out.valid).toBe(true);
    expect(out.counts.error).toBe(0);
    expect(out.counts).toMatchObject({ warning: 0, explained: 2 });
    expect(out.findings.filter((f: JsonFinding) => f.explanation).map((f: JsonFinding) => f.explanation!.by)).toEqual(['report', 'report']);
    expect(out.findings.filter((f: JsonFinding) => f.severity === 'error' && f.outcome === 'failed')).toEqual([]);
  });

  it('a broken total exits 1; the JSON names the rule, the cells (indicator and period), the numbers and both messages', () => {
    const r = run('broken.json', '--rules', 'rules.json', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.valid).toBe(false);
    expect(out.counts.error).toBe(1);
    const f = (out.findings as JsonFinding[]).find((x) => x.outcome === 'failed')!;
    expect(f).toMatchObject({ ruleId: 'test_senior_high_balance', severity: 'error', expected: 17, actual: 18 });
    expect(Math.abs(f.difference!)).toBe(1);
    expect(f.cells).toContainEqual({ indicator: 'schools_senior_high', period: '2019' });
    expect(f.message.zh).toContain('18');
    expect(f.message.en).toContain('18');
    // every finding carries every field
    for (const x of out.findings as JsonFinding[]) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'outcome', 'cells', 'expected', 'actual', 'difference', 'message']));
      for (const c of x.cells) expect(Object.keys(c).sort()).toEqual(['indicator', 'period']);
    }
  });

  it('the same in readable text: grouped under 错误, with cells, expected/actual/difference and a summary; --lang en', () => {
    const zh = run('broken.json', '--rules', 'rules.json');
    expect(zh.code).toBe(1);
    expect(zh.out).toMatch(/^错误 \(1\)\n {2}\[test_senior_high_balance\] 2019/);
    expect(zh.out).toContain('schools_senior_high@2019');
    expect(zh.out).toContain('应为 17，实际 18，差 1');
    expect(zh.out).toMatch(/broken\.json：有错误，数据完整 — 错误 1，/);
    const en = run('broken.json', '--rules', 'rules.json', '--lang', 'en');
    expect(en.code).toBe(1);
    expect(en.out).toMatch(/^Errors \(1\)/);
    expect(en.out).toContain('expected 17, actual 18, difference 1');
    expect(en.out).toMatch(/has errors, complete — errors 1, /);
  });

  it.runIf(HAS_RULES)('--json lists the suspect with its suggestion and slip; the text names it too', () => {
    writeFileSync(join(dir, 'swapped.json'), baselineWith('students_primary', 265665)); // published 256,665
    const r = run('swapped.json', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.suspects).toHaveLength(1);
    expect(out.suspects[0]).toMatchObject({ status: 'unique', findings: expect.arrayContaining(['ratio_ptr_primary|2019']) });
    expect(out.suspects[0].sets).toEqual([
      {
        weight: 1,
        cells: [
          expect.objectContaining({ indicator: 'students_primary', period: '2019', current: 265665, value: 256665, raw: '256665', slip: 'transposition', range: null }),
        ],
      },
    ]);
    expect(out.suspects[0].message.en).toContain('256,665 entered as 265,665');
    const text = run('swapped.json');
    expect(text.out).toContain('可能有误的数 (1)');
    expect(text.out).toContain('是否把 256,665 输成了 265,665（相邻两位数字颠倒）');
    // nothing wrong, nothing suspected
    expect(JSON.parse(run('--json').out).suspects).toEqual([]);
  });

  it('the unchanged baseline passes the same rule (exit 0)', () => {
    const r = run('--rules', 'rules.json', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).findings.filter((f: JsonFinding) => f.outcome === 'failed')).toEqual([]);
  });

  it.runIf(HAS_RULES)('with the bundled rule set, the baseline with schools_total changed exits 1 and names schools_total', () => {
    writeFileSync(join(dir, 'total.json'), baselineWith('schools_total', 935));
    const r = run('total.json', '--json');
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.out).findings as JsonFinding[]).filter((f) => f.severity === 'error' && f.outcome === 'failed');
    const named = errors.filter((f) => f.cells.some((c) => c.indicator === 'schools_total' && c.period === '2019'));
    expect(named.length).toBeGreaterThan(0);
    expect(named.some((f) => f.difference !== null && Math.abs(f.difference) === 1)).toBe(true);
  });

  it('an unreadable figure in a JSON file is an error (exit 1) naming its cell', () => {
    writeFileSync(join(dir, 'invalid.json'), input([{ indicator: 'schools_total', period: '2020', raw: 'abc', state: 'invalid' }]));
    const r = run('invalid.json', '--json');
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.out).findings as JsonFinding[]).filter((x) => x.severity === 'error');
    expect(f.some((x) => x.cells.some((c) => c.indicator === 'schools_total' && c.period === '2020'))).toBe(true);
  });

  const samples: [string, string[]][] = [
    ['next-year-2020-wide-utf8.csv', []],
    ['next-year-2020-long.csv', []],
    ['next-year-2020-merged-header.xlsx', []],
    ['next-year-2020-label-value-gb18030.csv', ['--period', '2020']],
  ];
  it.each(samples)('reads the sample %s (exit 0 or 1, 2020 among the periods)', (name, extra) => {
    const r = run(join(ROOT, 'data/samples', name), ...extra, '--json');
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.out);
    expect(out.periods).toContain('2020');
    expect(out.valid).toBe(r.code === 0);
  });

  it.runIf(HAS_RULES)('the wide CSV sample: its deliberate 2020 schools total (946 ≠ 944) is reported', () => {
    const r = run(join(ROOT, 'data/samples/next-year-2020-wide-utf8.csv'), '--json');
    const f = (JSON.parse(r.out).findings as JsonFinding[]).filter((x) => x.outcome === 'failed');
    expect(f.some((x) => x.cells.some((c) => c.indicator === 'schools_total' && c.period === '2020'))).toBe(true);
  });

  const bad: [string, string | Buffer | null, string[], RegExp][] = [
    ['missing file', null, ['nope.json'], /file not found: nope\.json/],
    ['a directory', 'DIR', ['adir.json'], /adir\.json is not a file/],
    ['binary JSON', Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x01]), ['bin.json'], /bin\.json is not UTF-8 text/],
    ['NUL bytes', Buffer.from('{"a":\u0000}'), ['nul.json'], /nul\.json contains NUL bytes/],
    ['not JSON', '{oops', ['bad.json'], /bad\.json is not valid JSON/],
    ['schema violation', input([{ indicator: 'schools_total', period: '2020', raw: '10', state: 'value', value: 11 }]), ['schema.json'], /schema\.json[\s\S]*values\/0/],
    ['not a workbook', '[1,2,3]', ['arr.json'], /arr\.json/],
    ['empty CSV', '', ['empty.csv'], /empty\.csv/],
    ['binary "CSV"', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 9, 8]), ['bin.csv'], /bin\.csv/],
    ['bad rule file', SENIOR_HIGH_RULES.replace('"balance"', '"nonsense"'), ['--rules', 'badrules.json'], /badrules\.json/],
    ['unknown option', null, ['--format', 'json'], /unknown option --format/],
    ['bad --lang', null, ['--lang', 'fr'], /--lang must be zh or en/],
    ['bad --period', null, ['--period', '20x0'], /--period must be a four-digit year/],
    ['option without its value', null, ['--rules'], /--rules 缺少取值 \/ --rules needs a value/],
    ['two input files', null, ['a.json', 'b.json'], /only one input file: b\.json/],
  ];
  it.each(bad)('exit 2 and a reason: %s', (_name, content, args, message) => {
    const target = args[0] === '--rules' ? args[1] : args[0];
    if (content === 'DIR') mkdirSync(join(dir, target), { recursive: true });
    else if (content !== null) writeFileSync(join(dir, target), content);
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});
