import { describe, expect, it } from 'vitest';
import baseline from '../../../data/baseline-2019.json' with { type: 'json' };
import notIndicatorsFile from '../../../data/not-indicators.json' with { type: 'json' };
import { CATALOG } from '../../../src/core/data/catalog.ts';
import {
  checkCompleteness,
  checkList,
  extractNumbers,
  listNumbers,
  readNumbersFile,
  readScope,
  SEED_PRESENT,
  type BaselineValueLike,
  type CompletenessResult,
  type NotIndicator,
} from './completeness.ts';

// the report text is on this machine's layout only (../shared); the committed list is everywhere
const scope = SEED_PRESENT ? readScope() : '';
const list = readNumbersFile().numbers;
const values = baseline.values as BaselineValueLike[];
const notIndicators = notIndicatorsFile.entries as NotIndicator[];

function describeMissing(r: CompletenessResult): string[] {
  return r.missing.map((t) => `"${t.text}" in …${scope.slice(Math.max(0, t.start - 12), t.end + 6)}…`);
}

describe('extractNumbers', () => {
  const cases: [string, string[]][] = [
    ['在校生541261人', ['541261']],
    ['在校生541,261人', ['541,261']],
    ['在校生５４１２６１人', ['５４１２６１']],
    ['毛入园率98.23%,升学率100%', ['98.23%', '100%']],
    ['师生比分别为1:14.7、1:17.4', ['1:14.7', '1:17.4']],
    ['普职比55.5:44.5。', ['55.5:44.5']],
    ['集中培训1.6万人次', ['1.6万']],
    ['规划总投入52.08亿元', ['52.08亿']],
    ['全市共1千余名教师', ['1千']],
    ['比例达到92%以上', ['92%']],
    ['约9500个', ['9500']],
    ['2020-12-01', ['2020', '12', '01']],
    ['分五期建设,排名第二,一是', []],
    ['2019年11月3至6日', ['2019', '11', '3', '6']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(extractNumbers(text).map((t) => t.text)).toEqual(expected);
  });
});

describe('completeness of the 2019 baseline against the committed list of the report\'s numbers (data/report-numbers.json)', () => {
  const result = checkList(list, values, notIndicators);

  it('accounts for every listed number, each once', () => {
    expect(list.length).toBeGreaterThan(150);
    expect(result.problems).toEqual([]);
    expect(result.missing.map((e) => `"${e.text}" in …${e.context.slice(Math.max(0, e.at - 12), e.at + e.text.length + 6)}…`)).toEqual([]);
  });

  it.runIf(SEED_PRESENT)('the list is what the report text holds (regenerate with scripts/gen-report-numbers.ts)', () => {
    expect(listNumbers(scope)).toEqual(list);
  });

  // the check can fail: drop each published value in turn (in memory)
  const published = values.filter((v) => v.period === '2019' && !v.derived && /[0-9]/.test(v.source ?? ''));
  it.each(published.map((v) => [v.indicator, v.raw, v] as const))('reports the number of %s (%s) unaccounted when it is removed', (_id, raw, v) => {
    const r = checkList(list, values.filter((x) => x !== v), notIndicators);
    expect(r.problems).toEqual([]);
    expect(r.missing).toHaveLength(1);
    expect(r.missing[0].text.replace(/[^0-9.:]/g, '')).toBe(raw.replace(/[^0-9.:]/g, ''));
  });

  it('reports a value whose raw is not the listed number, and a number added to the list that nothing accounts for', () => {
    const i = values.findIndex((v) => v.indicator === 'students_primary' && v.period === '2019');
    const slipped = values.map((v, j) => (j === i ? { ...v, raw: '265665', source: v.source!.replace(v.raw, '265665') } : v));
    expect(checkList(list, slipped, notIndicators).problems.join('\n')).toContain('value students_primary@2019');
    const extra = [...list, { text: '12', context: '新增校车12辆。', at: 4 }];
    expect(checkList(extra, values, notIndicators).missing.map((e) => e.text)).toEqual(['12']);
  });
});

describe.runIf(SEED_PRESENT)('completeness of the 2019 baseline against the report', () => {
  const result = checkCompleteness(scope, values, notIndicators);

  it('finds the numbers of parts 一 and 二', () => {
    const notCounted = result.coveredBy.filter((w) => w?.startsWith('not-indicator')).length;
    console.log(
      `catalog: ${CATALOG.indicators.length} indicators; report scope: ${result.tokens.length} numbers, ` +
        `${result.tokens.length - notCounted} baseline values, ${notCounted} not indicators (${notIndicators.length} entries); ` +
        `written in Chinese numerals: ${result.spelled.join(', ')}`,
    );
    expect(result.tokens.length).toBeGreaterThan(150);
  });

  it('has consistent data files (sources found once, raws in their sources, counts right, nothing claimed twice)', () => {
    expect(result.problems).toEqual([]);
  });

  it('accounts for every number', () => {
    expect(describeMissing(result)).toEqual([]);
  });

  it('knows exactly which values the report writes in Chinese numerals', () => {
    expect(result.spelled.sort()).toEqual(['aid_performance_rank', 'univ_phases']);
  });

  it('finds the source of every derived value in the report', () => {
    for (const v of values.filter((x) => x.derived)) expect(scope.split(v.source ?? '\u0000').length - 1, v.source).toBe(1);
  });

  // Table-driven proof that the check can fail: drop each published value in turn (in memory).
  const published = values.filter((v) => v.period === '2019' && !v.derived && !result.spelled.includes(v.indicator));
  it.each(published.map((v) => [v.indicator, v.raw, v] as const))('reports %s (%s) missing when it is removed', (_id, raw, v) => {
    const r = checkCompleteness(
      scope,
      values.filter((x) => x !== v),
      notIndicators,
    );
    expect(r.problems).toEqual([]);
    expect(r.missing).toHaveLength(1);
    const digits = (s: string) => s.replace(/[^0-9.:]/g, '');
    expect(digits(r.missing[0].text)).toBe(digits(raw));
  });

  it.each(notIndicators.map((e) => [e.text, e] as const))('reports the numbers of not-indicator %s missing when it is removed', (_t, e) => {
    const r = checkCompleteness(
      scope,
      values,
      notIndicators.filter((x) => x !== e),
    );
    expect(r.missing.length).toBeGreaterThan(0);
  });

  it('reports a number added to the report that nothing accounts for', () => {
    const r = checkCompleteness(`${scope}\n新增校车12辆。`, values, notIndicators);
    expect(r.missing.map((t) => t.text)).toEqual(['12']);
  });

  it('records the numbers written in Chinese characters that are not indicators, with their counts', () => {
    const chinese = notIndicatorsFile.chineseNumerals as NotIndicator[];
    expect(chinese.map((e) => [e.text, scope.split(e.text).length - 1])).toEqual(chinese.map((e) => [e.text, e.count]));
    expect(chinese.every((e) => extractNumbers(e.text).length === 0)).toBe(true);
  });

  it('reports a not-indicator whose count is wrong', () => {
    const wrong = notIndicators.map((e) => (e.text === '2021年' ? { ...e, count: 3 } : e));
    expect(checkCompleteness(scope, values, wrong).problems).toEqual(['not-indicator "2021年" occurs 2 times, the list says 3']);
  });
});
