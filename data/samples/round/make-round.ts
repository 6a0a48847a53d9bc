/**
 * Writes the sample files of a collection round (run: `npx tsx data/samples/round/make-round.ts`).
 * ALL FIGURES ARE MADE UP (虚构数据，仅供演示导入，非真实统计); the place names are those of a real
 * prefecture's six county-level units only so that the files look like the ones a city bureau receives.
 * Shapes modelled on county returns and "各县（市、区）" tables: a 填报单位 line, titles with the year,
 * one-year label + value tables, a wide table with a year column, a table per unit column, a long table
 * with a unit column.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';

const here = dirname(fileURLToPath(import.meta.url));
const MADE_UP = '虚构数据，仅供演示导入，非真实统计';
const csv = (rows: string[][]): string => '\uFEFF' + rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
const write = (name: string, text: string) => writeFileSync(join(here, name), text);

// 1. a county's return: title with the year, a 填报单位 line, label + value (the year from the title)
write(
  '东平县2020年教育事业统计表.csv',
  csv([
    [`东平县2020年教育事业基本情况（${MADE_UP}）`, '', ''],
    ['填报单位：东平县教育和体育局', '', '填表人：（略）'],
    ['指标', '单位', '数值'],
    ['小学学校数', '所', '51'],
    ['小学在校生数', '人', '38,412'],
    ['小学专任教师数', '人', '2,316'],
    ['初中学校数', '所', '19'],
    ['初中在校生数', '人', '17,905'],
    ['初中专任教师数', '人', '1,488'],
    ['幼儿园数', '所', '96'],
    ['在园幼儿数', '人', '15,230'],
    ['注：本表数据为虚构，仅供演示。', '', ''],
  ]),
);

// 2. another county, XLSX: merged title, 填报单位 with the person in the same cell, a one-year wide header
{
  const rows = [
    ['2020年教育事业统计报表', '', '', ''],
    ['填报单位：宁阳县教育和体育局    负责人：（略）', '', '', ''],
    ['序号', '项目', '计量单位', '2020年'],
    ['1', '小学数', '所', '47'],
    ['2', '小学在校生数', '人', '35120'],
    ['3', '小学专任教师数', '人', '2105'],
    ['4', '初中数', '所', '17'],
    ['5', '初中在校生数', '人', '16044'],
    ['6', '初中专任教师数', '人', '1322'],
    ['7', '幼儿园数', '所', '88'],
    ['8', '在园幼儿数', '人', '13976'],
    [`注：${MADE_UP}`, '', '', ''],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((c) => (/^\d+$/.test(c) && c.length > 1 ? Number(c) : c))));
  ws['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 3 } },
    { s: { r: 1, c: 0 }, e: { r: 1, c: 3 } },
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '基本情况');
  writeFileSync(join(here, '宁阳县.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

// 3. a district: the unit only in the file name, the year in the title, names numbered
write(
  '岱岳区教育局上报.csv',
  csv([
    [`2020年度教育统计数据（${MADE_UP}）`, ''],
    ['项目', '数值'],
    ['一、小学学校数（所）', '58'],
    ['其中：小学在校生数（人）', '41,003'],
    ['小学专任教师数（人）', '2,587'],
    ['二、初中学校数（所）', '21'],
    ['初中在校生数（人）', '19,660'],
    ['初中专任教师数（人）', '1,611'],
  ]),
);

// 4. the "各县（市、区）" table: indicators down, one column per unit, the year in the title, a 合计 column
write(
  '各县（市、区）2020年主要教育指标.csv',
  csv([
    [`各县（市、区）2020年主要教育指标（${MADE_UP}）`, '', '', '', '', '', '', ''],
    ['指标', '泰山区', '岱岳区', '新泰市', '肥城市', '宁阳县', '东平县', '合计'],
    ['小学数', '33', '58', '72', '61', '47', '51', '322'],
    ['初中数', '14', '21', '30', '25', '17', '19', '126'],
    ['幼儿园数', '120', '101', '135', '118', '88', '96', '658'],
  ]),
);

// 5. a long table with a unit column (any column order; 县（市、区） as its header), two units, one not in the tree
write(
  '分县区长表-2020.csv',
  csv([
    [`2020年分县（市、区）统计（${MADE_UP}）`, '', '', ''],
    ['指标', '县（市、区）', '年份', '数值'],
    ['小学在校生数', '新泰市', '2020', '52,870'],
    ['小学在校生数', '肥城市', '2020', '44,315'],
    ['小学在校生数', '高新区', '2020', '6,020'],
    ['初中在校生数', '新泰市', '2020', '24,102'],
    ['初中在校生数', '肥城市', '2020', '20,877'],
    ['初中在校生数', '高新区', '2020', '2,411'],
  ]),
);
