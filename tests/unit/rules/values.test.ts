import { describe, expect, it } from 'vitest';
import { checkValue } from '../../../src/core/rules/values.ts';
import { run } from './helpers.ts';
import { parse } from './helpers.ts';
import { formatNumber } from '../../../src/core/i18n/format.ts';

const CASES: [key: string, raw: string, code: string | null][] = [
  ['total@2019', '934', null],
  ['total@2019', '0', null],
  ['total@2019', '-1', 'value.below_min'],
  ['total@2019', '2.5', 'value.not_integer'],
  ['total@2019', '1.6万', null],
  ['total@2019', 'abc', 'value.unreadable'],
  ['total@2019', '—', null],
  ['total@2019', '', null],
  ['rate@2019', '98.23%', null],
  ['rate@2019', '100.01%', 'value.above_max'],
  ['rate@2019', '-0.5%', 'value.below_min'],
  ['ger@2019', '115.02%', null],
  ['ger@2019', '-1%', 'value.below_min'],
  ['ptr@2019', '1:14.7', null],
  ['ptr@2019', '1:0', 'value.below_min'],
  ['ptr@2019', '0:5', 'value.unreadable'],
  ['gvr@2019', '55.5:44.5', null],
  ['gvr@2019', '55.5:144.5', 'value.above_max'],
  ['gvr@2019', '55.5', 'value.unreadable'],
  ['money@2019', '52.08亿', null],
  ['money@2019', '-3', 'value.below_min'],
];

describe('per-value checks (JSON Schema per value kind)', () => {
  it.each(CASES)('%s %s → %s', (key, raw, code) => {
    const id = key.split('@')[0];
    const { result } = run([], { [key]: raw });
    const f = result.findings;
    if (code === null) expect(f).toEqual([]);
    else {
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ kind: 'value', code, cells: [key], severity: 'error', outcome: 'failed', ruleId: expect.stringMatching(/^value\./) });
      expect(f[0].message.zh).toContain(`指标${id}`);
      expect(f[0].message.zh).toMatch(/^2019年：/);
      if (code !== 'value.unreadable') {
        // the message shows the offending number: the value, or the split side that is out of range
        const v = parse(key, raw);
        const shown = id === 'gvr' ? v.n2! : v.n!;
        expect(f[0].actual).toBe(shown);
        expect(f[0].message.zh).toContain(formatNumber(shown));
      } else expect(f[0].message.zh).toContain(`“${raw}”`);
      expect(result.counts.error).toBe(1);
    }
  });

  it('value findings come before rule findings and update with the cell', () => {
    const { v, result } = run([{ id: 'b', kind: 'balance', severity: 'error', total: 'total', parts: ['p1'] }], { 'total@2019': '-1', 'p1@2019': '1' });
    expect(result.findings.map((f) => f.id)).toEqual(['value|total@2019', 'b|2019', 'b|2018']);
    v.workbook.apply([{ key: 'total@2019', after: parse('total@2019', '1') }]);
    const d = v.update(['total@2019']);
    expect(d.removed.sort()).toEqual(['b|2019', 'value|total@2019']);
    expect(d.added).toEqual([]);
  });

  it('checkValue is null for cells without a figure', () => {
    expect(checkValue({ raw: '', state: 'empty' }, { kind: 'count' })).toBeNull();
    expect(checkValue({ raw: '—', state: 'na' }, { kind: 'count' })).toBeNull();
  });
});
