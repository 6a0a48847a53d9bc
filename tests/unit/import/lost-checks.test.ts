import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksLostByLeavingOut, type LeftOutRow } from '../../../src/core/import/lost-checks.ts';
import { cellKey, EMPTY } from '../../../src/core/model/value.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import type { BalanceRule, RuleFile } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { baselineWorkbook, CATALOG } from './helpers.ts';

const RULES: RuleFile = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG);

/** The baseline with a 2020 column holding 2019's figures (every rule computable), minus the given indicators' 2020 cells. */
function next(without: readonly string[]): Workbook {
  const wb = baselineWorkbook();
  wb.addPeriod('2020');
  const changes = [];
  for (const ind of wb.catalog.indicators) {
    const v = wb.get(ind.id, '2019');
    if (v.state !== 'empty' && !without.includes(ind.id)) changes.push({ key: cellKey(ind.id, '2020'), after: v });
  }
  wb.apply(changes);
  return wb;
}

function lost(wb: Workbook, leftOut: LeftOutRow[]) {
  return checksLostByLeavingOut(wb, compileRules(RULES, wb).validateAll().findings, RULES, leftOut, ['2020']);
}

const balances = RULES.rules.filter((r): r is BalanceRule => r.kind === 'balance' && r.parts.every((p) => typeof p === 'string'));
const filled2019 = (id: string) => baselineWorkbook().get(id, '2019').state === 'value';

describe('checksLostByLeavingOut', () => {
  it('has balance rules to test with', () => {
    expect(balances.length).toBeGreaterThan(5);
  });

  // every part of every balance rule: leaving its row out makes that balance uncheckable in 2020, and names the row
  const cases = balances.flatMap((r) => (r.parts as string[]).filter(filled2019).map((part) => ({ rule: r.id, part })));
  it.each(cases)('leaving out $part costs $rule in 2020', ({ rule, part }) => {
    const row = { label: `行 ${part}`, indicator: part };
    const checks = lost(next([part]), [row]);
    const hit = checks.find((c) => c.ruleId === rule && c.period === '2020');
    expect(hit).toBeDefined();
    expect(hit!.rows).toEqual([row]);
    expect(hit!.description.zh).toBe(RULES.rules.find((r) => r.id === rule)!.description!.zh);
  });

  it('a left-out row whose cell is already filled costs nothing', () => {
    const part = (balances[0].parts as string[]).find(filled2019)!;
    // the workbook has the figure (another row of the file gave it), so leaving this row out loses no check
    expect(lost(next([]), [{ label: 'x', indicator: part }])).toEqual([]);
  });

  it('nothing left out costs nothing, even when rules are not computable for other reasons', () => {
    const part = (balances[0].parts as string[]).find(filled2019)!;
    const wb = next([part]);
    expect(compileRules(RULES, wb).validateAll().counts.notComputable).toBeGreaterThan(0);
    expect(lost(wb, [])).toEqual([]);
  });

  it('lists a check once with every left-out row it needs, in file order, errors before warnings', () => {
    const rule = balances.find((r) => (r.parts as string[]).filter(filled2019).length >= 2)!;
    const [a, b] = (rule.parts as string[]).filter(filled2019);
    const rows = [
      { label: 'B', indicator: b },
      { label: 'A', indicator: a },
    ];
    const checks = lost(next([a, b]), rows);
    const hit = checks.filter((c) => c.ruleId === rule.id);
    expect(hit).toHaveLength(1);
    expect(hit[0].rows.map((r) => r.label)).toEqual(['B', 'A']);
    const sev = checks.map((c) => c.severity);
    expect(sev.indexOf('warning') === -1 || sev.lastIndexOf('error') < sev.indexOf('warning')).toBe(true);
  });

  it('property: every listed check was not computable and reads an empty cell of a left-out row; every such rule is listed', () => {
    const ids = CATALOG.indicators.filter((i) => filled2019(i.id)).map((i) => i.id);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 6 }), fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }), (out, alsoEmpty) => {
        const wb = next([...out, ...alsoEmpty]);
        const findings = compileRules(RULES, wb).validateAll().findings;
        const rows = out.map((id) => ({ label: id, indicator: id }));
        const checks = checksLostByLeavingOut(wb, findings, RULES, rows, ['2020']);
        const keys = new Set(out.map((id) => cellKey(id, '2020')));
        const expected = new Set(findings.filter((f) => f.outcome === 'not_computable' && f.kind !== 'value' && f.cells.some((c) => keys.has(c))).map((f) => `${f.ruleId}|${f.period}`));
        expect(new Set(checks.map((c) => `${c.ruleId}|${c.period}`))).toEqual(expected);
        for (const c of checks) for (const r of c.rows) expect(wb.get(r.indicator, '2020')).toEqual(EMPTY);
      }),
      { numRuns: 40 },
    );
  });
});
