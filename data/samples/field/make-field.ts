/**
 * Writes the field corpus in this folder (run: `npx tsx data/samples/field/make-field.ts`): files laid out
 * and labelled the way published Chinese education bulletins and yearbook tables of cities and counties
 * label their rows (group headings, 其中/# markers, place prefixes, short and former names, a units
 * column, English names, years in titles, sheet names and file names). EVERY FIGURE IS MADE UP.
 *
 * Each file comes with its expected mapping (`expected.json`): for every data row, the catalog indicator a
 * statistician would say the row is, or null when no catalog indicator is that figure (招生, 普通中学,
 * 教学点 …). The expectations are written here by hand from what the rows mean, not from what the
 * matcher returns. Ids from AGREEMENTS item 1 (schools_technical, schools_compulsory_9year …) are used
 * where they are right; a test treats an id absent from the current catalog as "no catalog indicator".
 * Each file also plants one real inconsistency (a total off its parts, or a ratio off its figures),
 * named in `expected.json` as the rule that must fail for that year.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { encodeGb18030 } from '../../../tests/fixtures/import/gb18030.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MADE_UP = '（虚构数据，仅供测试导入，非真实统计 / made-up figures for testing the import）';

/** A sheet row: cells, and for a data row the indicator it is (null: none in the catalog). */
type Row = { cells: (string | number)[]; expect?: string | null };
const h = (...cells: (string | number)[]): Row => ({ cells });
const d = (expect: string | null, ...cells: (string | number)[]): Row => ({ cells, expect });

export interface FieldFile {
  file: string;
  sheet?: string;
  /** The year(s) the figures are for (found by the import without being told). */
  periods: string[];
  /** 1-based row → expected indicator (null: no catalog indicator). */
  rows: Record<string, string | null>;
  /** The planted inconsistency: this rule must fail for this period. */
  planted: { rule: string; period: string; why: string };
}

const field = (s: string | number) => {
  const t = String(s);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
const csvText = (rows: Row[]) => rows.map((r) => r.cells.map(field).join(',')).join('\r\n') + '\r\n';
const expectations = (rows: Row[]) => {
  const out: Record<string, string | null> = {};
  rows.forEach((r, i) => {
    if (r.expect !== undefined) out[String(i + 1)] = r.expect;
  });
  return out;
};

function xlsx(sheets: { name: string; rows: Row[]; merges?: string[] }[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows.map((r) => r.cells));
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

const files: FieldFile[] = [];
const out: Record<string, Uint8Array> = {};

// 1. A county's table of a later year: name + unit + one year column, UTF-8 with BOM. The report's own
//    style: "全县各级各类学校…所，在校生…人": a bare 在校生/专任教师 row belongs to the school type above it.
//    Planted: kindergartens 61 ≠ public 25 + private 35.
{
  const rows: Row[] = [
    h(`某县2021年教育事业基本情况${MADE_UP}`),
    h('指标名称', '计量单位', '2021年'),
    d('schools_total', '全县各级各类学校', '所', 142),
    d('students_total', '在校生', '人', 61870),
    d('teachers_total', '专任教师', '人', 4301),
    d('schools_kindergarten', '幼儿园', '所', 61),
    d('schools_kindergarten_public', '  其中：公办幼儿园', '所', 25),
    d('schools_kindergarten_private', '        民办幼儿园', '所', 35),
    d(null, '        普惠性幼儿园', '所', 52),
    d('students_kindergarten', '在园幼儿', '人', 13120),
    d('teachers_kindergarten', '专任教师', '人', 812),
    d('schools_primary', '小学', '所', 48),
    d('students_primary', '在校生', '人', 27450),
    d('teachers_primary', '专任教师', '人', 1702),
    d(null, '另有小学教学点', '个', 14),
    d('schools_junior', '初中', '所', 21),
    d('students_junior', '在校生', '人', 12380),
    d('teachers_junior', '专任教师', '人', 1015),
    d('schools_compulsory_9year', '九年一贯制学校', '所', 4),
    d('schools_senior_high', '普通高中', '所', 4),
    d('students_senior_high', '在校生', '人', 6120),
    d('teachers_senior_high', '专任教师', '人', 520),
    d('schools_vocational', '中职学校', '所', 2),
    d('students_vocational', '在校生', '人', 2480),
    d('teachers_vocational', '专任教师', '人', 190),
    d('schools_special', '特教学校', '所', 1),
    d('students_special', '在校生', '人', 320),
    d('teachers_special', '专任教师', '人', 62),
    d(null, '小学招生', '人', 4620),
    d(null, '初中毕业生', '人', 3960),
    d('ger_preschool', '学前三年毛入园率', '%', 96.2),
    d(null, '九年义务教育巩固率', '%', 98.7),
    d('ger_senior_secondary', '高中阶段毛入学率', '%', 93.5),
    d('ptr_primary', '小学生师比', '', 16.13),
    h('注：1.本表不含技工学校。2.数据为虚构。'),
  ];
  const file = 'county-2021-name-unit-year.csv';
  out[file] = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csvText(rows))]);
  files.push({ file, periods: ['2021'], rows: expectations(rows), planted: { rule: 'balance_schools_kindergarten', period: '2021', why: '幼儿园 61 ≠ 公办 25 + 民办 35' } });
}

// 2. A city's main indicators, XLSX: title row (merged) with the year, a two-row merged header whose year
//    sits in the second header row, sheet named "2021年", a "比上年增减" column; place prefixes, full-width
//    brackets, footnote marks, 其中 rows. Planted: 普通高中 15 ≠ 完全中学 6 + 高级中学 7 + 十二年一贯制 3.
{
  const rows: Row[] = [
    h(`某市2021年教育事业发展主要指标${MADE_UP}`),
    h('指标', '单位', '主要指标值', ''),
    h('', '', '2021年', '比上年增减'),
    d('schools_total', '全市各级各类学校（含幼儿园）', '所', 1032, 6),
    d('students_total', '全市各级各类学校在校生', '人', 512840, 8120),
    d('teachers_total', '全市专任教师', '人', 33410, 602),
    d('schools_university', '普通高等学校', '所', 2, 0),
    d('students_university', '普通高校在校生（注1）', '人', 21300, 1100),
    d('schools_open_university', '开放大学', '所', 1, 0),
    d('schools_senior_high', '普通高中', '所', 15, 0),
    d('schools_senior_high_complete', '其中：完全中学', '所', 6, 0),
    d('schools_senior_high_senior', '　　　高级中学', '所', 7, 0),
    d('schools_senior_high_12year', '　　　十二年一贯制学校', '所', 3, 0),
    d('students_senior_high', '普通高中在校生', '人', 52100, 930),
    d('schools_vocational', '中等职业学校（含技工学校）', '所', 9, -1),
    d('students_vocational', '中职在校生', '人', 23800, -400),
    d('schools_compulsory', '义务教育阶段学校', '所', 412, -5),
    d('students_compulsory', '义务教育阶段在校生', '人', 291200, 3100),
    d('schools_primary', '　小学', '所', 318, -6),
    d('schools_junior', '　初中', '所', 94, 1),
    d('schools_kindergarten', '幼儿园', '所', 598, 9),
    d('students_kindergarten', '在园幼儿', '人', 118900, -2100),
    d('schools_special', '特殊教育学校', '所', 5, 0),
    d('students_special', '特殊教育在校生', '人', 1630, 45),
    d('teachers_senior_high', '普通高中专任教师', '人', 3920, 60),
    d('teachers_primary', '小学专任教师', '人', 14820, 220),
    d('teachers_kindergarten', '幼儿园专任教师', '人', 6410, 180),
    d('ger_preschool', '学前教育毛入园率', '%', 95.1, 0.6),
    d('share_associate_plus_kindergarten', '幼儿园专任教师专科以上学历比例', '%', 88.4, 1.2),
    h('注1：含独立学院。数据为虚构。'),
  ];
  const file = 'city-2021-two-row-header.xlsx';
  out[file] = xlsx([{ name: '2021年', rows, merges: ['A1:D1', 'A2:A3', 'B2:B3', 'C2:D2'] }]);
  files.push({ file, sheet: '2021年', periods: ['2021'], rows: expectations(rows), planted: { rule: 'balance_schools_senior_high', period: '2021', why: '普通高中 15 ≠ 6 + 7 + 3' } });
}

// 3. An older yearbook table (2014): group headings 学校数 / 在校学生数 / 专任教师数 / 招生数 with the type
//    names repeated under each, # for 其中, names spaced out ("小  学"), older names (广播电视大学, 普通中学,
//    特殊教育), an English column, two year columns (latest first). Planted: 2014 teachers 合计 29,960 ≠ the
//    sum by type 29,870 (2013 adds up).
{
  const types = (m: 'schools' | 'students' | 'teachers' | 'intake', v: number[]): Row[] => {
    const id = (s: string) => (m === 'intake' ? null : `${m}_${s}`);
    const rows: [string | null, string, string][] = [
      [m === 'intake' ? null : `${m}_total`, '合    计', 'Total'],
      [id('university'), '普通高等学校', 'Regular Institutions of Higher Education'],
      [id('open_university'), '广播电视大学', 'Radio and TV Universities'],
      [id('vocational'), '中等职业学校', 'Secondary Vocational Schools'],
      [m === 'intake' ? null : `${m}_technical`, '  # 技工学校', 'Technical Schools'],
      [null, '普通中学', 'Regular Secondary Schools'],
      [id('senior_high'), '  # 高  中', 'Senior High'],
      [id('junior'), '      初  中', 'Junior High'],
      [id('primary'), '小    学', 'Primary Schools'],
      [id('special'), '特殊教育', 'Special Education Schools'],
      [id('kindergarten'), '幼 儿 园', 'Kindergartens'],
    ];
    return rows.map(([e, zh, en], i) => d(e, zh, en, v[2 * i], v[2 * i + 1]));
  };
  const rows: Row[] = [
    h(`表13-11 各类教育事业基本情况${MADE_UP}`),
    h('指    标', 'Item', '2014年', '2013年'),
    h('一、学校数（计量单位：所）', 'Number of Schools (unit)'),
    ...types('schools', [1120, 1131, 1, 1, 1, 1, 12, 13, 3, 3, 160, 162, 38, 38, 122, 124, 520, 531, 4, 4, 422, 419]),
    h('二、在校学生数（计量单位：人）', 'Enrolment (person)'),
    ...types('students', [402600, 398510, 9800, 9500, 3100, 2900, 30200, 31000, 6900, 7100, 121600, 120300, 38400, 37900, 83200, 82400, 171500, 169800, 820, 790, 65580, 64220]),
    h('三、专任教师数（计量单位：人）', 'Full-time Teachers (person)'),
    ...types('teachers', [29960, 29410, 610, 590, 140, 130, 1850, 1880, 390, 400, 9900, 9750, 2700, 2650, 7200, 7100, 11300, 11200, 150, 140, 5920, 5720]),
    h('四、招生数（计量单位：人）', 'New Enrolment (person)'),
    ...types('intake', [130200, 128900, 3100, 3000, 1200, 1100, 11000, 11300, 2400, 2500, 40100, 39900, 13100, 12800, 27000, 27100, 29700, 29100, 150, 140, 24800, 24500]),
    h('注：本表技工学校数据由人力资源和社会保障部门提供。数据为虚构。'),
  ];
  const file = 'yearbook-2014-group-headings.xlsx';
  out[file] = xlsx([{ name: '13-11', rows }]);
  files.push({ file, periods: ['2013', '2014'], rows: expectations(rows), planted: { rule: 'balance_teachers_total', period: '2014', why: '合计 29,960 ≠ 610 + 140 + 1,850 + 2,700 + 7,200 + 11,300 + 150 + 5,920 = 29,870' } });
}

// 4. An older county file (2019), GB18030, "项目 · 单位 · 数值" without a year column: the year is only in
//    the title, written "二〇一九年度". Older and short names: 电大, 中专/职高 lines, 特殊学校, 小学生数.
//    Planted: 义务教育在校生 40,110 ≠ 小学 27,230 + 初中 12,780.
{
  const rows: Row[] = [
    h(`某县二〇一九年度教育统计快报${MADE_UP}`),
    h('项目', '单位', '数值'),
    d('schools_total', '本县学校总数', '所', 131),
    d('students_total', '在校学生数', '人', 58230),
    d('schools_kindergarten', '幼儿园', '所', 55),
    d('students_kindergarten', '在园（班）幼儿', '人', 12600),
    d('schools_compulsory', '义务教育学校', '所', 70),
    d('students_compulsory', '义务教育在校生', '人', 40110),
    d('schools_primary', '普通小学', '所', 52),
    d('students_primary', '小学生数', '人', 27230),
    d('schools_junior', '初级中学', '所', 18),
    d('students_junior', '初中在校学生数', '人', 12780),
    d('schools_senior_high', '普高', '所', 3),
    d('students_senior_high', '普高在校生', '人', 4720),
    d('schools_vocational', '中等职业技术学校', '所', 1),
    d(null, '其中：职业高中', '所', 1),
    d('students_vocational', '中职在校生数', '人', 1510),
    d('schools_special', '特殊学校', '所', 1),
    d('students_special', '特殊学校在校生', '人', 210),
    d('teachers_total', '专任教师总数', '人', 4010),
    d('teachers_primary', '小学教师数', '人', 1650),
    d('teachers_junior', '初中教师数', '人', 990),
    d(null, '县电大工作站学员', '人', 300),
    d('enrolment_rate_disabled', '残疾儿童少年入学率', '%', 96),
    d(null, '教职工总数', '人', 4620),
  ];
  const file = 'county-2019-gb18030-label-value.csv';
  out[file] = encodeGb18030(csvText(rows));
  files.push({ file, periods: ['2019'], rows: expectations(rows), planted: { rule: 'balance_students_compulsory', period: '2019', why: '义务教育在校生 40,110 ≠ 27,230 + 12,780' } });
}

// 5. A long table in English (as English bulletins name things): indicator · year · value · unit, two years.
//    Planted: 2020 compulsory schools 64 ≠ primary 45 + junior 20.
{
  const series: [string | null, string, string, number, number][] = [
    ['schools_total', 'Schools of all levels and types', 'unit', 260, 255],
    ['students_total', 'Enrolment, all levels and types', 'person', 120400, 121900],
    ['schools_compulsory', 'Compulsory education schools', 'unit', 64, 63],
    ['schools_primary', 'Primary schools', 'unit', 45, 44],
    ['schools_junior', 'Junior secondary schools', 'unit', 20, 19],
    ['students_primary', 'Enrolment, primary schools', 'person', 51200, 51900],
    ['students_junior', 'Enrolment, junior secondary schools', 'person', 23800, 24100],
    ['teachers_primary', 'Full-time teachers, primary schools', 'person', 3010, 3060],
    ['schools_senior_high', 'Regular senior secondary schools', 'unit', 6, 6],
    ['students_senior_high', 'Enrolment, regular senior secondary schools', 'person', 11900, 12200],
    ['schools_vocational', 'Secondary vocational schools', 'unit', 3, 3],
    ['schools_kindergarten', 'Kindergartens', 'unit', 140, 138],
    ['students_kindergarten', 'Children in kindergartens', 'person', 25200, 25000],
    ['schools_special', 'Special education schools', 'unit', 1, 1],
    [null, 'New entrants, primary schools', 'person', 8600, 8700],
    ['ger_senior_secondary', 'Gross enrolment rate, senior secondary', '%', 91.2, 92.0],
  ];
  const rows: Row[] = [h('Indicator', 'Year', 'Value', 'Unit')];
  for (const year of [2020, 2021]) for (const [id, name, unit, a, b] of series) rows.push(d(id, name, year, year === 2020 ? a : b, unit));
  rows.push(h(`Note: made-up figures for testing the import ${MADE_UP}`));
  const file = 'district-long-english-2020-2021.csv';
  out[file] = new TextEncoder().encode(csvText(rows));
  files.push({ file, periods: ['2020', '2021'], rows: expectations(rows), planted: { rule: 'balance_schools_compulsory', period: '2020', why: 'compulsory 64 ≠ primary 45 + junior 20' } });
}

// 6. A district's sheet of 2022 where the year is only in the file name; label + value table whose names
//    carry the units in brackets and numbering; 全区/我区 prefixes; "学前教育" names for kindergartens.
//    Planted: 初中生师比 published 14.20 while 9,240 ÷ 702 = 13.16.
{
  const rows: Row[] = [
    h(`教育基本情况${MADE_UP}`),
    h('序号', '指标', '数值'),
    d('schools_total', '1', '全区各级各类学校数（所）', 203),
    d('students_total', '2', '我区在校生总数（人）', 98120),
    d('schools_kindergarten', '3', '幼儿园数（所）', 101),
    d('students_kindergarten', '4', '学前教育在园幼儿（人）', 21500),
    d('teachers_kindergarten', '5', '学前教育专任教师（人）', 1410),
    d('schools_primary', '6', '小学学校数（所）', 58),
    d('students_primary', '7', '小学在校生数（人）', 41200),
    d('teachers_primary', '8', '小学专任教师数（人）', 2480),
    d('schools_junior', '9', '初中学校数（所）', 25),
    d('students_junior', '10', '初中在校生数（人）', 9240),
    d('teachers_junior', '11', '初中专任教师数（人）', 702),
    d('ptr_junior', '12', '初中生师比', 14.2),
    d('schools_senior_high', '13', '普通高中学校数（所）', 5),
    d('students_senior_high', '14', '普通高中在校生数（人）', 8800),
    d(null, '15', '普惠性幼儿园覆盖率（%）', 86.3),
    d('coverage_standard_kindergartens', '16', '规范化幼儿园覆盖率（%）', 92.1),
    d(null, '17', '学校占地面积（亩）', 5120),
    d(null, '18', '教育经费总投入（万元）', 184200),
  ];
  const file = '某区2022年教育事业统计.xlsx';
  out[file] = xlsx([{ name: 'Sheet1', rows }]);
  files.push({ file, periods: ['2022'], rows: expectations(rows), planted: { rule: 'ratio_ptr_junior', period: '2022', why: '9,240 ÷ 702 = 13.16, published 14.2' } });
}

// 7. Written after the matcher, as a check it was not tuned on: a yearbook table whose unit sits in its own
//    unheaded column only on each block's total row ("各类学校数合计 | (所)"), English name and unit columns,
//    bare year headers, 技工学校 listed BESIDE 中等职业学校 (so 中等职业学校 there excludes it, unlike the
//    catalog's 中职 含技工学校), 特殊学校. Planted: 2015 小学生师比 17.5 while 64,300 ÷ 3,890 = 16.53.
{
  const types = (m: 'schools' | 'students' | 'teachers', v: number[]): Row[] => {
    const rows: [string | null, string, string][] = [
      [`${m}_university`, '普通高等学校', 'Regular Institutions of Higher Education'],
      [null, '中等职业学校', 'Vocational Secondary Schools'],
      [`${m}_technical`, '技工学校', 'Technical Schools'],
      [null, '普通中学', 'Regular Secondary Schools'],
      [`${m}_senior_high`, '# 高  中', 'Senior Secondary Schools'],
      [`${m}_primary`, '小  学', 'Primary Schools'],
      [`${m}_special`, '特殊学校', 'Special Schools'],
    ];
    return rows.map(([e, zh, en], i) => d(e, zh, '', en, '', v[2 * i], v[2 * i + 1]));
  };
  const rows: Row[] = [
    h(`17-8 各类学校数、在校学生数及专任教师数${MADE_UP}`),
    h('项    目', '', 'Item', '', 2014, 2015),
    d('schools_total', '各类学校数合计', '(所)', 'Total Number of Schools', '(unit)', 612, 607),
    ...types('schools', [3, 3, 9, 9, 4, 4, 88, 87, 21, 21, 141, 137, 2, 2]),
    d('students_total', '各类学校在校学生数', '(人)', 'Number of Enrolled Students', '(person)', 231500, 229800),
    ...types('students', [28100, 28900, 17200, 16900, 6100, 6300, 98400, 97100, 30500, 30900, 65200, 64300, 410, 420]),
    d('teachers_total', '各类学校专任教师数', '(人)', 'Full-time Teachers', '(person)', 14020, 14110),
    ...types('teachers', [1500, 1520, 1010, 1000, 380, 390, 7400, 7450, 2300, 2330, 3920, 3890, 60, 62]),
    d('ptr_primary', '小学生师比', '', 'Student-Teacher Ratio, Primary Schools', '', 16.63, 17.5),
  ];
  const file = 'city-yearbook-2015-unit-on-total-rows.xlsx';
  out[file] = xlsx([{ name: '17-8', rows }]);
  files.push({ file, periods: ['2014', '2015'], rows: expectations(rows), planted: { rule: 'ratio_ptr_primary', period: '2015', why: '64,300 ÷ 3,890 = 16.53, published 17.5' } });
}

for (const [name, bytes] of Object.entries(out)) writeFileSync(join(here, name), bytes);
writeFileSync(join(here, 'expected.json'), JSON.stringify({ note: `Expected mapping per file, written by hand ${MADE_UP}`, files }, null, 2) + '\n');
console.log(`wrote ${files.length} files and expected.json to ${here}`);
