/**
 * A made-up 2020 (INVENTED figures, not published anywhere) after the report's 2019: the 比上年 clauses
 * of the totals (a rise, a fall, a rate in percentage points), and every kind of doubtful figure marked
 * and listed — a planted inconsistent part, a missing one, an unreadable one, last year's figure in
 * doubt, a gap year, a reporting unit the rules do not cover.
 * The expected clauses were worked out by hand from the figures below (e.g. 2519 ÷ 541261 = 0.465 %).
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { draftText, latestDraftYear, paragraphText, renderDraft } from '../../../src/core/report/index.ts';
import { baseline, draftOf, TEMPLATES } from './helpers.ts';
import { MADE_UP_2020, typed } from './made-up-2020.ts';

function with2020(changes: Record<string, string> = {}): Workbook {
  const wb = baseline();
  typed(wb, '2020', { ...MADE_UP_2020, ...changes });
  return wb;
}

const text = (wb: Workbook, lang: 'zh' | 'en' = 'zh') => draftOf(wb, '2020', lang).paragraphs.map(paragraphText).join('\n');

describe('a made-up 2020: 比上年 clauses', () => {
  it('the consistent year has no figure to check', () => {
    expect(draftOf(with2020(), '2020').flags).toEqual([]);
  });

  it.each([
    ['schools rise', '全市各级各类学校（幼儿园）943所，比上年增加9所，增长0.96%，'],
    ['students fall', '在校生538742人，比上年减少2519人，下降0.47%。'],
    ['teachers rise', '专任教师34310人，比上年增加197人，增长0.58%。'],
    ['a rate falls in percentage points', '学前教育毛入园率97.90%，比上年降低0.33个百分点，'],
  ])('%s', (_name, expected) => {
    expect(text(with2020())).toContain(expected);
  });

  it('in English', () => {
    const en = text(with2020(), 'en');
    expect(en).toContain('943 schools of all levels and types (including kindergartens), up 9 on the year before (+0.96%)');
    expect(en).toContain('with 538,742 students, down 2,519 on the year before (−0.47%)');
    expect(en).toContain('97.90%, down 0.33 percentage points on the year before');
  });

  it('an unchanged figure is 与上年持平; a rate typed with fewer decimals keeps them', () => {
    const t = text(with2020({ teachers_total: '34113', teachers_university: '283' }));
    expect(t).toContain('专任教师34113人，与上年持平。');
    expect(t).toContain('升学率100%');
  });

  it('no clause in a gap year (2021 after 2019, no 2020): last year is the calendar year before', () => {
    const wb = baseline();
    typed(wb, '2021', MADE_UP_2020);
    const t = draftOf(wb, '2021').paragraphs.map(paragraphText).join('');
    expect(t).not.toContain('比上年');
    expect(t).toContain('943所，在校生538742人');
  });

  it('an approximate figure gets no clause (约 has no exact change) and keeps its qualifier', () => {
    // 约34000 agrees with its parts within the band 约 stands for, so it is written, as written
    const t = text(with2020({ teachers_total: '约34000' }));
    expect(t).toContain('专任教师约34000人。其中');
  });
});

describe('a made-up 2020: doubtful figures are marked and listed', () => {
  it('a planted inconsistent part (小学 161 where 249 − 98 = 151): the rule’s three figures marked, listed with the rule', () => {
    const wb = with2020({ schools_primary: '161' });
    const d = draftOf(wb, '2020');
    const t = d.paragraphs.map(paragraphText).join('');
    expect(t).toContain('义务教育学校【待核：249所】（小学【待核：161所】、初中【待核：98所】）');
    expect(t).not.toMatch(/小学161所/);
    expect(d.flags.map((f) => [f.indicator, f.reason])).toEqual([
      ['schools_compulsory', 'inconsistent'],
      ['schools_primary', 'inconsistent'],
      ['schools_junior', 'inconsistent'],
    ]);
    const list = draftText(d, TEMPLATES);
    expect(list).toContain('待核的数（3）');
    expect(list).toMatch(/1\. 义务教育学校数（2020年）：与相关的数不一致：2020年：.*小学数/);
  });

  it('a missing part: marked 【待核】, and the total and the ratio it feeds are unchecked', () => {
    const wb = with2020();
    wb.apply([{ key: 'students_kindergarten@2020', after: parseValue('', CATALOG.indicators.find((i) => i.id === 'students_kindergarten')!, CATALOG.units[1]) }]);
    const d = draftOf(wb, '2020');
    const t = d.paragraphs.map(paragraphText).join('');
    expect(t).toContain('在园幼儿【待核】');
    const reasons = new Map(d.flags.map((f) => [f.indicator, f.reason]));
    expect(reasons.get('students_kindergarten')).toBe('missing');
    expect(reasons.get('students_total')).toBe('unchecked');
    expect(reasons.get('ptr_kindergarten')).toBe('unchecked');
    expect(reasons.get('teachers_kindergarten')).toBe('unchecked');
    // a total in doubt gets no 比上年 clause either
    expect(t).toContain('在校生【待核：538742人】。');
  });

  it('an unreadable figure is shown as typed inside the mark; English says [to check]', () => {
    const wb = with2020({ ger_junior: '115.O2' });
    expect(text(wb)).toContain('初中毛入学率【待核：“115.O2”】');
    const en = draftOf(wb, '2020', 'en');
    expect(en.paragraphs.map(paragraphText).join('')).toContain('[to check: “115.O2”]');
    expect(en.flags[0]).toMatchObject({ indicator: 'ger_junior', reason: 'invalid' });
  });

  it('last year’s figure in doubt: no 比上年 clause, listed with the year', () => {
    const wb = with2020();
    const ind = wb.index.indicator('schools_total');
    wb.apply([{ key: 'schools_total@2019', after: parseValue('93A', ind, wb.index.unitOf(ind)) }]);
    const d = draftOf(wb, '2020');
    expect(d.paragraphs.map(paragraphText).join('')).toContain('（幼儿园）943所，在校生');
    expect(d.flags).toContainEqual(expect.objectContaining({ indicator: 'schools_total', period: '2019', reason: 'previous' }));
  });
});

describe('a reporting unit', () => {
  const wb = baseline();
  wb.units.add({ id: 'yangdong', name: { zh: '阳东区', en: 'Yangdong District' }, parent: 'city', level: 'county', mode: 'reported' });
  typed(wb, '2019', { schools_total: '120', students_total: '80500', schools_primary: '41' }, 'yangdong');

  it('its own figures under its own name (cellKey with the unit), others missing', () => {
    const d = renderDraft(wb, TEMPLATES, { findings: [] }, { period: '2019', lang: 'zh', unit: 'yangdong' });
    const t = d.paragraphs.map(paragraphText).join('');
    expect(t).toContain('阳东区各级各类学校（幼儿园）120所，在校生80500人。');
    expect(t).toContain('（小学41所、初中【待核】');
    expect(d.title).toContain('阳东区');
  });

  it('figures no rule covers are unchecked, never plain', () => {
    const d = renderDraft(wb, TEMPLATES, { findings: [], covers: (k) => !k.includes('#') }, { period: '2019', lang: 'zh', unit: 'yangdong' });
    expect(d.paragraphs.map(paragraphText).join('')).toContain('【待核：120所】');
    expect(d.flags.find((f) => f.indicator === 'schools_total')).toMatchObject({ reason: 'unchecked', unit: 'yangdong' });
  });

  it('an unknown unit or year is refused', () => {
    expect(() => renderDraft(wb, TEMPLATES, { findings: [] }, { period: '2019', lang: 'zh', unit: 'nowhere' })).toThrow(/nowhere/);
    expect(() => renderDraft(wb, TEMPLATES, { findings: [] }, { period: '2031', lang: 'zh' })).toThrow(/2031/);
  });
});

describe('the list under the draft', () => {
  it('gives a why once and refers back to it for the other figures of the same rule', () => {
    const lines = draftText(draftOf(with2020({ schools_primary: '161' }), '2020'), TEMPLATES).trim().split('\n').slice(-3);
    expect(lines[0]).toMatch(/^1\. 义务教育学校数（2020年）：与相关的数不一致：/);
    expect(lines.slice(1)).toEqual(['2. 小学数（2020年）：同第 1 条', '3. 初中数（2020年）：同第 1 条']);
  });
});

describe('latestDraftYear', () => {
  it('the latest year holding a figure of the draft, per unit', () => {
    const wb = baseline();
    expect(latestDraftYear(wb, TEMPLATES)).toBe('2019');
    wb.addPeriod('2020');
    expect(latestDraftYear(wb, TEMPLATES)).toBe('2019');
    typed(wb, '2020', { ger_preschool: '98.0' });
    expect(latestDraftYear(wb, TEMPLATES)).toBe('2020');
    wb.units.add({ id: 'yangdong', name: { zh: '阳东区', en: 'Yangdong District' }, parent: 'city', level: 'county', mode: 'reported' });
    expect(latestDraftYear(wb, TEMPLATES, 'yangdong')).toBeUndefined();
    // a figure outside the three sections does not count
    typed(wb, '2020', { gaokao_candidates: '18000' }, 'yangdong');
    expect(latestDraftYear(wb, TEMPLATES, 'yangdong')).toBeUndefined();
  });
});

describe('open warnings', () => {
  // INVENTED: 在园幼儿 jumps from 104267 to 160000 (+53 %), the total and the ratio following it
  const jump = { students_kindergarten: '160000', students_total: '596892', ptr_kindergarten: '1:22.5' };

  it('a figure with an unexplained jump is written as it is, and listed apart with the warning', () => {
    const d = draftOf(with2020(jump), '2020');
    expect(d.flags).toEqual([]);
    expect(d.paragraphs.map(paragraphText).join('')).toContain('在园幼儿160000人；');
    expect(d.notes.map((n) => n.indicator)).toEqual(['students_kindergarten']);
    const text = draftText(d, TEMPLATES);
    expect(text).toContain('请留意：以下数有未说明的警告（1）\n1. 在园幼儿数：2020年：在园幼儿数 160,000 较2019年的 104,267 变动');
  });

  it('an explained warning is not listed', () => {
    const wb = with2020(jump);
    wb.explain('plausible|students_kindergarten@2020', { reason: '新园开办（编造的说明）', by: 'user' });
    expect(draftOf(wb, '2020').notes).toEqual([]);
  });
});
