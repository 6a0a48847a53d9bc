import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { applyAndCompare, cellsOf, editOf, parse, ruleFile, valuesOf, workbook } from './helpers.ts';

/** One rule of every kind (and mode), so edits cross every kind's evaluateOne and evaluateAll. */
const RULES: Rule[] = [
  { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] },
  { id: 'bal0', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2'], missingAsZero: true },
  { id: 'rat', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' },
  { id: 'shr', kind: 'share', severity: 'error', share: 'pct', part: 'p1', whole: 'total' },
  { id: 'spl', kind: 'split', severity: 'error', split: 'gvr' },
  { id: 'ord', kind: 'order', severity: 'error', chain: [['p1', 'p2'], 'p3', 'total'] },
  { id: 'rng', kind: 'range', severity: 'error', select: { kinds: ['count'] }, min: 0, max: 1000, integer: true },
  { id: 'inc', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'students', stated: 'inc' },
  { id: 'gro', kind: 'previous', severity: 'error', mode: 'growth', indicator: 'students', stated: 'growth' },
  { id: 'jmp', kind: 'previous', severity: 'warning', mode: 'jump', indicator: 'total', threshold: 0.3 },
  { id: 'pla', kind: 'plausible', severity: 'warning', indicators: ['students', 'pct', 'money', 'ptr'] },
  { id: 'lin', kind: 'linear', severity: 'warning', terms: [{ indicator: 'p1', coef: 2 }, { indicator: 'p3', coef: -1, lag: 1 }], op: '<=', constant: 10 },
];

const RAW: Record<string, string[]> = {
  count: ['', '0', '1', '2', '3', '5', '10', '-1', '2.5', '约10', '10以上', '1千余', '—', 'x'],
  ratio: ['', '1:2', '1:2.5', '1:0.5', '—', 'x'],
  percentage: ['', '0%', '25%', '50%', '42%', '33.3%', '100%', '120%', '—', 'x'],
  split: ['', '55.5:44.5', '50:50', '60:30', '—', 'x'],
  money: ['', '1.5', '0', '—'],
};

const PERIODS = ['2017', '2018', '2019'];
const edit = editOf(cellsOf(PERIODS), RAW);

describe('incremental update', () => {
  it('equals a full re-validation after random edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 40 }), fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 15 }), (initial, batches) => {
        const wb = workbook(valuesOf(initial), PERIODS);
        const rules = ruleFile(...RULES);
        const v = compileRules(rules, wb);
        const current = new Map(v.validateAll().findings.map((f) => [f.id, f]));
        // the delta applied to the previous list, and the validator's own list, both equal a fresh run
        for (const batch of batches) applyAndCompare(wb, v, rules, batch, current);
      }),
      { numRuns: 150 },
    );
  });

  it('re-runs only the rules that read the changed cell', () => {
    const wb = workbook({ 'total@2019': '3', 'p1@2019': '1', 'p2@2019': '1', 'p3@2019': '1' }, PERIODS);
    const v = compileRules(ruleFile(...RULES), wb);
    v.validateAll();
    wb.apply([{ key: 'gvr@2019', after: parse('gvr@2019', '50:50') }]);
    const delta = v.update(['gvr@2019']);
    expect(delta.outcomes.map((o) => o.ruleId)).toEqual(['spl']);
    wb.apply([{ key: 'p3@2018', after: parse('p3@2018', '2') }]);
    // p3@2018 is read by bal/ord/rng in 2018 and by lin in 2019 (lag)
    expect(v.update(['p3@2018']).outcomes.map((o) => `${o.ruleId}@${o.period}`).sort()).toEqual(['bal@2018', 'lin@2019', 'ord@2018', 'rng@2018']);
  });

  it('refuses a cell outside the compiled plan (a new period needs a new compile)', () => {
    const wb = workbook({}, PERIODS);
    const v = compileRules(ruleFile(...RULES), wb);
    v.validateAll();
    expect(() => v.update(['total@2020'])).toThrow(/compile the rules again/);
  });
});
