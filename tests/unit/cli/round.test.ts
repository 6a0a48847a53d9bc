/**
 * `npm run validate -- --round DIR|FILE… [--into WORKBOOK.json] [--year] [--json] [--out]`: a collection
 * round in one command, on the made-up round samples (data/samples/round) and the units-as-rows corpus
 * (tests/fixtures/unit-rows), with the exit codes of the other commands and a report larger than a pipe's
 * buffer arriving whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { piped, ROOT, toFiles } from './pipe-helpers.ts';

const INTO = join(ROOT, 'data/samples/round-units.json');
const ROUND = join(ROOT, 'data/samples/round');
const CORPUS = join(ROOT, 'tests/fixtures/unit-rows');
/** The corpus's tables (its README and generator are no returns), in the order the round reads them. */
const CORPUS_FILES = readdirSync(CORPUS).filter((f) => /\.(?:csv|xlsx)$/.test(f)).sort();
let dir: string;
const run = (...args: string[]) => toFiles(dir, 'src/cli/validate.ts', args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-round-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RoundJson {
  files: { file: string; used: boolean; unit?: string | null; foundIn?: { zh: string; en: string }[]; unitNames?: { text: string; unit: string | null; role?: string }[]; errors: { zh: string; en: string }[] }[];
  units: { period: string; rows: { unit: string; received: { file: string } | null; errors: number; missing: number; valid: boolean; rollup: { kind: string } }[] }[];
  valid: boolean;
  allFilesUsed: boolean;
  counts: { error: number };
  findings: { ruleId: string; unit: string; severity: string }[];
}

describe('validate --round', { timeout: 120_000 }, () => {
  it('the round samples: each file’s unit or why it is not sure; the sure ones applied; exit 2 for the files left out', () => {
    const r = run('--round', ROUND, '--into', INTO, '--json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as RoundJson;
    const byFile = new Map(json.files.map((f) => [f.file, f]));
    // README.md and make-round.ts are no returns; the --into workbook is not read as one
    expect([...byFile.keys()].sort()).toEqual(['东平县2020年教育事业统计表.csv', '分县区长表-2020.csv', '各县（市、区）2020年主要教育指标.csv', '宁阳县.xlsx', '岱岳区教育局上报.csv'].sort());
    expect(byFile.get('东平县2020年教育事业统计表.csv')).toMatchObject({ used: true, unit: 'dongping' });
    expect(byFile.get('东平县2020年教育事业统计表.csv')!.foundIn!.map((x) => x.zh)).toContain('填报单位（A2）');
    expect(byFile.get('岱岳区教育局上报.csv')).toMatchObject({ used: true, unit: 'daiyue' });
    // not sure: 高新区 is no unit of the tree — the reason given, nothing applied
    const long = byFile.get('分县区长表-2020.csv')!;
    expect(long.used).toBe(false);
    expect(long.unitNames!.find((n) => n.text === '高新区')).toEqual({ text: '高新区', unit: null });
    expect(long.errors.map((e) => e.zh).join()).toContain('“高新区”不是已知的单位');
    // the by-unit table's 合计 column is the city, the parent its six counties share: used
    const wide = byFile.get('各县（市、区）2020年主要教育指标.csv')!;
    expect(wide.used).toBe(true);
    expect(wide.unitNames!.find((n) => n.text === '合计')).toMatchObject({ text: '合计', unit: 'city' });
    expect(json.allFilesUsed).toBe(false);
    // per unit: received from the files used only (新泰市's own figures are in the unused long table and the by-unit table)
    const rows = new Map(json.units.find((u) => u.period === '2020')!.rows.map((x) => [x.unit, x]));
    expect(rows.get('dongping')!.received?.file).toBe('东平县2020年教育事业统计表.csv、各县（市、区）2020年主要教育指标.csv');
    expect(rows.get('xintai')!.received?.file).toBe('各县（市、区）2020年主要教育指标.csv');
  });

  it('the units-as-rows corpus: every file used, its rows’ units; exit by the figures’ errors; the text report', () => {
    const r = run('--round', CORPUS, '--into', INTO, '--json');
    const json = JSON.parse(r.out) as RoundJson;
    expect(json.files.every((f) => f.used)).toBe(true);
    expect(json.files.map((f) => f.file)).toEqual(CORPUS_FILES);
    const kg = json.files.find((f) => f.file === '分县区幼儿园情况-2020.csv')!;
    expect(kg.unitNames!.find((n) => n.text === '其中：高新区')).toEqual({ text: '其中：高新区', unit: null, role: 'part' });
    expect(kg.unitNames!.find((n) => n.text === '东平')!.unit).toBe('dongping');
    // exit 1 exactly when the figures have errors; each error finding listed with its unit
    expect(r.code).toBe(json.counts.error > 0 ? 1 : 0);
    expect(json.findings.filter((f) => f.severity === 'error')).toHaveLength(json.counts.error);
    const y2020 = json.units.find((u) => u.period === '2020')!.rows;
    expect(y2020.filter((x) => x.unit !== 'city').every((x) => x.received !== null && x.errors === 0 && x.missing === 0)).toBe(true);
    // the same round as text, in English
    const t = run('--round', CORPUS, '--into', INTO, '--lang', 'en');
    expect(t.code).toBe(r.code);
    expect(t.out).toContain('其中：高新区→left out (subtotal)');
    expect(t.out).toContain(`Round: ${CORPUS_FILES.length} files, ${CORPUS_FILES.length} imported`);
  });

  it('files given one by one, --year for a table without one, --out writes the round as a workbook', () => {
    const noYear = join(dir, '宁阳县上报.csv');
    writeFileSync(noYear, '填报单位：宁阳县教育局\n指标,数值\n小学数,47\n');
    const out = join(dir, 'round.json');
    const r = run('--round', join(ROUND, '岱岳区教育局上报.csv'), noYear, '--into', INTO, '--year', '2020', '--out', out, '--json');
    expect(r.code).toBe(0);
    const wb = workbookFromJson(JSON.parse(readFileSync(out, 'utf8')), CATALOG);
    expect(wb.get('schools_primary', '2020', 'ningyang').raw).toBe('47');
    expect(wb.get('students_primary', '2020', 'daiyue').raw).toBe('41,003');
    expect(wb.collection.get('ningyang')?.received?.file).toBe('宁阳县上报.csv');
    // without --year the same file cannot be used: its year is asked for
    const n = run('--round', noYear, '--into', INTO, '--json');
    expect(n.code).toBe(2);
    expect((JSON.parse(n.out) as RoundJson).files[0].errors[0].en).toContain('choose the year');
  });

  it('without --into (the city alone) every file is the city’s: a figure two files give differently leaves the later file out', () => {
    const r = run('--round', join(ROUND, '东平县2020年教育事业统计表.csv'), join(ROUND, '宁阳县.xlsx'), '--json');
    const json = JSON.parse(r.out) as RoundJson;
    expect(json.files[0]).toMatchObject({ used: true, unit: 'city' });
    expect(json.files[1]).toMatchObject({ used: false, unit: 'city' });
    // 小学数 51 there, 47 here: which is meant cannot be guessed
    expect(json.files[1].errors.map((e) => e.zh).join()).toMatch(/与文件“东平县2020年教育事业统计表.csv”给出的同一格数值不同：那里为“51”，此处为“47”/);
    expect(r.code).toBe(2);
  });

  it.each([
    [['--round'], '--round needs files or a folder'],
    [['--round', join(ROOT, 'no-such-dir')], 'file not found'],
    [['--round', ROUND, '--format', 'csv'], '--format needs --out'],
    [['--round', ROUND, '--year', '20'], 'four-digit year'],
    [['--round', ROUND, '--unit', 'x'], 'does not take --unit'],
  ])('usage %j: exit 2 with the reason', (args, reason) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(reason);
  });

  it('a round report far larger than a pipe’s 64 KiB arrives whole, as to a file', () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    const N = 240;
    for (let i = 0; i < N; i++) copyFileSync(join(ROUND, '岱岳区教育局上报.csv'), join(many, `岱岳区-${String(i).padStart(3, '0')}.csv`));
    const args = ['--round', many, '--into', INTO, '--json'];
    const p = piped(dir, 'src/cli/validate.ts', args);
    expect(p.out.length).toBeGreaterThan(64 * 1024);
    const json = JSON.parse(p.out) as RoundJson;
    expect(json.files).toHaveLength(N);
    expect(json.files.at(-1)!.file).toBe(`岱岳区-${N - 1}.csv`);
    const f = toFiles(dir, 'src/cli/validate.ts', args);
    expect(p.code).toBe(f.code);
    expect(p.out.replace(/"time": "[^"]*"/g, '')).toBe(f.out.replace(/"time": "[^"]*"/g, ''));
  });
});
