import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding, Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { parse, ruleFile, run, workbook } from './helpers.ts';

/** The generated check over every kind the report's rule set selects. */
const PLAUSIBLE: Rule = { id: 'plausible', kind: 'plausible', severity: 'warning', select: { kinds: ['count', 'percentage', 'ratio', 'money'] }, exclude: ['inc', 'growth'] };

const YEARS = ['2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020'];

/** The plausibility findings about 2020 (the year checked) of a workbook given as "indicator@year" → raw. */
function findings(values: Record<string, string>, periods = YEARS): Finding[] {
  return run([PLAUSIBLE], values, periods).result.findings.filter((f) => f.kind === 'plausible' && f.period === '2020');
}

/** A series for one indicator: values by year, oldest first, ending in the given year. */
function series(id: string, raws: (string | null)[], end = 2020): Record<string, string> {
  const out: Record<string, string> = {};
  raws.forEach((r, i) => {
    if (r !== null) out[`${id}@${end - raws.length + 1 + i}`] = r;
  });
  return out;
}

describe('plausibility: one year against the year before', () => {
  // [what, indicator, series (oldest first, last = the year checked), flagged?]
  const CASES: [string, string, (string | null)[], boolean][] = [
    ['count +10%', 'students', ['1000', '1100'], false],
    ['count −10% (a decrease is no alarm)', 'students', ['1000', '900'], false],
    ['count −20%', 'students', ['1000', '800'], false],
    ['count +24%', 'students', ['10000', '12400'], false],
    ['count +30%', 'students', ['10000', '13000'], true],
    ['count −75%', 'students', ['10000', '2500'], true],
    ['count to zero', 'students', ['10000', '0'], true],
    ['small count 2 → 3 (absolute floor)', 'total', ['2', '3'], false],
    ['small count 3 → 1', 'total', ['3', '1'], false],
    ['small count 10 → 40', 'total', ['10', '40'], true],
    ['count over a gap year: +45% in two years', 'students', ['10000', null, '14500'], false],
    ['count over a gap year: +45% in one year', 'students', [null, '10000', '14500'], true],
    ['count over a gap year: −75% in two years', 'students', ['10000', null, '2500'], true],
    ['rate −2 points', 'rate', ['98.9', '96.9'], false],
    ['rate +4 points', 'rate', ['90.5', '94.5'], false],
    ['rate −8 points', 'rate', ['98.9', '90.9'], true],
    ['money +20%', 'money', ['2.50', '3.00'], false],
    ['money ×2', 'money', ['2.50', '5.00'], true],
    ['ratio 1:14.7 → 1:15.3', 'ptr', ['1:14.7', '1:15.3'], false],
    ['ratio 1:14.7 → 1:20.0', 'ptr', ['1:14.7', '1:20.0'], true],
  ];
  it.each(CASES)('%s', (_what, id, raws, flagged) => {
    const fs = findings(series(id, raws));
    expect(fs.map((f) => f.id)).toEqual(flagged ? [`plausible|${id}@2020`] : []);
    if (flagged) {
      const f = fs[0];
      expect(f.severity).toBe('warning');
      // the message names the year compared with (the last one with a value, across a gap)
      const lastYear = 2020 - raws.length + 1 + raws.slice(0, -1).map((r, i) => (r === null ? -1 : i)).reduce((a, b) => Math.max(a, b));
      expect(f.message.zh).toContain(`较${lastYear}年`);
      expect(f.cells).toEqual([`${id}@2020`, `${id}@${lastYear}`]);
    }
  });

  it('checks nothing (no finding, not counted) for an empty year or a figure without an earlier year', () => {
    const { result } = run([PLAUSIBLE], { 'students@2019': '1000', 'students@2017': '5' }, ['2019', '2020']);
    expect(result.findings).toEqual([]);
    expect(result.counts).toMatchObject({ warning: 0, notComputable: 0 });
    expect(result.counts.passed).toBe(0);
  });

  it('leaves out the excluded indicators (stated increases and growth rates are not levels)', () => {
    expect(findings({ ...series('inc', ['100', '-55']), ...series('growth', ['42', '-6']) })).toEqual([]);
  });
});

describe('plausibility: slips named', () => {
  it.each([
    ['98.9', '0.989', '98.9'],
    ['115.02', '0.989', '98.9'],
    ['96.5', '0.97', '97'],
  ])('a rate %s last year entered as %s is named a fraction typed for a percentage', (last, now, meant) => {
    const [f] = findings(series('rate', [last, now]));
    expect(f.code).toBe('rule.plausible.points.fraction');
    expect(f.message.zh).toContain('疑似把百分数输成小数');
    expect(f.message.zh).toContain(`应为 ${meant}？`);
    expect(f.message.en).toContain('percentage typed as a fraction');
  });

  it('a count entered in 万人 (25.67 where last year was 256,665) is named a unit slip', () => {
    const [f] = findings(series('students', ['256665', '25.67']));
    expect(f.code).toBe('rule.plausible.change.wan_up');
    expect(f.message.zh).toContain('疑似单位为万人');
    expect(f.message.zh).toContain('按人计应为 256,700');
  });

  it('an amount 10⁴ too large for its unit (亿元) is named too', () => {
    const [f] = findings(series('money', ['2.50', '26000']));
    expect(f.code).toBe('rule.plausible.change.wan_down');
    expect(f.message.zh).toContain('单位应为亿元');
  });

  it('an ordinary jump is not called a slip', () => {
    const fs = [...findings(series('students', ['10000', '2500'])), ...findings(series('rate', ['98.9', '60.5']))];
    expect(fs.map((f) => f.code)).toEqual(['rule.plausible.change', 'rule.plausible.points']);
  });
});

describe('plausibility: thresholds from the figure\'s own history', () => {
  it('a figure that grew about 30 % every year may grow 30 % again (the default alone would warn)', () => {
    const steady = ['1000', '1300', '1690', '2197', '2856'];
    expect(findings(series('students', [...steady, '3713']))).toEqual([]);
    // with too little history the default applies
    expect(findings(series('students', ['2856', '3713'])).map((f) => f.code)).toEqual(['rule.plausible.change']);
  });

  it('a figure that barely moves for years is flagged for a change the default would let pass', () => {
    const flat = ['5000', '5050', '5010', '5060', '5030'];
    const [f] = findings(series('students', [...flat, '5800']));
    expect(f.id).toBe('plausible|students@2020');
    expect(f.message.zh).toContain('按本指标历年变动（4 次逐年变动');
    expect(findings(series('students', ['5030', '5800']))).toEqual([]);
  });

  it('one odd year in the history does not widen the band (median and MAD, not mean and SD)', () => {
    const withOutlier = ['5000', '5050', '5020', '15000', '5060', '5030', '5070'];
    expect(findings(series('students', [...withOutlier, '6000'])).map((f) => f.id)).toEqual(['plausible|students@2020']);
  });

  it('a volatile history allows a larger swing', () => {
    const volatile = ['100000', '130000', '95000', '128000', '97000'];
    expect(findings(series('students', [...volatile, '127000']))).toEqual([]);
  });
});

describe('plausibility: properties', () => {
  const positive = fc.double({ min: 0.5, max: 1e6, noNaN: true });

  it('the verdict on an amount does not depend on its scale (log-scale band, no floor)', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 2, maxLength: 6 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (xs, c) => {
        const raw = (x: number) => x.toFixed(6);
        const a = findings(series('money', xs.map(raw))).map((f) => f.id);
        const b = findings(series('money', xs.map((x) => raw(x * c)))).map((f) => f.id);
        // a value right at the band's edge may round differently: skip those
        fc.pre(!xs.some((x, i) => i > 0 && Math.abs(Math.abs(Math.log(x / xs[i - 1])) - Math.log(1.3)) < 1e-3));
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('a figure equal to last year\'s passes whenever the history has no trend of its own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.constantFrom('students', 'total', 'money', 'rate'), (x, id) => {
        const v = id === 'rate' ? String(x % 150) : id === 'money' ? String(x / 100) : String(x);
        expect(findings(series(id, [v, v]))).toEqual([]);
      }),
    );
  });

  it('a change within the absolute floor of a count never warns, whatever its relative size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: -3, max: 3 }), (last, d) => {
        fc.pre(last + d >= 0);
        expect(findings(series('total', [String(last), String(last + d)]))).toEqual([]);
      }),
    );
  });

  it('incremental update equals a full run over an eight-year history', () => {
    const ids = ['students', 'rate', 'money'];
    const cells = ids.flatMap((id) => YEARS.map((y) => `${id}@${y}`));
    const edit = fc.record({ key: fc.constantFrom(...cells), raw: fc.constantFrom('', '1000', '1100', '980', '5000', '0.9', '12.5', '—') });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 30 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (initial, edits) => {
        const values: Record<string, string> = {};
        for (const e of initial) values[e.key] = e.raw;
        const wb = workbook(values, YEARS);
        const v = compileRules(ruleFile(PLAUSIBLE), wb);
        v.validateAll();
        for (const e of edits) {
          wb.apply([{ key: e.key, after: parse(e.key, e.raw) }]);
          v.update([e.key]);
        }
        const fresh = compileRules(ruleFile(PLAUSIBLE), wb).validateAll();
        expect(v.findings()).toEqual(fresh.findings);
        expect(v.counts()).toEqual(fresh.counts);
      }),
      { numRuns: 100 },
    );
  });
});
