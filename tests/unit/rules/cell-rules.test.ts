import { describe, expect, it } from 'vitest';
import { baselineWorkbook, defaultRules } from '../../../src/app.ts';
import { rulesOfCell } from '../../../src/core/rules/cell-rules.ts';
import { SKIPPED } from '../../../src/core/rules/plan.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules, type Validator } from '../../../src/core/rules/validator.ts';
import { ruleFile, workbook } from './helpers.ts';

/** The oracle: every instance of the plan whose operands hold the cell's slot, found by scanning all of them. */
function bruteForce(v: Validator, key: string): string[] {
  const s = v.slotOfKey(key);
  const out: string[] = [];
  const { plans, base } = v.plan;
  plans.forEach((p, k) => {
    for (let i = 0; i < p.size; i++) {
      if (p.outcome[i] === SKIPPED) continue;
      const ops = p.ops.subarray(p.start[i], p.start[i + 1]);
      if (s !== undefined && ops.includes(s)) out.push(v.instanceId(base[k] + i));
    }
  });
  return out.sort();
}

describe('rulesOfCell: the rule instances that read a figure', () => {
  it('on the report with its rule set: for every cell the same instances as a scan of the whole plan, with the outcomes of the validation report', async () => {
    const wb = await baselineWorkbook();
    const v = compileRules(defaultRules(), wb);
    v.validateAll();
    const outcome = new Map(v.outcomes().map((o) => [o.cell ? `${o.ruleId}|${o.cell}` : `${o.ruleId}|${o.period}`, o.outcome]));
    let reading = 0;
    for (const ind of wb.index.ordered) {
      for (const p of wb.periods) {
        const key = `${ind.id}@${p}`;
        const got = rulesOfCell(v, key);
        expect(got.map((r) => r.id).sort()).toEqual(bruteForce(v, key));
        for (const r of got) {
          expect(r.outcome).toBe(outcome.get(r.id));
          expect(r.id.startsWith(`${r.rule.id}|`)).toBe(true);
          expect(wb.periods).toContain(r.period);
        }
        reading += got.length ? 1 : 0;
      }
    }
    // the report's rules read most of its figures (a check that the loop above saw something)
    expect(reading).toBeGreaterThan(100);
  });

  it('a total, its parts and last year: the period of each instance, failed and passed', () => {
    const rules: Rule[] = [
      { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2'] },
      { id: 'plausible', kind: 'plausible', severity: 'warning', indicators: ['students'] },
    ];
    const wb = workbook({ 'total@2019': '5', 'p1@2019': '1', 'p2@2019': '1', 'total@2018': '2', 'p1@2018': '1', 'p2@2018': '1', 'students@2018': '1000', 'students@2019': '2000' });
    const v = compileRules(ruleFile(...rules), wb);
    v.validateAll();
    const brief = (key: string) => rulesOfCell(v, key).map((r) => `${r.id}:${r.period}:${r.outcome}`);
    expect(brief('p1@2019')).toEqual(['bal|2019:2019:failed']);
    expect(brief('p1@2018')).toEqual(['bal|2018:2018:passed']);
    // 2018 is read by 2019's year-over-year check too
    expect(brief('students@2018')).toEqual(['plausible|students@2019:2019:failed']);
    expect(brief('students@2019')).toEqual(['plausible|students@2019:2019:failed']);
    // a cell outside the plan (another reporting unit) has none
    expect(rulesOfCell(v, 'total@2019#county_a')).toEqual([]);
  });
});
