import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import type { Indicator } from '../../../src/core/model/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import type { Finding } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
// mulberry32: a small seeded generator, so every world is reproducible
import { rng } from '../../../bench/rng.ts';

/**
 * Realistic next years built from the 2019 baseline (made-up figures): every figure the plausibility
 * rule selects moves by its own trend plus a little noise each year, as a city's statistics do
 * (enrolment drifting a few per cent a year, rates a point or so, small counts by one or two).
 * Correct data of this kind must raise no plausibility warning; each planted problem exactly one.
 */

const RULES = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG, 'data/rules.json');
const PLAUSIBLE = RULES.rules.find((r) => r.kind === 'plausible')!;
const SELECTED = new Set(PLAUSIBLE.kind === 'plausible' ? PLAUSIBLE.select!.kinds : []);
const EXCLUDED = new Set(PLAUSIBLE.kind === 'plausible' ? (PLAUSIBLE.exclude ?? []) : []);


const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** The raw text a statistician would type for value x of an indicator. */
function rawOf(ind: Indicator, x: number): string {
  const t = x.toFixed(ind.decimals);
  if (ind.kind === 'percentage') return `${t}%`;
  if (ind.kind === 'ratio') return `1:${t}`;
  return t;
}

function set(wb: Workbook, id: string, period: string, raw: string): void {
  const ind = wb.index.indicator(id);
  wb.addPeriod(period);
  wb.apply([{ key: cellKey(id, period), after: parseValue(raw, ind, wb.index.unitOf(ind)) }]);
}

/**
 * Adds `years` (ascending, after 2019) to the baseline: each selected figure follows a trend drawn once
 * (counts and amounts −8 % … +8 % a year or `trend`, rates −1 … +1 point) plus noise of a
 * third of that size; counts under 50 move by −2 … +2. Years missing from the list are gap years.
 */
function nextYears(seed: number, years: number[], opts: { trend?: [number, number] } = {}): Workbook {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const r = rng(seed);
  for (const ind of wb.index.ordered) {
    const v = wb.get(ind.id, '2019');
    if (!SELECTED.has(ind.kind) || EXCLUDED.has(ind.id) || v.state !== 'value' || v.n === undefined) continue;
    let x = v.n;
    let year = 2019;
    const points = ind.kind === 'percentage';
    const [tlo, thi] = points ? [-1, 1] : (opts.trend ?? [-0.08, 0.08]);
    const trend = between(r, tlo, thi);
    const cap = points ? (ind.gross ? 150 : 100) : Infinity;
    for (const y of years) {
      for (; year < y; year++) {
        const step = trend + between(r, -1, 1) * (Math.abs(thi - tlo) / 6);
        if (points) x = Math.min(cap, Math.max(0, x + step));
        else if (ind.kind === 'count' && x < 50) x = Math.max(0, x + Math.round(between(r, -2, 2)));
        else x = x * (1 + step);
      }
      set(wb, ind.id, String(y), rawOf(ind, ind.kind === 'count' ? Math.round(x) : x));
    }
  }
  return wb;
}

function plausibility(wb: Workbook): Finding[] {
  return compileRules(RULES, wb)
    .validateAll()
    .findings.filter((f) => f.ruleId === PLAUSIBLE.id);
}

/** Findings outside the baseline's own (explained) 2019 ones. */
const after2019 = (fs: Finding[]) => fs.filter((f) => f.period > '2019');

describe('plausibility on realistic next years from the 2019 baseline', () => {
  const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);

  it.each(SEEDS)('world %i: three consecutive years raise no warning', (seed) => {
    const wb = nextYears(seed, [2020, 2021, 2022]);
    expect(after2019(plausibility(wb)).map((f) => f.message.zh)).toEqual([]);
  });

  it.each(SEEDS)('world %i: a gap year (2021 after 2019, no 2020) raises no warning', (seed) => {
    const wb = nextYears(seed, [2021, 2023]);
    expect(wb.periods).toEqual(['2018', '2019', '2021', '2023']);
    expect(after2019(plausibility(wb)).map((f) => f.message.zh)).toEqual([]);
  });

  it.each(SEEDS)('world %i: six years, so each figure\'s own history sets its band, raise no warning', (seed) => {
    const wb = nextYears(seed, [2020, 2021, 2022, 2023, 2024, 2025]);
    const fs = after2019(plausibility(wb));
    expect(fs.map((f) => f.message.zh)).toEqual([]);
  });

  it('the history band is used from the fifth year on (the message says so when it fires)', () => {
    const wb = nextYears(3, [2020, 2021, 2022, 2023, 2024]);
    const x = wb.get('students_primary', '2024').n!;
    set(wb, 'students_primary', '2024', String(Math.round(x * 1.2)));
    const fs = after2019(plausibility(wb));
    expect(fs.map((f) => f.id)).toEqual(['plausible|students_primary@2024']);
    expect(fs[0].message.zh).toContain('按本指标历年变动');
  });

  it('a decrease across the board (every count and amount −15 %) raises no warning', () => {
    const wb = nextYears(7, [2020], { trend: [-0.15, -0.15] });
    expect(after2019(plausibility(wb))).toEqual([]);
  });

  it('the baseline itself: the two rises the report states are its only warnings, and they are explained', () => {
    const fs = plausibility(workbookFromJson(BASELINE_2019_JSON, CATALOG));
    expect(fs.map((f) => f.id).sort()).toEqual(['plausible|gaokao_college_passes@2019', 'plausible|student_loan_borrowers@2019']);
    for (const f of fs) expect(f.explanation?.by).toBe('report');
  });
});

describe('planted problems in a correct 2020', () => {
  const planted = (id: string, raw: (x: number, ind: Indicator) => string) => {
    const wb = nextYears(11, [2020]);
    const ind = wb.index.indicator(id);
    set(wb, id, '2020', raw(wb.get(id, '2019').n!, ind));
    return after2019(plausibility(wb));
  };

  it('a −75 % drop of 小学在校生数 is the one warning', () => {
    const fs = planted('students_primary', (x) => String(Math.round(x * 0.25)));
    expect(fs.map((f) => f.id)).toEqual(['plausible|students_primary@2020']);
    expect(fs[0].code).toBe('rule.plausible.change');
    expect(fs[0].message.zh).toMatch(/较2019年的 [\d,]+ 变动 −7\d(\.\d)?%/);
  });

  it('a drop in a figure the old jump rules never covered (幼儿园专任教师数) is found too', () => {
    const fs = planted('teachers_kindergarten', (x) => String(Math.round(x * 0.4)));
    expect(fs.map((f) => f.id)).toEqual(['plausible|teachers_kindergarten@2020']);
  });

  it('初中毛入学率 typed as a fraction (1.1502 for 115.02 %) is named', () => {
    const fs = planted('ger_junior', (x) => (x / 100).toFixed(4));
    expect(fs.map((f) => f.code)).toEqual(['rule.plausible.points.fraction']);
    expect(fs[0].message.zh).toContain('疑似把百分数输成小数');
  });

  it('小学专任教师大专以上学历占比 98.9 % typed as 0.989 is named', () => {
    const fs = planted('share_associate_plus_primary', () => '0.989');
    expect(fs.map((f) => f.code)).toEqual(['rule.plausible.points.fraction']);
    expect(fs[0].message.zh).toContain('应为 98.9？');
  });

  it('各级各类学校在校生数 typed in 万人 is named', () => {
    const fs = planted('students_total', (x) => (x / 1e4).toFixed(2));
    expect(fs.map((f) => f.code)).toEqual(['rule.plausible.change.wan_up']);
    expect(fs[0].message.zh).toContain('疑似单位为万人');
  });

  it('a ratio (生师比) is left to its ratio rule: 1 ÷ 17.4 written 0.06 is no plausibility finding', () => {
    expect(planted('ptr_primary', () => '0.06')).toEqual([]);
  });

  it('a negative count is left to the per-value check', () => {
    expect(planted('schools_special', () => '-3')).toEqual([]);
  });

  it('a custom indicator (added by an import) is checked too', () => {
    const wb = nextYears(11, [2020]);
    const custom: Indicator = { id: 'schools_night', label: { zh: '夜校数', en: 'Night schools' }, section: wb.index.ordered[0].section, parent: null, order: 9999, unit: 'school', kind: 'count', decimals: 0, aliases: [], custom: true };
    wb.setCatalog({ ...wb.catalog, indicators: [...wb.catalog.indicators, custom] });
    set(wb, 'schools_night', '2019', '40');
    set(wb, 'schools_night', '2020', '41');
    expect(after2019(plausibility(wb))).toEqual([]);
    set(wb, 'schools_night', '2020', '160');
    expect(after2019(plausibility(wb)).map((f) => f.id)).toEqual(['plausible|schools_night@2020']);
  });

  it('a stated decrease (比上年减少) is not a level and gets no plausibility finding', () => {
    const fs = planted('gaokao_college_passes_increase', () => '-55');
    expect(fs).toEqual([]);
  });
});
