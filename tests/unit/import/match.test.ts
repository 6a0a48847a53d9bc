import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMapping,
  catalogWithCustom,
  makeCustomIndicator,
  Matcher,
  normaliseLabel,
  setMapping,
  sharedTargets,
} from '../../../src/core/import/index.ts';
import { CATALOG } from './helpers.ts';

const matcher = new Matcher(CATALOG);

describe('matching a name to an indicator', () => {
  it.each([
    // by id
    ['schools_primary', 'schools_primary', 'id'],
    ['  SCHOOLS_PRIMARY ', 'schools_primary', 'id'],
    // exact label, Chinese and English
    ['小学数', 'schools_primary', 'label'],
    ['Primary schools', 'schools_primary', 'label'],
    ['各级各类学校(幼儿园)数', 'schools_total', 'label'],
    // alias
    ['小学学校数', 'schools_primary', 'alias'],
    ['专任教师总数', 'teachers_total', 'alias'],
    // normalised: width, spaces, brackets, markers, numbering, units in brackets
    ['各级各类学校（幼儿园）数', 'schools_total', 'normalised'],
    ['各级各类学校【幼儿园】数', 'schools_total', 'normalised'],
    ['各级各类学校 (幼儿园) 数', 'schools_total', 'normalised'],
    ['一、各级各类学校(幼儿园)数', 'schools_total', 'normalised'],
    ['（一）小学数', 'schools_primary', 'normalised'],
    ['(一)小学数', 'schools_primary', 'normalised'],
    ['1.小学数', 'schools_primary', 'normalised'],
    ['1、小学数', 'schools_primary', 'normalised'],
    ['１．小学数', 'schools_primary', 'normalised'],
    ['①小学数', 'schools_primary', 'normalised'],
    ['其中：小学数', 'schools_primary', 'normalised'],
    ['其中:小学数', 'schools_primary', 'normalised'],
    ['其中小学数', 'schools_primary', 'normalised'],
    ['#小学数', 'schools_primary', 'normalised'],
    ['＃小学数', 'schools_primary', 'normalised'],
    ['含：小学数', 'schools_primary', 'normalised'],
    ['其中：①小学数', 'schools_primary', 'normalised'],
    ['小 学 数', 'schools_primary', 'normalised'],
    ['小学数（所）', 'schools_primary', 'normalised'],
    ['学前教育毛入园率（%）', 'ger_preschool', 'normalised'],
    ['学生资助总资金(亿元)', 'aid_funds_total', 'normalised'],
    ['中等职业技术学校数（含技工学校）', 'schools_vocational', 'normalised'],
    ['广东省宋庆龄奖学金人数', 'scholarship_soong_ching_ling', 'normalised'],
    ['新建改扩建义务教育学校数', 'compulsory_schools_new', 'alias'],
    ['PRIMARY SCHOOLS', 'schools_primary', 'normalised'],
  ])('%j → %s (%s)', (label, id, method) => {
    expect(matcher.match(label)).toEqual({ indicatorId: id, method, suggestions: [] });
  });

  it('a normalised name two indicators share decides nothing; both are suggested', () => {
    const base = CATALOG.indicators.find((i) => i.id === 'schools_primary')!;
    const small = {
      ...CATALOG,
      indicators: [
        { ...base, id: 'a', label: { zh: '学校数(公办)', en: 'A' }, aliases: [] },
        { ...base, id: 'b', label: { zh: '学校数【公办】', en: 'B' }, aliases: [], order: base.order + 1000 },
      ],
    };
    const m = new Matcher(small).match('学校数（公办）');
    expect(m.indicatorId).toBeNull();
    expect(m.suggestions.map((s) => [s.indicatorId, s.score])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('an id column wins over the name', () => {
    expect(matcher.match('小学数', 'schools_junior')).toMatchObject({ indicatorId: 'schools_junior', method: 'id' });
  });

  it('numbering is not stripped from names that start with a number', () => {
    expect(normaliseLabel('985、211高校录取人数')).toBe('985211高校录取人数');
    expect(normaliseLabel('72学时培训完成率')).toBe('72学时培训完成率');
  });

  it.each([
    ['小学学校数量', 'schools_primary'],
    ['建档立卡学生生活补助人数', 'aid_registered_poor_living'],
    ['普通高中在校学生数', 'students_senior_high'],
  ])('an unmatched name %j gets ranked suggestions, the right one first', (label, id) => {
    const m = matcher.match(label);
    expect(m.indicatorId).toBeNull();
    expect(m.method).toBe('none');
    expect(m.suggestions[0].indicatorId).toBe(id);
    expect(m.suggestions.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < m.suggestions.length; i++) expect(m.suggestions[i - 1].score).toBeGreaterThanOrEqual(m.suggestions[i].score);
  });

  it('a name with nothing in common gets no suggestions', () => {
    expect(matcher.match('天气晴朗')).toEqual({ indicatorId: null, method: 'none', suggestions: [] });
  });

  it('property: numbering, markers, brackets and spaces never change the match of a catalog label', () => {
    const prefixes = ['', '一、', '（二）', '(3)', '4.', '5、', '②', '其中：', '#', '含：', '其中：1.'];
    const suffixes = ['', '（人）', '(%)', ' '];
    fc.assert(
      fc.property(
        fc.constantFrom(...CATALOG.indicators),
        fc.constantFrom(...prefixes),
        fc.constantFrom(...suffixes),
        fc.boolean(),
        (ind, pre, suf, fullWidth) => {
          let label = ind.label.zh;
          if (fullWidth) label = label.replace(/\(/g, '（').replace(/\)/g, '）');
          const m = matcher.match(pre + label + suf);
          return m.indicatorId === ind.id;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the mapping the user confirms', () => {
  const records = [
    { row: 3, label: '小学数' },
    { row: 4, label: '初中数' },
    { row: 5, label: '小学数' }, // long layout: the same name on another row
    { row: 6, label: '心理健康辅导覆盖学生数' },
  ];

  it('has one entry per distinct name, in file order, with all its rows', () => {
    const m = buildMapping(records, CATALOG);
    expect(m.map((r) => [r.sourceRow, r.rows, r.indicatorId, r.method])).toEqual([
      [3, [3, 5], 'schools_primary', 'label'],
      [4, [4], 'schools_junior', 'label'],
      [6, [6], null, 'none'],
    ]);
  });

  it('can be corrected or an entry ignored, without changing the original', () => {
    const m = buildMapping(records, CATALOG);
    const before = JSON.stringify(m);
    const fixed = setMapping(setMapping(m, 4, 'schools_primary'), 3, null);
    expect(JSON.stringify(m)).toBe(before);
    expect(fixed.map((r) => [r.indicatorId, r.method])).toEqual([
      [null, 'user'],
      ['schools_primary', 'user'],
      [null, 'none'],
    ]);
    expect([...sharedTargets(setMapping(m, 4, 'schools_primary')).keys()]).toEqual(['schools_primary']);
    expect(() => setMapping(m, 99, null)).toThrow();
  });

  it('an unmatched name can become a custom indicator with a safe unique ASCII id', () => {
    const a = makeCustomIndicator(CATALOG, { label: '心理健康辅导覆盖学生数', unit: 'person', section: 'student_development' });
    const b = makeCustomIndicator(CATALOG, { label: '另一个', unit: 'percent', section: 'supervision' }, [a]);
    expect(a).toMatchObject({ id: 'custom_1', custom: true, kind: 'count', decimals: 0, parent: null, aliases: [] });
    expect(b).toMatchObject({ id: 'custom_2', kind: 'percentage' });
    expect(b.order).toBeGreaterThan(a.order);
    expect(a.id).toMatch(/^[a-z][a-z0-9_]*$/);
    const extended = catalogWithCustom(CATALOG, [a, b]);
    expect(extended.indicators).toHaveLength(CATALOG.indicators.length + 2);
    expect(CATALOG.indicators.some((i) => i.custom)).toBe(false);
    expect(new Matcher(extended).match('心理健康辅导覆盖学生数').indicatorId).toBe('custom_1');
    expect(makeCustomIndicator(extended, { label: 'x', unit: 'person', section: 'scale' }).id).toBe('custom_3');
  });

  it.each([
    [{ label: 'x', unit: 'nope', section: 'scale' }],
    [{ label: 'x', unit: 'person', section: 'nope' }],
    [{ label: '  ', unit: 'person', section: 'scale' }],
  ])('building a custom indicator from a bad spec is misuse: %j', (spec) => {
    expect(() => makeCustomIndicator(CATALOG, spec)).toThrow();
  });
});
