/**
 * Writes the sample import files in this folder (run: `npx tsx data/samples/make-samples.ts`).
 * Every 2020 figure here is MADE UP for demonstrating the import; the 2019 figures are the published
 * baseline (data/baseline-2019.json). Labels are the catalog's (data/catalog.json), written the ways
 * files sent in write them (numbering, 其中 markers, units in brackets, merged headers).
 *
 * One inconsistency is deliberate: in the wide CSV the 2020 total of schools (946) is not the sum of
 * its parts (944), so the preview shows a balance finding.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { encodeGb18030 } from '../../tests/fixtures/import/gb18030.ts';

const here = dirname(fileURLToPath(import.meta.url));
const catalog = JSON.parse(readFileSync(join(here, '..', 'catalog.json'), 'utf8')) as {
  indicators: { id: string; label: { zh: string } }[];
};
const baseline = JSON.parse(readFileSync(join(here, '..', 'baseline-2019.json'), 'utf8')) as {
  values: { indicator: string; period: string; raw: string }[];
};
const label = (id: string): string => {
  const ind = catalog.indicators.find((i) => i.id === id);
  if (!ind) throw new Error(`catalog has no indicator "${id}"`);
  return ind.label.zh;
};
const v2019 = (id: string): string => {
  const v = baseline.values.find((x) => x.indicator === id && x.period === '2019');
  if (!v) throw new Error(`baseline has no 2019 value for "${id}"`);
  return v.raw;
};
const MADE_UP = '虚构数据，仅供演示导入，非真实统计 / made-up figures for demonstrating the import, not real statistics';

/** Quotes a CSV field when it holds a delimiter, a quote or a line break. */
const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: string[][]) => rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';

// 1. Wide, UTF-8 with BOM (Excel's "CSV UTF-8"): scale, 2019 (published) and 2020 (made up).
const schools2020: Record<string, number> = {
  schools_university: 1,
  schools_open_university: 2,
  schools_senior_high: 18,
  schools_senior_high_complete: 6,
  schools_senior_high_senior: 8,
  schools_senior_high_12year: 4,
  schools_vocational: 6,
  schools_compulsory: 250,
  schools_primary: 150,
  schools_junior: 100,
  schools_kindergarten: 662,
  schools_kindergarten_public: 215,
  schools_kindergarten_private: 447,
  schools_special: 5,
};
const students2020: Record<string, number> = {
  students_university: 12040,
  students_open_university: 8300,
  students_senior_high: 46800,
  students_vocational: 17020,
  students_compulsory: 358900,
  students_primary: 258100,
  students_junior: 100800,
  students_kindergarten: 103500,
  students_special: 650,
};
const topSchools = ['schools_university', 'schools_open_university', 'schools_senior_high', 'schools_vocational', 'schools_compulsory', 'schools_kindergarten', 'schools_special'];
const schoolsSum = topSchools.reduce((s, id) => s + schools2020[id], 0); // 944
const topStudents = ['students_university', 'students_open_university', 'students_senior_high', 'students_vocational', 'students_compulsory', 'students_kindergarten', 'students_special'];
const studentsSum = topStudents.reduce((s, id) => s + students2020[id], 0);
const fmt = (n: number) => n.toLocaleString('en-US');
const wide: string[][] = [
  [`2019—2020年教育发展规模（${MADE_UP}）`],
  ['指标', '单位', '2019年', '2020年'],
  [label('schools_total'), '所', v2019('schools_total'), String(schoolsSum + 2)], // deliberate: 946 ≠ 944
  ...Object.keys(schools2020).map((id) => [label(id), '所', v2019(id), String(schools2020[id])]),
  [label('students_total'), '人', fmt(Number(v2019('students_total'))), fmt(studentsSum)],
  ...Object.keys(students2020).map((id) => [label(id), '人', v2019(id), fmt(students2020[id])]),
];
writeFileSync(join(here, 'next-year-2020-wide-utf8.csv'), '\ufeff' + csv(wide));

// 2. Label + value for one year (the user picks 2020), GB18030 as Excel on Chinese Windows saves it,
//    with the numbering and markers such files carry. One value cannot be read ("待统计") and one
//    name is not in the catalog, so the preview lists both.
const gb: string[][] = [
  [`2020年学生资助情况（${'虚构数据，仅供演示导入，非真实统计'}）`],
  ['指标', '数值'],
  [`一、${label('aid_funds_total')}（亿元）`, '1.72'],
  [`二、${label('aid_person_times')}`, '9.1万'],
  [`其中：${label('aid_policy_recipients')}`, '6.5万'],
  [`（一）${label('nutrition_beneficiaries')}`, '5800'],
  [`#${label('scholarship_national_vocational')}`, '16'],
  [`1.${label('scholarship_soong_ching_ling')}`, '14'],
  [`2、${label('scholarship_yuexi_chamber')}`, '100'],
  [`①${label('aid_registered_poor_living')}`, '1.35万'],
  [label('aid_other_sources'), '待统计'],
  [`三、${label('student_loan_borrowers')}`, '4,100'],
  [`${label('student_loan_amount')}（万元）`, '3300'],
  ['心理健康辅导覆盖学生数', '20500'],
];
writeFileSync(join(here, 'next-year-2020-label-value-gb18030.csv'), encodeGb18030(csv(gb)));

// 3. XLSX: a sheet of instructions first, then the table with a merged title row, a two-row header
//    with merged cells, formatted numbers (34,113; 78.5%) and notes below the table.
const teachers: [string, string, string | number, string | number, string?][] = [
  ['teachers_total', '人', 34113, 34890, '#,##0'],
  ['teachers_university', '人', 468, 495],
  ['teachers_open_university', '人', 102, 104],
  ['teachers_vocational', '人', 821, 836],
  ['teachers_senior_high', '人', 3504, 3620],
  ['teachers_junior', '人', 7258, 7420],
  ['teachers_primary', '人', 14755, 14960],
  ['teachers_kindergarten', '人', 7077, 7320],
  ['teachers_special', '人', 128, 135],
  ['share_associate_plus_kindergarten', '%', 0.779, 0.802, '0.0%'],
  ['share_associate_plus_primary', '%', 0.989, 0.991, '0.0%'],
  ['ptr_kindergarten', '—', '1:14.7', '1:14.1'],
  ['ptr_primary', '—', '1:17.4', '1:17.3'],
];
// teachers_total 2020 = sum of parts: keep the XLSX consistent (the CSV carries the deliberate finding).
teachers[0][3] = teachers.slice(1, 9).reduce((s, t) => s + (t[3] as number), 0);
const aoa: (string | number)[][] = [
  [`2020年阳江市教师队伍情况（${MADE_UP}）`],
  ['序号', '指标', '单位', '年度数据'],
  ['', '', '', '2019年', '2020年'],
  ...teachers.map((t, i) => [i + 1, label(t[0]), t[1], t[2], t[3]]),
  [],
  ['注：1. 本表 2020 年数据为虚构，仅用于演示导入功能；2019 年为公开发布数。'],
  ['数据来源：示例文件，无真实来源。'],
];
const ws = XLSX.utils.aoa_to_sheet(aoa);
ws['!merges'] = [
  { s: { r: 0, c: 0 }, e: { r: 0, c: 4 } },
  { s: { r: 1, c: 0 }, e: { r: 2, c: 0 } },
  { s: { r: 1, c: 1 }, e: { r: 2, c: 1 } },
  { s: { r: 1, c: 2 }, e: { r: 2, c: 2 } },
  { s: { r: 1, c: 3 }, e: { r: 1, c: 4 } },
];
teachers.forEach((t, i) => {
  if (!t[4]) return;
  for (const col of ['D', 'E']) ws[`${col}${i + 4}`].z = t[4];
});
ws['!cols'] = [{ wch: 6 }, { wch: 40 }, { wch: 6 }, { wch: 10 }, { wch: 10 }];
const readme = XLSX.utils.aoa_to_sheet([
  ['填表说明（示例）'],
  [MADE_UP],
  ['数据在工作表“教师队伍”中。'],
]);
const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, readme, '填表说明');
XLSX.utils.book_append_sheet(wb, ws, '教师队伍');
writeFileSync(join(here, 'next-year-2020-merged-header.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));

// 4. Long: indicator id, name, year, value (UTF-8 without BOM).
const long: [string, string][] = [
  ['ger_preschool', '98.60%'],
  ['enrolment_rate_disabled', '99.50%'],
  ['ger_primary', '102.87%'],
  ['promotion_rate_primary', '100%'],
  ['ger_junior', '113.40%'],
  ['ger_senior_secondary', '98.90%'],
  ['general_vocational_ratio', '54.8:45.2'],
];
const longRows: string[][] = [[`# ${MADE_UP}`], ['指标代码', '指标', '年份', '数值']];
for (const [id, v] of long) {
  longRows.push([id, label(id), '2019', v2019(id)]);
  longRows.push([id, label(id), '2020', v]);
}
writeFileSync(join(here, 'next-year-2020-long.csv'), csv(longRows));

console.log('wrote 4 sample files to', here);
