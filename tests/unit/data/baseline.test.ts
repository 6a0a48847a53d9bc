import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import baseline from '../../../data/baseline-2019.json' with { type: 'json' };
import catalogSchema from '../../../schemas/catalog.schema.json' with { type: 'json' };
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { formatSchemaErrors } from '../../../src/core/schema/ajv.ts';
import { createAjv } from '../../../src/core/schema/compile.ts';

interface BaselineValue {
  indicator: string;
  period: string;
  reportingUnit?: string;
  raw: string;
  state: string;
  value?: number;
  value2?: number;
  qualifier?: string;
  source?: string;
  derived?: boolean;
  derivation?: string;
}

const index = new CatalogIndex(CATALOG);
const values = baseline.values as BaselineValue[];
const v2019 = new Map(values.filter((v) => v.period === '2019').map((v) => [v.indicator, v]));
const n = (id: string): number => {
  const v = v2019.get(id)?.value;
  if (v === undefined) throw new Error(`no 2019 value for ${id}`);
  return v;
};
const sum = (...ids: string[]) => ids.reduce((s, id) => s + n(id), 0);

const WORKBOOK_SCHEMA = fileURLToPath(new URL('../../../schemas/workbook.schema.json', import.meta.url));

describe('data/baseline-2019.json', () => {
  it('has the workbook file header', () => {
    expect(baseline.format).toBe('edu-stats-workbook');
    expect(baseline.formatVersion).toBe(1);
    expect(baseline.catalogVersion).toBe(CATALOG.version);
    expect(baseline.periods).toEqual(['2018', '2019']);
  });

  // TODO(lead): once schemas/workbook.schema.json exists this validates the baseline against it; until
  // then the structural checks below stand in for it.
  it.skipIf(!fs.existsSync(WORKBOOK_SCHEMA))('validates against schemas/workbook.schema.json', () => {
    const ajv = createAjv();
    ajv.addSchema(catalogSchema);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(WORKBOOK_SCHEMA, 'utf8')));
    const ok = validate(baseline);
    expect(formatSchemaErrors(validate.errors, 'data/baseline-2019.json').map((t) => t.en)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has only the fields of the format, with the right types', () => {
    const allowed = new Set(['indicator', 'period', 'reportingUnit', 'raw', 'state', 'value', 'value2', 'qualifier', 'source', 'derived', 'derivation']);
    for (const v of values) {
      expect(Object.keys(v).filter((k) => !allowed.has(k)), v.indicator).toEqual([]);
      expect(typeof v.raw).toBe('string');
      expect(['value', 'empty', 'na', 'invalid']).toContain(v.state);
      expect(baseline.periods).toContain(v.period);
      if (v.qualifier !== undefined) expect(['about', 'over', 'odd', 'under']).toContain(v.qualifier);
      expect(typeof v.source).toBe('string');
    }
  });

  it('holds one value per indicator and period, each for a catalog indicator', () => {
    const keys = values.map((v) => `${v.indicator}@${v.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(values.filter((v) => !index.byId.has(v.indicator)).map((v) => v.indicator)).toEqual([]);
  });

  it('has a published 2019 value for every catalog indicator the report has (the optional extra categories it does not list are absent)', () => {
    const missing = CATALOG.indicators.filter((i) => !i.optional && v2019.get(i.id)?.state !== 'value' || v2019.get(i.id)?.derived).map((i) => i.id);
    expect(missing).toEqual([]);
    expect(CATALOG.indicators.filter((i) => i.optional && v2019.has(i.id)).map((i) => i.id)).toEqual([]);
  });

  it.each(values.map((v) => [`${v.indicator}@${v.period}`, v] as const))('%s: value, value2, qualifier are what parseValue reads', (_k, v) => {
    const ind = index.indicator(v.indicator);
    const p = parseValue(v.raw, ind, index.unitOf(ind));
    expect({ state: v.state, value: v.value, value2: v.value2, qualifier: v.qualifier }).toEqual({
      state: p.state,
      value: p.n,
      value2: p.n2,
      qualifier: p.qualifier,
    });
  });

  it('keeps the qualifiers the report writes', () => {
    const q = values.filter((v) => v.qualifier).map((v) => [v.indicator, v.raw, v.qualifier]);
    expect(q).toEqual([
      ['preschool_places_new', '约9500', 'about'],
      ['compulsory_places_new', '约17860', 'about'],
      ['share_teachers_72h_training', '92%以上', 'over'],
      ['teachers_degree_upgrading', '1千余', 'odd'],
    ]);
  });

  it('reads figures written with 万 and money in the report unit', () => {
    expect([n('aid_person_times'), n('aid_policy_recipients'), n('teacher_central_training_person_times'), n('aid_registered_poor_living')]).toEqual([
      86900, 62000, 16000, 13000,
    ]);
    expect([n('aid_funds_total'), n('univ_planned_investment'), n('aid_registered_poor_amount'), n('student_loan_amount')]).toEqual([1.66, 52.08, 4721, 3082]);
    expect([v2019.get('general_vocational_ratio')?.value, v2019.get('general_vocational_ratio')?.value2]).toEqual([55.5, 44.5]);
  });
});

describe('2018 values derived from "比上年增加"', () => {
  const cases: [main: string, increase: string, expected: number][] = [
    ['gaokao_priority_passes', 'gaokao_priority_passes_increase', 1460],
    ['gaokao_undergrad_passes', 'gaokao_undergrad_passes_increase', 6200],
    ['gaokao_college_passes', 'gaokao_college_passes_increase', 7982],
    ['student_loan_borrowers', 'student_loan_borrowers_increase', 2712],
  ];
  it.each(cases)('%s@2018 = %s − increase = %d', (main, inc, expected) => {
    const v = values.find((x) => x.indicator === main && x.period === '2018');
    expect(v).toBeDefined();
    expect(v!.value).toBe(n(main) - n(inc));
    expect(v!.value).toBe(expected);
    expect(v!.raw).toBe(String(expected));
    expect(v!.derived).toBe(true);
    expect(v!.derivation).toBe(`${v2019.get(main)!.raw} − ${v2019.get(inc)!.raw}`);
  });

  it('derives nothing else, and marks every 2018 value as derived', () => {
    const y2018 = values.filter((v) => v.period === '2018');
    expect(y2018.map((v) => v.indicator).sort()).toEqual(cases.map((c) => c[0]).sort());
    expect(values.filter((v) => v.derived).length).toBe(cases.length);
  });

  it('agrees with the stated 42% growth of borrowers: 1128 ÷ 2712 rounds to 42%', () => {
    const growth = (n('student_loan_borrowers_increase') / (n('student_loan_borrowers') - n('student_loan_borrowers_increase'))) * 100;
    expect(Math.round(growth)).toBe(n('student_loan_borrowers_growth'));
    expect(growth).toBeCloseTo(41.59, 2);
  });
});

// What the published figures say about each other; a transcription slip in the baseline breaks one of these.
describe('the published figures as transcribed', () => {
  const balances: [total: string, parts: string[]][] = [
    ['schools_total', ['schools_university', 'schools_open_university', 'schools_senior_high', 'schools_vocational', 'schools_compulsory', 'schools_kindergarten', 'schools_special']],
    ['students_total', ['students_university', 'students_open_university', 'students_senior_high', 'students_vocational', 'students_compulsory', 'students_kindergarten', 'students_special']],
    ['teachers_total', ['teachers_university', 'teachers_open_university', 'teachers_vocational', 'teachers_senior_high', 'teachers_junior', 'teachers_primary', 'teachers_kindergarten', 'teachers_special']],
    ['schools_senior_high', ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year']],
    ['schools_compulsory', ['schools_primary', 'schools_junior']],
    ['students_compulsory', ['students_primary', 'students_junior']],
    ['schools_kindergarten', ['schools_kindergarten_public', 'schools_kindergarten_private']],
  ];
  it.each(balances)('%s = sum of its parts', (total, parts) => {
    expect(sum(...parts)).toBe(n(total));
  });

  const ratios: [ratio: string, students: string, teachers: string][] = [
    ['ptr_kindergarten', 'students_kindergarten', 'teachers_kindergarten'],
    ['ptr_primary', 'students_primary', 'teachers_primary'],
    ['ptr_junior', 'students_junior', 'teachers_junior'],
    ['ptr_senior_high', 'students_senior_high', 'teachers_senior_high'],
    ['ptr_vocational', 'students_vocational', 'teachers_vocational'],
  ];
  it.each(ratios)('%s = %s ÷ %s to one decimal', (ratio, s, t) => {
    expect(Math.round((n(s) / n(t)) * 10) / 10).toBe(n(ratio));
  });

  it('splits 55.5 : 44.5 into 100', () => {
    const v = v2019.get('general_vocational_ratio')!;
    expect(v.value! + v.value2!).toBe(100);
  });

  it('does not claim the listed aid recipients add up to 8.69万 person-times (其中 is a partial list)', () => {
    const parts = CATALOG.indicators.filter((i) => i.parent === 'aid_person_times').map((i) => i.id);
    expect(sum(...parts)).toBe(68552);
    expect(sum(...parts)).toBeLessThan(n('aid_person_times'));
  });
});
