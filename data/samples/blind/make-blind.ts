/**
 * Blind-test corpus for the import matcher — MADE-UP FIGURES (虚构数据，仅供测试，非真实统计).
 *
 * Three small files, each in the row-naming style of a kind of real published table:
 *  - county-2020-bulletin.csv: a county bulletin's main figures (项目 · 单位 · 数值, year in the title),
 *    with 一、二、 group headings, 其中 rows and bulletin wording (各级各类学历教育在校生, 在园(班)幼儿, 义务教育阶段学校,
 *    九年义务教育巩固率) — modelled on provincial/county 教育事业发展统计公报 text such as the Shanxi 2018 bulletin.
 *  - city-yearbook-2018-2019.xlsx: a statistical-yearbook table (指标 · 单位 · 2018年 · 2019年) where short names
 *    (小学, 初中, #高中, 普通中学) repeat under the headings 学校数 / 在校学生数 / 专任教师数 / 毕业生数 — modelled on
 *    yearbook tables like "市区教育事业基本情况".
 *  - district-2021-brief.csv: a district brief worded like the national 2021 bulletin (普通小学, 小学教学点,
 *    小学阶段在校生, 学前教育专任教师, 专任教师中专科以上学历比例, 生师比 written 16.8:1, 万人).
 * The expected indicator of each row (data/samples/blind/expected.json) was decided from data/catalog.json alone,
 * before the matcher was run. Regenerate with `npx tsx data/samples/blind/make-blind.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';

const here = import.meta.dirname;
const q = (s: string | number) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
const csv = (rows: (string | number)[][]) => rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';

// 1. County bulletin, label + unit + value, year only in the title.
const county: (string | number)[][] = [
  ['某县2020年教育事业发展统计主要数据（虚构数据，仅供测试，非真实统计）'],
  ['项目', '单位', '数值'],
  ['一、综合', '', ''],
  ['各级各类学校', '所', 412],
  ['各级各类学历教育在校生', '人', 158230],
  ['专任教师', '人', 10874],
  ['教职工', '人', 12566],
  ['二、学前教育', '', ''],
  ['幼儿园', '所', 205],
  ['其中：普惠性幼儿园', '所', 171],
  ['入园(班)幼儿', '人', 9120],
  ['在园(班)幼儿', '人', 28417],
  ['专任教师', '人', 1893],
  ['学前教育毛入园率', '%', 93.6],
  ['三、义务教育', '', ''],
  ['义务教育阶段学校', '所', 168],
  ['在校生', '人', 101554],
  ['普通小学', '所', 121],
  ['小学招生', '人', 11270],
  ['小学在校生', '人', 68803],
  ['初中学校', '所', 47],
  ['初中在校生', '人', 32751],
  ['初中毕业生', '人', 10308],
  ['九年义务教育巩固率', '%', 97.2],
  ['四、高中阶段教育', '', ''],
  ['普通高中', '所', 9],
  ['普通高中在校生', '人', 17960],
  ['中等职业学校', '所', 4],
  ['高中阶段毛入学率', '%', 92.4],
];
writeFileSync(join(here, 'county-2020-bulletin.csv'), '\ufeff' + csv(county));

// 2. Yearbook table, short names repeated under measure headings.
const yearbook: (string | number)[][] = [
  ['表10-3 教育基本情况（虚构数据，仅供测试，非真实统计）'],
  ['指标', '单位', '2018年', '2019年'],
  ['一、学校数', '', '', ''],
  ['普通高等学校', '所', 2, 2],
  ['中等职业学校', '所', 6, 6],
  ['普通中学', '所', 58, 57],
  ['#高中', '所', 12, 12],
  ['初中', '所', 46, 45],
  ['小学', '所', 133, 128],
  ['特殊教育学校', '所', 2, 2],
  ['幼儿园', '所', 241, 250],
  ['二、在校学生数', '', '', ''],
  ['普通高等学校', '人', 21340, 22815],
  ['中等职业学校', '人', 15102, 14870],
  ['普通中学', '人', 88410, 90125],
  ['#高中', '人', 30260, 30918],
  ['初中', '人', 58150, 59207],
  ['小学', '人', 121780, 123402],
  ['特殊教育学校', '人', 512, 538],
  ['在园幼儿', '人', 52304, 51876],
  ['三、专任教师数', '', '', ''],
  ['普通高等学校', '人', 1210, 1266],
  ['中等职业学校', '人', 902, 915],
  ['普通中学', '人', 7215, 7330],
  ['小学', '人', 7108, 7245],
  ['幼儿园', '人', 3012, 3104],
  ['四、毕业生数', '', '', ''],
  ['初中', '人', 18620, 18955],
  ['小学', '人', 19870, 20211],
];
const ws = XLSX.utils.aoa_to_sheet(yearbook);
ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }];
const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, ws, '教育基本情况');
writeFileSync(join(here, 'city-yearbook-2018-2019.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));

// 3. District brief in national-bulletin wording, 万人 and a 生师比 written as n:1.
const district: (string | number)[][] = [
  ['某区2021年教育事业发展统计简况（虚构数据，仅供测试，非真实统计）'],
  ['指标名称', '单位', '数值'],
  ['各级各类学校', '所', 186],
  ['各级各类学历教育在校生', '万人', 9.37],
  ['专任教师总数', '人', 6120],
  ['学前教育', '', ''],
  ['幼儿园', '所', 94],
  ['其中：民办幼儿园', '所', 38],
  ['公办园', '所', 56],
  ['学前教育在园幼儿', '人', 17420],
  ['学前教育专任教师', '人', 1288],
  ['专任教师中专科以上学历比例', '%', 91.3],
  ['学前教育毛入园率', '%', 95.1],
  ['义务教育', '', ''],
  ['普通小学', '所', 52],
  ['小学教学点', '个', 11],
  ['小学阶段在校生', '人', 41236],
  ['小学专任教师', '人', 2453],
  ['小学生师比', '', '16.8:1'],
  ['初中学校', '所', 21],
  ['初中阶段在校生', '人', 19870],
  ['初中专任教师本科以上学历比例', '%', 88.6],
  ['九年义务教育巩固率', '%', 98.1],
  ['高中阶段教育', '', ''],
  ['普通高中', '所', 6],
  ['普通高中招生', '人', 4210],
  ['中等职业教育在校生', '人', 6350],
  ['高中阶段教育毛入学率', '%', 94.7],
  ['特殊教育学校', '所', 1],
  ['特教学校在校生', '人', 236],
];
writeFileSync(join(here, 'district-2021-brief.csv'), '\ufeff' + csv(district));
