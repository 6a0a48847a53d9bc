import { describe, expect, it } from 'vitest';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { DataFileError } from '../../../src/core/data/errors.ts';
import { CATALOG } from './helpers.ts';

const GOOD = {
  version: '2019.1',
  rules: [
    { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', { indicator: 'p2', lag: 0 }], description: { zh: '合计', en: 'total' } },
    { id: 'rat', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' },
    { id: 'shr', kind: 'share', severity: 'error', share: 'pct', part: 'p1', whole: 'total', tolerance: 0.1 },
    { id: 'spl', kind: 'split', severity: 'error', split: 'gvr' },
    { id: 'ord', kind: 'order', severity: 'error', chain: [['p1', 'p2'], 'p3'] },
    { id: 'rng', kind: 'range', severity: 'warning', select: { kinds: ['percentage'], gross: true }, min: 0, max: 150 },
    { id: 'rng2', kind: 'range', severity: 'error', indicators: ['total'], integer: true },
    { id: 'inc', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'students', stated: 'inc' },
    { id: 'jmp', kind: 'previous', severity: 'warning', mode: 'jump', indicator: 'students', threshold: 0.3, reason: '新口径' },
    { id: 'lin', kind: 'linear', severity: 'error', terms: [{ indicator: 'p1', coef: 1, lag: 1 }], op: '>=', constant: 0, missingAsZero: true },
  ],
};

function errorsOf(json: unknown): string[] {
  try {
    loadRuleFile(json, CATALOG, 'rules.json');
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return (e as DataFileError).issues.map((t) => `${t.zh} | ${t.en}`);
  }
  return [];
}

const withRule = (rule: object) => ({ version: '1', rules: [GOOD.rules[0], rule] });

const BAD: { name: string; json: unknown; says: RegExp[] }[] = [
  { name: 'no version', json: { rules: [] }, says: [/version/] },
  { name: 'unknown kind', json: withRule({ id: 'x', kind: 'sum', severity: 'error' }), says: [/rule "x"/, /kind/] },
  { name: 'balance without parts', json: withRule({ id: 'nopart', kind: 'balance', severity: 'error', total: 'total' }), says: [/rule "nopart"/, /parts/] },
  { name: 'misspelt field', json: withRule({ id: 'typo', kind: 'balance', severity: 'error', total: 'total', parts: ['p1'], partz: [] }), says: [/rule "typo"/, /partz/] },
  { name: 'bad severity', json: withRule({ id: 'sev', kind: 'split', severity: 'fatal', split: 'gvr' }), says: [/rule "sev"/, /severity/] },
  { name: 'jump without threshold', json: withRule({ id: 'j', kind: 'previous', severity: 'warning', mode: 'jump', indicator: 'students' }), says: [/rule "j"/, /threshold/] },
  { name: 'increase without stated', json: withRule({ id: 'i', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'students' }), says: [/rule "i"/, /stated/] },
  { name: 'zero coefficient', json: withRule({ id: 'z', kind: 'linear', severity: 'error', terms: [{ indicator: 'p1', coef: 0 }], op: '=', constant: 0 }), says: [/rule "z"/, /coef/] },
  { name: 'range with nothing selected', json: withRule({ id: 'r', kind: 'range', severity: 'error', min: 0 }), says: [/rule "r"/] },
  { name: 'unknown indicator', json: withRule({ id: 'ghost', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'nosuch'] }), says: [/规则“ghost”/, /parts\/1/, /“nosuch”既不在指标目录中/, /rule "ghost"/] },
  { name: 'ratio on a count', json: withRule({ id: 'wrong', kind: 'ratio', severity: 'error', ratio: 'total', numerator: 'students', denominator: 'teachers' }), says: [/rule "wrong"/, /\/ratio/, /kind count, expected ratio/] },
  { name: 'duplicate id', json: { version: '1', rules: [GOOD.rules[0], GOOD.rules[0]] }, says: [/rule "bal"/, /duplicate rule id/] },
];

describe('loadRuleFile', () => {
  it('accepts a file with every kind', () => {
    expect(loadRuleFile(GOOD, CATALOG).rules).toHaveLength(10);
  });

  it.each(BAD)('rejects $name, naming the rule and the field', ({ json, says }) => {
    const errors = errorsOf(json);
    expect(errors.length).toBeGreaterThan(0);
    for (const re of says) expect(errors.join('\n')).toMatch(re);
  });

  it('does not report fields of the rule’s own kind as unknown', () => {
    const errors = errorsOf(withRule({ id: 'b2', kind: 'balance', severity: 'error', total: 'total', parts: [] }));
    expect(errors.join('\n')).not.toMatch(/unevaluated|total"/);
  });
});
