/**
 * `npm run report -- FILE [--year] [--lang] [--unit]` as a child process: the 2019 text of the report,
 * a made-up 2020 (INVENTED figures, tests/unit/report/made-up-2020.ts) with its 比上年 clauses, a planted
 * inconsistency marked and listed (exit 1), a CSV read as the import reads it, and bad arguments (exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { baseline, comparable } from '../report/helpers.ts';
import { MADE_UP_2020, typed } from '../report/made-up-2020.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'tests/unit/report/fixtures/report-2019-basic.json'), 'utf8')) as { paragraphs: string[] };
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli/report.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
  const good = baseline();
  typed(good, '2020', MADE_UP_2020);
  writeFileSync(join(dir, 'made-up-2020.json'), JSON.stringify(workbookToJson(good)));
  const planted = baseline();
  typed(planted, '2020', { ...MADE_UP_2020, schools_primary: '161' });
  writeFileSync(join(dir, 'planted-2020.json'), JSON.stringify(workbookToJson(planted)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run report', { timeout: 120_000 }, () => {
  it('without a file: the 2019 baseline’s text is the report’s three paragraphs; exit 0', () => {
    const r = run();
    expect(r.code).toBe(0);
    const blocks = r.out.trim().split('\n\n');
    expect(blocks[0]).toBe('一、全市教育基本情况（2019年）');
    expect(blocks.slice(1).map(comparable)).toEqual(FIXTURE.paragraphs.map(comparable));
  });

  it('a made-up 2020: the latest year by default, with its 比上年 clauses; exit 0', () => {
    const r = run('made-up-2020.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('（2020年）');
    expect(r.out).toContain('943所，比上年增加9所，增长0.96%，在校生538742人，比上年减少2519人，下降0.47%。');
    expect(run('made-up-2020.json', '--year', '2019').out).toContain('934所，在校生541261人。');
  });

  it('--lang en', () => {
    const r = run('made-up-2020.json', '--lang', 'en');
    expect(r.out).toContain('1. Education in 2020');
    expect(r.out).toContain('down 2,519 on the year before (−0.47%)');
  });

  it('a planted inconsistent figure: marked in the text, listed under it with why; exit 1', () => {
    const r = run('planted-2020.json');
    expect(r.code).toBe(1);
    expect(r.out).toContain('小学【待核：161所】');
    expect(r.out).toContain('待核的数（3）\n1. 义务教育学校数（2020年）：与相关的数不一致');
  });

  it('a CSV file is read as the import reads it (the sample’s year found in its header)', () => {
    const r = run(join(ROOT, 'data/samples/next-year-2020-wide-utf8.csv'));
    expect([0, 1]).toContain(r.code);
    expect(r.out).toContain('一、全市教育基本情况（2020年）');
  });

  it('--templates DIR: a bureau’s reworded copy of the templates is used; a broken one is refused naming the file', () => {
    const own = join(dir, 'own');
    cpSync(join(ROOT, 'data/report-templates'), own, { recursive: true });
    const scale = JSON.parse(readFileSync(join(own, 'scale.json'), 'utf8'));
    scale.text.zh = scale.text.zh.replace('。其中普通高校', '。其中：普通高校');
    writeFileSync(join(own, 'scale.json'), JSON.stringify(scale));
    const r = run('--templates', own);
    expect(r.code).toBe(0);
    expect(r.out).toContain('在校生541261人。其中：普通高校1所');
    scale.text.zh = scale.text.zh.replace('{schools_university}', '{schools_univ}');
    writeFileSync(join(own, 'scale.json'), JSON.stringify(scale));
    const bad = run('--templates', own);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('scale.json（zh）第');
    expect(bad.err).toContain('指标“schools_univ”不在指标目录中');
    mkdirSync(join(dir, 'empty'));
    expect(run('--templates', join(dir, 'empty')).err).toContain('中没有 .json 文件');
  });

  it.each([
    [['--year', '2031'], '工作簿中没有 2031 年（有：2018、2019）'],
    [['--year', '20'], '--year 应为四位年份'],
    [['--unit', 'yangdong'], '没有报告单位“yangdong”（有：city (全市)）'],
    [['--lang', 'fr'], '--lang 应为 zh 或 en'],
    [['missing.json'], '文件不存在：missing.json'],
  ])('%j: exit 2 with a message, nothing on stdout', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});
