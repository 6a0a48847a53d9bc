/**
 * Data tests: realistic next years built from the 2019 baseline (tests/unit/data/next-years.ts) and
 * checked by data/rules.json, asserting the exact findings: no false error or warning on correct data,
 * and the right finding, once, on each planted problem.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { assessCompleteness } from '../../../src/core/rules/completeness.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { addYear, baseline, RULES } from './next-years.ts';

function check(wb: Workbook) {
  const result = compileRules(RULES, wb).validateAll();
  const done = assessCompleteness(wb, result.findings, result.counts);
  const failed = (p: string) => result.findings.filter((f) => f.period === p && f.outcome === 'failed').map((f) => f.id);
  const nc = (p: string) => result.findings.filter((f) => f.period === p && f.outcome === 'not_computable');
  return { result, done, failed, nc };
}

function set(wb: Workbook, id: string, period: string, raw: string) {
  const ind = CATALOG.indicators.find((i) => i.id === id)!;
  wb.apply([{ key: cellKey(id, period), after: parseValue(raw, ind, CATALOG.units.find((u) => u.id === ind.unit)!) }]);
}

/** Falls written the way the report writes rises: "比上年减少50人", "下降6%". */
const words = (id: string, x: number) => {
  const kind = CATALOG.indicators.find((i) => i.id === id)?.kind;
  if (kind === 'change' && x < 0) return `比上年减少${-x}人`;
  if (kind === 'growth' && x < 0) return `下降${-x}%`;
  return undefined;
};
const falling = (own: string) => (own === 'gaokao' || own === 'schools_primary' ? 0.97 : own === 'student_aid' ? 0.94 : 0.96 + ((own.length * 7) % 10) / 100);

describe('a correct 2020 built from 2019 (with decreases)', () => {
  const wb = baseline();
  addYear(wb, '2019', '2020', { factor: falling, write: words });
  const { failed, nc, done } = check(wb);

  it('has decreases written as words, read as negative changes', () => {
    expect(wb.get('gaokao_priority_passes_increase', '2020')).toMatchObject({ raw: '比上年减少50人', n: -50 });
    expect(wb.get('student_loan_borrowers_growth', '2020')).toMatchObject({ raw: '下降6%', n: -6 });
    expect(wb.get('schools_primary', '2020').n).toBeLessThan(wb.get('schools_primary', '2019').n!);
  });

  it('raises no error and no warning for 2020, and nothing is left unchecked', () => {
    expect(failed('2020')).toEqual([]);
    expect(nc('2020').map((f) => f.id)).toEqual([]);
    expect(done).toMatchObject({ valid: true, complete: true, missing: [], unchecked: [] });
  });
});

describe('a gap year: 2019 and 2021, without 2020', () => {
  const build = () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { factor: falling, write: words });
    addYear(wb, '2020', '2021', { write: words });
    return wb;
  };

  it('2021 "比上年增加" is not compared with 2019: not computable, needing 2020; no false error', () => {
    const wb = build();
    wb.removePeriod('2020');
    const { failed, nc, done } = check(wb);
    expect(failed('2021')).toEqual([]);
    const needs = nc('2021');
    expect(needs.map((f) => f.ruleId).sort()).toEqual(RULES.rules.filter((r) => r.kind === 'previous').map((r) => r.id).sort());
    expect(new Set(needs.map((f) => f.message.zh.replace(/^.*：/, '')))).toEqual(new Set(['需要2020年数据']));
    // the gap is not a hole in 2021's figures: complete and valid; the rules needing 2020 are grouped apart
    expect(done).toMatchObject({ valid: true, complete: true });
    expect(done.quiet).toContainEqual({ code: 'rule.not_computable.no_previous', period: '2021', count: needs.length, needed: '2020' });
  });

  it('adding the gap year back (between 2019 and 2021) makes every 2021 rule computable and passing', () => {
    const wb = build();
    expect(wb.periods).toEqual(['2018', '2019', '2020', '2021']);
    const { failed, nc } = check(wb);
    expect([...failed('2020'), ...failed('2021'), ...nc('2021').map((f) => f.id)]).toEqual([]);
  });

  it('a 2021 increase stated against 2019 (two years) is an error against 2020, named with the years', () => {
    const wb = build();
    const twoYears = wb.get('gaokao_college_passes', '2021').n! - wb.get('gaokao_college_passes', '2019').n!;
    set(wb, 'gaokao_college_passes_increase', '2021', String(twoYears));
    const { result, failed } = check(wb);
    expect(failed('2021')).toEqual(['increase_gaokao_college_passes|2021']);
    const f = result.findings.find((x) => x.id === 'increase_gaokao_college_passes|2021')!;
    expect(f.message.zh).toContain('2020年');
    expect(f.message.zh).toContain('较2020年');
  });
});

describe('a category some years report: 九年一贯制学校 in 2020', () => {
  it('counted in 义务教育学校数 (and so in the total): no error', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { extra: { schools_compulsory_9year: 12 } });
    const { failed, done } = check(wb);
    expect(wb.get('schools_compulsory', '2020').n).toBe(wb.get('schools_primary', '2020').n! + wb.get('schools_junior', '2020').n! + 12);
    expect(failed('2020')).toEqual([]);
    expect(done.complete).toBe(true);
  });

  it('reported but left out of the total: the compulsory balance fails once, listing it among the parts', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020');
    set(wb, 'schools_compulsory_9year', '2020', '12');
    const { result, failed } = check(wb);
    expect(failed('2020')).toEqual(['balance_schools_compulsory|2020']);
    expect(result.findings.find((f) => f.id === 'balance_schools_compulsory|2020')!.message.zh).toContain('九年一贯制学校数');
  });

  it('not reported the next year: absent, not missing', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { extra: { schools_compulsory_9year: 12 } });
    addYear(wb, '2020', '2021', { drop: ['schools_compulsory_9year'] });
    // the 2021 table has no 九年一贯制 row and its compulsory total is primary + junior
    set(wb, 'schools_compulsory', '2021', String(wb.get('schools_primary', '2021').n! + wb.get('schools_junior', '2021').n!));
    set(wb, 'schools_total', '2021', String(wb.get('schools_total', '2021').n! - 12));
    const { failed, done } = check(wb);
    expect(failed('2021')).toEqual([]);
    expect(done.missing).toEqual([]);
  });
});

describe('a ratio written 17.4:1', () => {
  it('the national notation x:1 and a bare x are read as the report\'s 1:x: no error', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { write: (id, x) => (id === 'ptr_primary' ? `${x.toFixed(1)}:1` : id === 'ptr_junior' ? x.toFixed(1) : undefined) });
    expect(wb.get('ptr_primary', '2020').raw).toMatch(/^\d+\.\d:1$/);
    expect(check(wb).failed('2020')).toEqual([]);
  });

  it('the same figure wrongly divided (1 ÷ x written 0.06) is one ratio error', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020');
    set(wb, 'ptr_primary', '2020', '0.06');
    expect(check(wb).failed('2020')).toEqual(['ratio_ptr_primary|2020']);
  });
});

describe('planted problems give one finding each', () => {
  it('a wrong decrease ("比上年减少55人" where the figures fell by 50) is one error', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { factor: falling, write: words });
    set(wb, 'gaokao_priority_passes_increase', '2020', '比上年减少55人');
    expect(check(wb).failed('2020')).toEqual(['increase_gaokao_priority_passes|2020']);
  });

  it('a negative count is one finding (the per-value check), not two', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020');
    set(wb, 'schools_special', '2020', '-3');
    const ids = check(wb).failed('2020');
    expect(ids.filter((id) => id.includes('schools_special'))).toEqual(['value|schools_special@2020']);
  });
});

describe('a dropped part (students of kindergartens left out of the 2020 table)', () => {
  const wb = baseline();
  addYear(wb, '2019', '2020', { drop: ['students_kindergarten'] });
  const { failed, done, nc } = check(wb);

  it('is valid (no error) but not complete: the figure is missing and the rules reading it are unchecked', () => {
    expect(failed('2020')).toEqual([]);
    expect(done.valid).toBe(true);
    expect(done.complete).toBe(false);
    expect(done.missing).toEqual([{ indicator: 'students_kindergarten', period: '2020' }]);
    expect(done.unchecked).toEqual([
      { rule: 'balance_students_total', period: '2020', emptyCells: [{ indicator: 'students_kindergarten', period: '2020' }] },
      { rule: 'ratio_ptr_kindergarten', period: '2020', emptyCells: [{ indicator: 'students_kindergarten', period: '2020' }] },
    ]);
    expect(nc('2020').map((f) => f.id).sort()).toEqual([...done.uncheckedIds].sort());
  });
});

describe('the baseline itself (2018 derived-only, 2019 reported)', () => {
  it('is valid and complete; its not-computable findings are all quiet (the 2018 column and rules needing 2017)', () => {
    const { done, result } = check(baseline());
    expect(done).toMatchObject({ valid: true, complete: true, missing: [], unchecked: [], reportedPeriods: ['2019'] });
    expect(done.quiet.reduce((n, q) => n + q.count, 0)).toBe(result.counts.notComputable);
  });
});
