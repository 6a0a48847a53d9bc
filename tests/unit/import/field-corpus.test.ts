/**
 * The field corpus (data/samples/field/, made-up figures laid out and named as real bulletins and yearbook
 * tables are): each file's rows against the mapping a statistician wrote by hand (expected.json), its year
 * found without being told, and its planted inconsistency found by the default path — the import pipeline
 * in-process, and the CLI (`validate FILE --json`) as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_DIR, fieldExpectations, scoreCorpus, type FileScore } from '../../../bench/field.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { previewImport } from '../../../src/core/import/index.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const RULES = loadRuleFile(JSON.parse(readFileSync(join(ROOT, 'data/rules.json'), 'utf8')), CATALOG, 'data/rules.json');
const expectations = fieldExpectations();
let scores: FileScore[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'field-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the field corpus', () => {
  it('has at least six files, each with expectations for every data row and a planted inconsistency', async () => {
    expect(expectations.length).toBeGreaterThanOrEqual(6);
    scores = await scoreCorpus();
    for (const s of scores) {
      const dataRows = (s.read.lines ?? []).filter((l) => l.hasValues).map((l) => String(l.row));
      const e = expectations.find((x) => x.file === s.file)!;
      expect(dataRows.sort()).toEqual(Object.keys(e.rows).sort());
    }
  });

  it('auto-matches ≥ 95 % of the rows that have a catalog indicator and matches none wrong (printed per file)', () => {
    const lines = scores.map((s) => {
      const rate = s.withIndicator ? ((100 * s.right) / s.withIndicator).toFixed(1) : '—';
      return `${s.file}: ${s.right}/${s.withIndicator} right (${rate} %), wrong ${s.wrong.length}, left for the user ${s.missed.length}`;
    });
    const right = scores.reduce((a, s) => a + s.right, 0);
    const total = scores.reduce((a, s) => a + s.withIndicator, 0);
    const wrong = scores.flatMap((s) => s.wrong.map((w) => `${s.file} row ${w.row} "${w.label}": ${w.got}, expected ${w.want}`));
    lines.push(`overall: ${right}/${total} right (${((100 * right) / total).toFixed(1)} %), wrong ${wrong.length}`);
    console.log(`field corpus matching\n  ${lines.join('\n  ')}`);
    expect(wrong).toEqual([]);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  it.each(expectations.map((e) => [e.file, e] as const))('%s: the year is found without being told', (file, e) => {
    const s = scores.find((x) => x.file === file)!;
    expect(s.read.errors).toEqual([]);
    expect(s.read.periods).toEqual(e.periods);
  });

  it.each(expectations.map((e) => [e.file, e] as const))('%s: the planted inconsistency is found by the import preview and validation', (file, e) => {
    const s = scores.find((x) => x.file === file)!;
    const wb = new Workbook(CATALOG, []);
    const p = previewImport(wb, s.read.cells, file);
    for (const period of p.newPeriods) wb.addPeriod(period);
    wb.apply(p.changes);
    const failed = compileRules(RULES, wb)
      .validateAll()
      .findings.filter((f) => f.outcome === 'failed')
      .map((f) => `${f.ruleId}@${f.period}`);
    expect(failed).toContain(`${e.planted.rule}@${e.planted.period}`);
  });

  it.each(expectations.map((e) => [e.file, e] as const))('%s: the CLI finds the planted inconsistency and lists every data row under import', (file, e) => {
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), join(FIELD_DIR, file), '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      findings: { ruleId: string; period: string; outcome: string }[];
      import: { file: string; period: string | null; periods: string[]; rows: { row: number; indicator: string | null; how: string }[] };
    };
    expect(out.valid).toBe(false);
    expect(out.findings.some((f) => f.ruleId === e.planted.rule && f.period === e.planted.period && f.outcome === 'failed')).toBe(true);
    expect(out.import.periods).toEqual(e.periods);
    expect(out.import.period).toBe(e.periods.length === 1 ? e.periods[0] : null);
    const s = scores.find((x) => x.file === file)!;
    const byRow = new Map<number, string | null>();
    for (const m of s.read.mapping) for (const row of m.rows) byRow.set(row, m.indicatorId);
    expect(out.import.rows.map((x) => [x.row, x.indicator])).toEqual(Object.keys(e.rows).map((row) => [Number(row), byRow.get(Number(row)) ?? null]));
    expect(out.import.rows.every((x) => (x.indicator === null) === (x.how === 'none'))).toBe(true);
  });

  it('CLI: --mapping decisions are used first and --save-mapping writes them back (left out, matched by hand)', () => {
    const file = join(FIELD_DIR, 'county-2021-name-unit-year.csv');
    const memory = join(tmp, 'memory.json');
    writeFileSync(
      memory,
      JSON.stringify([
        { label: '小学招生', unit: '人', indicator: null, how: 'left-out' },
        { label: '幼儿园', unit: '所', indicator: null, how: 'left-out' },
        { label: '九年义务教育巩固率', unit: '%', indicator: 'ger_junior', how: 'user' },
      ]),
    );
    const saved = join(tmp, 'saved.json');
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), file, '--json', '--mapping', memory, '--save-mapping', saved], { encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(r.stdout) as {
      import: { rows: { label: string; indicator: string | null; how: string }[] };
      findings: { ruleId: string; period: string; outcome: string }[];
    };
    const row = (label: string) => out.import.rows.find((x) => x.label === label)!;
    expect(row('九年义务教育巩固率')).toMatchObject({ indicator: 'ger_junior', how: 'remembered' });
    expect(row('幼儿园')).toMatchObject({ indicator: null, how: 'remembered' });
    // with the kindergarten total left out, its balance cannot be computed any more (what leaving a row out costs)
    expect(out.findings.filter((f) => f.ruleId === 'balance_schools_kindergarten' && f.period === '2021').map((f) => f.outcome)).toEqual(['not_computable']);
    const written = JSON.parse(readFileSync(saved, 'utf8')) as { label: string; indicator: string | null; how: string; context?: string }[];
    expect(written.find((d) => d.label === '九年义务教育巩固率')).toMatchObject({ indicator: 'ger_junior' });
    expect(written.find((d) => d.label === '在校生' && d.context === 'primary')).toMatchObject({ indicator: 'students_primary', how: 'user' });
  });

  it('CLI export: the same matching; the exported workbook JSON carries the import memory and reads back', () => {
    const out = join(tmp, 'export.json');
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/export.ts'), join(FIELD_DIR, 'yearbook-2014-group-headings.xlsx'), '--format', 'json', '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1); // written; the planted inconsistency is an error
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { periods: string[]; values: { indicator: string; period: string; raw: string }[]; importMemory: { label: string; indicator: string | null; context?: string }[] };
    expect(doc.periods).toEqual(expect.arrayContaining(['2013', '2014']));
    expect(doc.values.find((v) => v.indicator === 'teachers_total' && v.period === '2014')?.raw).toBe('29960');
    expect(doc.importMemory.find((d) => d.label === '小    学' && d.context === 'teachers')?.indicator).toBe('teachers_primary');
    // the export is a memory for the next run
    const again = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), join(FIELD_DIR, 'yearbook-2014-group-headings.xlsx'), '--json', '--mapping', out], { encoding: 'utf8', timeout: 60_000 });
    const rows = (JSON.parse(again.stdout) as { import: { rows: { indicator: string | null; how: string }[] } }).import.rows;
    expect(rows.every((x) => x.how === 'remembered')).toBe(true);
  });

  it('CLI: --save-mapping to a place that cannot be written is exit 2 with a reason', () => {
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), join(FIELD_DIR, 'county-2021-name-unit-year.csv'), '--save-mapping', join(tmp, 'no-such-dir', 'm.json')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('无法写入');
    expect(r.stderr).toContain('cannot write');
  });

  it('CLI: a --mapping file that is not a list of decisions is refused with exit 2 and a reason', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ label: '小学', unit: '所', indicator: 'schools_primary', how: 'guess' }]));
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), join(FIELD_DIR, 'county-2021-name-unit-year.csv'), '--mapping', bad], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('第 1 项不是有效的名称对照');
    expect(r.stderr).toContain('item 1 is not a mapping decision');
  });
});
