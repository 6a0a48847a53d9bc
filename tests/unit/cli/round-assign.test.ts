/**
 * `npm run validate -- --round … --assign FILE=UNIT | FILE:NAME=UNIT|-`: the files (and unit names) a round is
 * not sure of, settled by hand. The arguments resolved against the round's files and the --into workbook's
 * units (a table of cases, in process), a round on the made-up samples with every file used, assignments that
 * do not fit the file stopping the round before anything is applied, the unit's own import memory of the
 * --into workbook used for an assigned file, and the command's text and JSON reports (two real runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFiguresRead, UsageError } from '../../../src/cli/figures.ts';
import { resolveAssignments, runRound } from '../../../src/cli/round.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { ROOT, toFiles } from './pipe-helpers.ts';

const INTO = join(ROOT, 'data/samples/round-units.json');
const ROUND = join(ROOT, 'data/samples/round');
const BY_UNIT = join(ROUND, '各县（市、区）2020年主要教育指标.csv');
const LONG = join(ROUND, '分县区长表-2020.csv');
const DONGPING = join(ROUND, '东平县2020年教育事业统计表.csv');
const NOW = '2026-11-30T12:00:00.000Z';

let dir: string;
/** A return that names no unit anywhere (file name, title, 填报单位): the round is not sure whose it is. */
let anon: string;
/** A file of the same name as `anon` in another folder. */
let anon2: string;
/** A return whose one row is written in a way only the 东平县 bureau writes it (its import memory knows it). */
let ownWords: string;
const OWN_LABEL = '校点合计（本局口径）';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-round-assign-'));
  anon = join(dir, 'return-a.csv');
  writeFileSync(anon, '2020年教育事业统计表（虚构数据）\n指标,数值\n小学数,49\n初中数,18\n');
  mkdirSync(join(dir, 'other'));
  anon2 = join(dir, 'other', 'return-a.csv');
  writeFileSync(anon2, '2020年教育事业统计表（虚构数据）\n指标,数值\n小学数,50\n');
  ownWords = join(dir, 'return-b.csv');
  writeFileSync(ownWords, `2020年教育事业统计表（虚构数据）\n指标,数值\n${OWN_LABEL},51\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function roundWorkbook(): Promise<Workbook> {
  const { wb } = await loadFiguresRead(INTO);
  return wb;
}

/** The error's text (both languages), or 'ok:' and the assignments as plain data. */
function outcome(wb: Workbook, files: string[], specs: string[]): string {
  try {
    const m = resolveAssignments(wb, files, specs);
    return `ok:${JSON.stringify([...m].map(([f, a]) => [f.slice(dir.length + 1) || f, a]))}`;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
}

describe('--assign: the arguments against the round’s files and the workbook’s units', () => {
  let wb: Workbook;
  beforeAll(async () => {
    wb = await roundWorkbook();
    // two schools of one name under two counties: their name names two units
    for (const [id, parent] of [
      ['s-taishan-1', 'taishan'],
      ['s-daiyue-1', 'daiyue'],
    ])
      wb.units.add({ id, name: { zh: '第一中学', en: `No. 1 Middle School (${parent})` }, parent, level: 'school', mode: 'reported' });
  });
  const files = () => [anon, anon2, ownWords, join(dir, 'by-unit.csv')];

  it.each([
    // FILE=UNIT: the unit by id, code, Chinese or English name, exactly
    [['return-b.csv=dongping'], 'ok:[["return-b.csv",{"unit":"dongping"}]]'],
    [['return-b.csv=370923'], 'ok:[["return-b.csv",{"unit":"dongping"}]]'],
    [['return-b.csv=东平县'], 'ok:[["return-b.csv",{"unit":"dongping"}]]'],
    [['return-b.csv=Dongping County'], 'ok:[["return-b.csv",{"unit":"dongping"}]]'],
    [['return-b.csv=全市'], 'ok:[["return-b.csv",{"unit":"city"}]]'],
    // FILE by its path as well as its name; the same assignment twice is one
    [['{dir}/other/return-a.csv=ningyang', '{dir}/other/return-a.csv=宁阳县'], 'ok:[["other/return-a.csv",{"unit":"ningyang"}]]'],
    // FILE:NAME=UNIT and FILE:NAME=- (left out); a NAME may hold ':' itself
    [['by-unit.csv:合计=city', 'by-unit.csv:高新区=-', 'by-unit.csv:其中:城区=taishan'], 'ok:[["by-unit.csv",{"names":{"合计":"city","高新区":null,"其中:城区":"taishan"}}]]'],
    // an alias, a near name or another case is not exact: refused, naming it and the file
    [['return-b.csv=东平'], '--assign: "东平" is no known unit\'s id, code or name (file return-b.csv)'],
    [['return-b.csv=Dongping county'], '"Dongping county" is no known unit\'s id'],
    [['return-b.csv=nowhere'], '--assign：“nowhere”不是已知单位的编号、代码或名称（文件 return-b.csv）'],
    [['by-unit.csv:高新区=gaoxin'], '"gaoxin" is no known unit\'s id, code or name (file by-unit.csv)'],
    [['return-b.csv=第一中学'], '"第一中学" names several units: No. 1 Middle School (taishan) (s-taishan-1), No. 1 Middle School (daiyue) (s-daiyue-1) (file return-b.csv); give the unit\'s id'],
    // FILE: none or several of the round's files
    [['nosuch.csv=dongping'], '--assign: "nosuch.csv" is no file of the round'],
    [['return-a.csv=dongping'], '--assign: "return-a.csv" names several files'],
    [['nosuch.csv:合计=city'], '"nosuch.csv:合计" is no file of the round'],
    // the argument's shape
    [['return-b.csv'], '--assign must be FILE=UNIT or FILE:NAME=UNIT: return-b.csv'],
    [['return-b.csv='], '--assign must be FILE=UNIT or FILE:NAME=UNIT'],
    [['=dongping'], '--assign must be FILE=UNIT or FILE:NAME=UNIT'],
    [['return-b.csv=-'], 'a file\'s unit cannot be "-" (return-b.csv)'],
    [['by-unit.csv:=city'], 'lacks the unit name'],
    [['return-b.csv=dongping', 'return-b.csv=ningyang'], 'file return-b.csv is given two units'],
    [['by-unit.csv:合计=city', 'by-unit.csv:合计=-'], '"合计" in file by-unit.csv is given two units'],
  ])('%j → %s', (specs, expected) => {
    const got = outcome(
      wb,
      files(),
      specs.map((s) => s.replace('{dir}', dir)),
    );
    if (expected.startsWith('ok:')) expect(got).toBe(expected);
    else expect(got).toContain(expected);
  });

  it('the refusals name the unit and the file in Chinese first', () => {
    expect(outcome(wb, files(), ['return-b.csv=第一中学'])).toMatch(/^--assign：“第一中学”可指多个单位：第一中学 \(s-taishan-1\)、第一中学 \(s-daiyue-1\)（文件 return-b.csv）；请写单位编号 \/ /);
  });
});

describe('--assign: a round with what it was not sure of settled by hand', () => {
  it('the samples: 合计 is the city, 高新区 left out — every file used, the assigned names marked, nothing else changed', async () => {
    const wb = await roundWorkbook();
    const files = [DONGPING, LONG, BY_UNIT];
    const before = await runRound(await roundWorkbook(), files, undefined, NOW);
    // the by-unit table's 合计 column is found to be the city by itself (the parent its units share); 高新区 is not sure
    expect(before.files.filter((f) => !f.used).map((f) => f.file)).toEqual(['分县区长表-2020.csv']);
    const r = await runRound(wb, files, undefined, NOW, resolveAssignments(wb, files, ['各县（市、区）2020年主要教育指标.csv:合计=全市', '分县区长表-2020.csv:高新区=-']));
    expect(r.files.map((f) => [f.file, f.used, f.assigned ?? false])).toEqual([
      ['东平县2020年教育事业统计表.csv', true, false],
      ['分县区长表-2020.csv', true, true],
      ['各县（市、区）2020年主要教育指标.csv', true, true],
    ]);
    const byUnit = r.files[2].unitNames!;
    expect(byUnit.find((n) => n.text === '合计')).toEqual({ text: '合计', unit: 'city', role: 'total', assigned: true });
    // the names the file named itself are not marked
    expect(byUnit.find((n) => n.text === '泰山区')).toEqual({ text: '泰山区', unit: 'taishan' });
    expect(r.files[1].unitNames!.find((n) => n.text === '高新区')).toEqual({ text: '高新区', unit: null, assigned: true });
    // 合计's figures are the city's; 高新区's are nowhere
    expect(wb.get('schools_primary', '2020', 'city').raw).toBe('322');
    expect(wb.get('schools_primary', '2020', 'taishan').raw).toBe('33');
    expect([...wb.values.keys()].filter((k) => k.includes('gaoxin'))).toEqual([]);
    expect(r.applied).toBeGreaterThan(before.applied);
  });

  it('a file naming no unit is given one: used, its figures that unit’s, marked as assigned', async () => {
    const wb = await roundWorkbook();
    const not = await runRound(await roundWorkbook(), [ownWords, anon], '2020', NOW);
    expect(not.files.map((f) => [f.unit, f.used])).toEqual([
      [null, false],
      [null, false],
    ]);
    expect(not.files[1].errors.map((e) => e.en).join()).toContain('choose the reporting unit');
    const r = await runRound(wb, [anon], '2020', NOW, resolveAssignments(wb, [anon], ['return-a.csv=370921']));
    expect(r.files[0]).toMatchObject({ file: 'return-a.csv', used: true, unit: 'ningyang', assigned: true, errors: [] });
    expect(wb.get('schools_primary', '2020', 'ningyang').raw).toBe('49');
    expect(wb.get('schools_junior', '2020', 'ningyang').raw).toBe('18');
    expect(wb.collection.get('ningyang')?.received?.file).toBe('return-a.csv');
  });

  it.each([
    [[`${BY_UNIT.split('/').pop()}=taishan`], [BY_UNIT], 'holds unit names (泰山区, 岱岳区, 新泰市, 肥城市, 宁阳县, 东平县, 合计), not one unit; use --assign'],
    [['return-a.csv:东平县=dongping'], ['anon'], 'file return-a.csv holds no unit names, so no "东平县"; use --assign return-a.csv=UNIT'],
    [['分县区长表-2020.csv:开发区=city'], [LONG], 'file 分县区长表-2020.csv has no unit name "开发区" (it has: 新泰市, 肥城市, 高新区)'],
  ])('%j does not fit the file: the round stops before anything is applied', async (specs, files, message) => {
    const wb = await roundWorkbook();
    const list = [DONGPING, ...files.map((f) => (f === 'anon' ? anon : f))];
    const values = wb.values.size;
    await expect(runRound(wb, list, '2020', NOW, resolveAssignments(wb, list, specs))).rejects.toThrow(message);
    expect(wb.values.size).toBe(values);
    expect(wb.collection.get('dongping')?.received).toBeUndefined();
  });

  it('an assigned file is matched with that unit’s own import memory first; another unit’s file is not', async () => {
    const remember = (wb: Workbook) => wb.importMemory.set({ label: OWN_LABEL, unit: null, indicator: 'schools_primary', how: 'user', reportingUnit: 'dongping' });
    const own = await roundWorkbook();
    remember(own);
    const r = await runRound(own, [ownWords], '2020', NOW, resolveAssignments(own, [ownWords], ['return-b.csv=dongping']));
    expect(r.files[0]).toMatchObject({ used: true, unit: 'dongping', assigned: true });
    expect(own.get('schools_primary', '2020', 'dongping').raw).toBe('51');
    const other = await roundWorkbook();
    remember(other);
    const o = await runRound(other, [ownWords], '2020', NOW, resolveAssignments(other, [ownWords], ['return-b.csv=ningyang']));
    expect(o.files[0].counts.new).toBe(0);
    expect(other.get('schools_primary', '2020', 'ningyang').raw).toBe('');
  });
});

describe('--assign on the command line', { timeout: 120_000 }, () => {
  it('--into’s import memory, the text report marking what was assigned, and the JSON report’s list', () => {
    const into = join(dir, 'into-with-memory.json');
    const doc = JSON.parse(readFileSync(INTO, 'utf8')) as Record<string, unknown>;
    // here the bureau's own words mean the special schools (the by-unit file gives no such figure)
    writeFileSync(into, JSON.stringify({ ...doc, importMemory: [{ label: OWN_LABEL, unit: null, indicator: 'schools_special', how: 'user', reportingUnit: 'dongping' }] }));
    const args = ['--round', ownWords, BY_UNIT, '--into', into, '--year', '2020', '--assign', 'return-b.csv=东平县', '--assign', '各县（市、区）2020年主要教育指标.csv:合计=city'];
    const out = join(dir, 'round-out.json');
    const t = toFiles(dir, 'src/cli/validate.ts', [...args, '--out', out]);
    expect(t.err).toBe('');
    expect(t.out).toContain('return-b.csv → 东平县〔人工指定〕');
    expect(t.out).toContain('合计→全市〔人工指定〕');
    expect(t.out).toContain('人工指定单位的文件（2）：return-b.csv、各县（市、区）2020年主要教育指标.csv');
    const written = JSON.parse(readFileSync(out, 'utf8')) as { values: { indicator: string; period: string; reportingUnit?: string; raw: string }[] };
    expect(written.values.find((v) => v.indicator === 'schools_special' && v.reportingUnit === 'dongping')?.raw).toBe('51');
    const j = toFiles(dir, 'src/cli/validate.ts', [...args, '--json', '--lang', 'en']);
    const json = JSON.parse(j.out) as { assigned: string[]; allFilesUsed: boolean; files: { file: string; assigned?: boolean; unit?: string; counts: { new: number } }[] };
    expect(json.assigned).toEqual(['return-b.csv', '各县（市、区）2020年主要教育指标.csv']);
    expect(json.allFilesUsed).toBe(true);
    expect(json.files[0]).toMatchObject({ file: 'return-b.csv', unit: 'dongping', assigned: true, counts: { new: 1 } });
    expect(j.code).toBe(t.code);
    const e = toFiles(dir, 'src/cli/validate.ts', ['--round', ownWords, '--into', into, '--year', '2020', '--assign', 'return-b.csv=dongping', '--lang', 'en']);
    expect(e.out).toContain('return-b.csv → Dongping County [assigned by hand]');
  });

  it('an unknown UNIT: exit 2 naming it and the file, and no --out written', () => {
    const out = join(dir, 'never.json');
    const r = toFiles(dir, 'src/cli/validate.ts', ['--round', anon, '--into', INTO, '--year', '2020', '--assign', 'return-a.csv=高新区', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--assign：“高新区”不是已知单位的编号、代码或名称（文件 return-a.csv）');
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});
