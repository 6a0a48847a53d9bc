/**
 * Matching rules as table tests: how one row (name + unit) is read with no context, how the rows above
 * (group headings, the school type of the row above) decide, and that the unit rules indicators out.
 * Expected ids are what a statistician would say the row is; null = no catalog indicator is that figure.
 * Ids of AGREEMENTS item 1 (not in every catalog) count as null when the catalog lacks them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMapping, ImportMemory, Matcher, Vocabulary, type MatchHow, type TableLine } from '../../../src/core/import/index.ts';
import { CATALOG } from './helpers.ts';

const matcher = new Matcher(CATALOG);
const inCatalog = (id: string | null) => (id !== null && CATALOG.indicators.some((i) => i.id === id) ? id : null);

describe('one row read with its unit (no context)', () => {
  it.each<[string, string, string | null, MatchHow | null]>([
    // the unit picks the family for a name without its measure word
    ['普通高中', '所', 'schools_senior_high', 'name-unit'],
    ['普通高中', '人', 'students_senior_high', 'name-unit'],
    ['Primary schools', 'unit', 'schools_primary', 'english'],
    ['Kindergartens', 'person', 'students_kindergarten', 'english'],
    // a contradicting unit rules the indicator out
    ['普通高中', '%', null, null],
    ['普通高中', '万元', null, null],
    ['小学学校数', '人', null, null],
    ['小学在校生', '所', null, null],
    ['学前教育毛入园率', '所', null, null],
    // magnitude words scale, the base unit decides
    ['小学在校生', '万人', 'students_primary', 'name'],
    // place prefixes; 其中 / 另有 / 包括; notes and brackets; half/full width; spaced names
    ['全市小学', '所', 'schools_primary', 'name-unit'],
    ['我县初中在校生', '人', 'students_junior', 'name'],
    ['本区幼儿园专任教师', '人', 'teachers_kindergarten', 'name'],
    ['其中：民办幼儿园', '所', 'schools_kindergarten_private', 'name'],
    ['包括：完全中学', '所', 'schools_senior_high_complete', 'name'],
    ['特殊教育学校在校生（注2）', '人', 'students_special', 'name'],
    ['在园幼儿[4]', '人', 'students_kindergarten', 'name'],
    ['在园（班）幼儿', '人', 'students_kindergarten', 'name'],
    ['小　　学', '所', 'schools_primary', 'name'],
    ['普通高等学校 Regular Institutions of Higher Education', '所', 'schools_university', 'name-unit'],
    ['特殊教育学校 Schools for the Blind, Deaf and Deaf-mute', '所', 'schools_special', 'name'],
    ['小学数（所）', '', 'schools_primary', 'name'],
    ['一、学前教育毛入园率(%)', '', 'ger_preschool', 'name'],
    ['中等职业学校(含技工学校)', '所', 'schools_vocational', 'name-unit'],
    // short forms and former names, kept as data
    ['高中', '所', 'schools_senior_high', 'short'],
    ['中职', '所', 'schools_vocational', 'short'],
    ['特教', '所', 'schools_special', 'short'],
    ['高校专任教师', '人', 'teachers_university', 'short'],
    ['广播电视大学', '所', 'schools_open_university', 'former'],
    ['电大在校生', '人', 'students_open_university', 'former'],
    ['Radio and TV Universities', 'unit', 'schools_open_university', 'former'],
    // English, as English bulletins name things
    ['Enrolment, primary schools', '', 'students_primary', 'english'],
    ['Full-time teachers, kindergartens', 'person', 'teachers_kindergarten', 'english'],
    ['Regular senior secondary schools', 'unit', 'schools_senior_high', 'english'],
    ['Children in kindergartens', 'person', 'students_kindergarten', 'english'],
    // things that look close but are other figures: never matched
    ['小学教学点', '个', null, null],
    ['另有小学教学点', '个', null, null],
    ['普惠性幼儿园', '所', null, null],
    ['农村小学', '所', null, null],
    ['民办小学', '所', null, null],
    ['市区小学', '所', null, null], // 市区 is a part of the city, not the whole
    ['高中阶段', '人', null, null], // the stage includes secondary vocational schools
    ['普通中学', '所', null, null], // junior + senior together
    ['中学', '所', null, null],
    ['职业高中', '所', null, null], // one part of 中职
    ['中等职业学校（不含技工学校）', '所', null, null],
    ['小学招生数', '人', null, null],
    ['小学毕业生', '人', null, null],
    ['小学教职工', '人', null, null],
    ['入园幼儿', '人', null, null],
    ['幼儿园班数', '个', null, null],
    ['New entrants, junior secondary schools', 'person', null, null],
    ['Graduates, primary schools', 'person', null, null],
    ['九年义务教育巩固率', '%', null, null],
    ['高等教育', '人', null, null],
    // ratios and rates by their catalog names
    ['小学生师比', '', 'ptr_primary', 'name'],
    ['学前三年毛入园率', '%', 'ger_preschool', 'name'],
  ])('%s | %s → %s (%s)', (label, unit, id, how) => {
    const m = buildMapping([{ row: 2, label, unit: unit || undefined }], matcher)[0];
    expect(m.indicatorId).toBe(inCatalog(id));
    if (inCatalog(id) !== null) expect(m.how).toBe(how);
    else {
      expect(m.how).toBe('none');
      // suggestions never include an indicator the unit rules out
      for (const s of m.suggestions) expect(matcher.unitAgrees(s.indicatorId, unit)).toBe(true);
    }
  });

  it.each([
    ['技工学校', '所', 'schools_technical'],
    ['九年一贯制学校', '所', 'schools_compulsory_9year'],
  ])('%s | %s → %s when the catalog has it, else unmatched', (label, unit, id) => {
    expect(buildMapping([{ row: 2, label, unit }], matcher)[0].indicatorId).toBe(inCatalog(id));
  });
});

/** Rows of a table in order: [label, unit, hasValues?]. */
const lines = (...rows: [string, string, boolean?][]): TableLine[] => rows.map(([label, unit, v], i) => ({ row: i + 2, label, unit: unit || undefined, hasValues: v ?? true }));
const mapped = (ls: TableLine[], memory?: ImportMemory) => {
  const recs = ls.filter((l) => l.hasValues).map((l) => ({ row: l.row, label: l.label, unit: l.unit }));
  const mapping = buildMapping(recs, matcher, { lines: ls, memory });
  return recs.map((r) => mapping.find((m) => m.rows.includes(r.row))!);
};

describe('the row in its table', () => {
  it('a bare 在校生 / 专任教师 after a school-count row belongs to that school type', () => {
    const got = mapped(lines(['小学', '所'], ['在校生', '人'], ['专任教师', '人'], ['招生', '人'], ['普通高中', '所'], ['在校生', '人']));
    expect(got.map((m) => [m.indicatorId, m.how])).toEqual([
      ['schools_primary', 'name'],
      ['students_primary', 'context'],
      ['teachers_primary', 'context'],
      [null, 'none'],
      ['schools_senior_high', 'name-unit'],
      ['students_senior_high', 'context'],
    ]);
    // the same name in two contexts is two entries (and two memory keys)
    expect(got[1].context).toBe('primary');
    expect(got[5].context).toBe('senior_high');
    expect(got[1]).not.toBe(got[5]);
  });

  it('a bare 在校生 as the first row, or after the all-schools row, is the total', () => {
    expect(mapped(lines(['在校生', '人']))[0].indicatorId).toBe('students_total');
    expect(mapped(lines(['全县各级各类学校', '所'], ['在校生', '人'], ['专任教师', '人'])).map((m) => m.indicatorId)).toEqual(['schools_total', 'students_total', 'teachers_total']);
  });

  it('after a row the vocabulary cannot read, or a type the catalog lacks, a bare measure row is left for the user', () => {
    expect(mapped(lines(['学校占地面积', '亩'], ['在校生', '人'])).map((m) => m.indicatorId)).toEqual([null, null]);
    expect(mapped(lines(['普惠性幼儿园', '所'], ['在校生', '人'])).map((m) => m.indicatorId)).toEqual([null, null]);
  });

  it('a group heading decides between same-named rows; a heading for another measure (招生) leaves them out', () => {
    const got = mapped(
      lines(
        ['一、学校数（计量单位：所）', '', false],
        ['合    计', ''],
        ['小    学', ''],
        ['二、在校学生数（计量单位：人）', '', false],
        ['合    计', ''],
        ['小    学', ''],
        ['专任教师', '', false],
        ['小学', '人'],
        ['四、招生数', '', false],
        ['小学', '人'],
      ),
    );
    expect(got.map((m) => m.indicatorId)).toEqual(['schools_total', 'schools_primary', 'students_total', 'students_primary', 'teachers_primary', null]);
    expect(got.map((m) => m.how)).toEqual(['context', 'context', 'context', 'context', 'context', 'none']);
  });

  it('a bare school type with neither unit nor heading is not guessed (小学 is also an alias of 小学数)', () => {
    const got = mapped(lines(['小学', '']));
    expect([got[0].indicatorId, got[0].suggestions.map((x) => x.indicatorId)]).toEqual([null, expect.arrayContaining(['schools_primary'])]);
  });

  it('a total row naming its measure heads the breakdown under it; the rows own unit still wins', () => {
    const got = mapped(
      lines(['各类学校数合计', ''], ['小  学', ''], ['各类学校在校学生数', ''], ['小  学', ''], ['普通高中', '所'], ['小学生师比', '']),
    );
    expect(got.map((m) => [m.indicatorId, m.how])).toEqual([
      ['schools_total', 'name'],
      ['schools_primary', 'context'],
      ['students_total', 'name'],
      ['students_primary', 'context'],
      ['schools_senior_high', 'name-unit'],
      ['ptr_primary', 'name'],
    ]);
  });

  it('中等职业学校 listed beside 技工学校 excludes it: not the catalog 中职 (含技工学校); as 其中 / # it includes it', () => {
    const beside = mapped(lines(['中等职业学校', '所'], ['技工学校', '所'], ['小学', '所']));
    expect(beside[0].indicatorId).toBe(null);
    expect(beside[0].suggestions[0].indicatorId).toBe('schools_vocational');
    expect(beside[2].indicatorId).toBe('schools_primary');
    for (const part of ['  # 技工学校', '其中：技工学校']) expect(mapped(lines(['中等职业学校', '所'], [part, '所']))[0].indicatorId).toBe('schools_vocational');
    // further down the same block (as a yearbook's "7.技工学校" after the other types) it is still beside
    expect(mapped(lines(['中职学校', '所'], ['小学', '所'], ['技工学校', '所']))[0].indicatorId).toBe(null);
    // a heading or a new total row starts another block
    expect(mapped(lines(['中职学校', '所'], ['在校生数', '', false], ['技工学校', '人']))[0].indicatorId).toBe('schools_vocational');
    expect(mapped(lines(['中职学校', '所'], ['各类学校在校学生数', '人'], ['技工学校', '人']))[0].indicatorId).toBe('schools_vocational');
  });

  it('a heading whose unit contradicts the row leaves the row unmatched rather than guessing', () => {
    expect(mapped(lines(['学校数', '', false], ['小学', '人']))[0].indicatorId).toBe(null);
  });

  it('the memory is consulted first: left out, matched by hand, and per context', () => {
    const memory = ImportMemory.fromJSON([
      { label: '小学', unit: '所', indicator: null, how: 'left-out' },
      { label: '在校生', unit: '人', indicator: 'students_junior', how: 'user', context: 'primary' },
      { label: '九年义务教育巩固率', unit: '%', indicator: 'ger_junior', how: 'user' },
    ]);
    const got = mapped(lines(['小学', '所'], ['在校生', '人'], ['初中', '所'], ['在校生', '人'], ['九年义务教育巩固率', '%']), memory);
    expect(got.map((m) => [m.indicatorId, m.how])).toEqual([
      [null, 'remembered'],
      ['students_junior', 'remembered'],
      ['schools_junior', 'name'],
      ['students_junior', 'context'],
      ['ger_junior', 'remembered'],
    ]);
    // a remembered left-out row is the user's decision, not an unmatched name
    expect(got[0].method).toBe('user');
  });

  it('property: whatever the name, a match never has a unit the file contradicts', () => {
    const units = ['所', '人', '%', '万元', '亩', '人次', '', '个'];
    const names = CATALOG.indicators.flatMap((i) => [i.label.zh, ...i.aliases]);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(...units), fc.constantFrom('', '全市', '其中：', '另有'), (name, unit, prefix) => {
        const m = buildMapping([{ row: 2, label: prefix + name, unit: unit || undefined }], matcher)[0];
        if (m.indicatorId !== null) expect(matcher.unitAgrees(m.indicatorId, unit)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the vocabulary (data/synonyms.json)', () => {
  const voc = new Vocabulary();
  it.each([
    ['全市各级各类学校（含幼儿园）', { text: '各级各类学校含幼儿园', unit: null }],
    ['一、学校数（计量单位：所）', { text: '学校数', unit: '所' }],
    ['普通高校在校生（注1）', { text: '普通高校在校生', unit: null }],
    ['其中：另有小学教学点', { text: '小学教学点', unit: null }],
    ['全县', { text: '全县', unit: null }], // a prefix alone is the name
  ])('clean(%s)', (label, want) => {
    expect(voc.clean(label)).toMatchObject(want);
  });

  it('every catalog school count, enrolment and teacher figure of a school type has exactly one reading', () => {
    const m = new Matcher(CATALOG);
    for (const [subject, measures] of Object.entries({ primary: 1, junior: 1, senior_high: 1, kindergarten: 1, special: 1, vocational: 1, university: 1, open_university: 1 })) {
      void measures;
      for (const measure of ['schools', 'students', 'teachers']) expect(m.indicatorsFor(subject, measure)).toHaveLength(1);
    }
  });
});

describe('unitIdFor: the default unit of a new indicator from the file', () => {
  it.each<[string, string | null]>([
    ['所', 'school'],
    ['（人）', 'person'],
    ['万人', 'person'],
    ['人次', 'person_time'],
    ['%', 'percent'],
    ['亩', 'mu'],
    ['个', null], // places, projects or schools: the user picks
    ['元', null], // 万元 or 亿元
    ['', null],
    ['公顷', null],
  ])('%s → %s', (unit, id) => {
    expect(matcher.unitIdFor(unit)).toBe(id);
  });
});
