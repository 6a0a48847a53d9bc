import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';

const RULES_JSON = JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8'));
const RULES = loadRuleFile(RULES_JSON, CATALOG, 'data/rules.json');
const index = new CatalogIndex(CATALOG);
const baseline = () => workbookFromJson(BASELINE_2019_JSON, CATALOG);

/** Indicator ids a rule reads (any field holding an id or {indicator}). */
function idsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && index.byId.has(value)) out.add(value);
  else if (Array.isArray(value)) for (const v of value) idsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsOf(v, out);
  return out;
}

/** Rules whose relation is an equality: a move just past the published rounding must break them. */
const EQUALITY_KINDS = new Set(['balance', 'ratio', 'share', 'split']);
const equalityRules = RULES_JSON.rules.filter(
  (r: { kind: string; severity: string; mode?: string }) =>
    r.severity === 'error' && (EQUALITY_KINDS.has(r.kind) || (r.kind === 'previous' && r.mode !== 'jump')),
);
const mutated = [...new Set(equalityRules.flatMap((r: unknown) => [...idsOf(r)]))] as string[];

/** The raw text with its last number moved by one unit of its last written digit, e.g. "1:14.7" → "1:14.8". */
function bump(raw: string, step: number): string {
  const m = /(\d+)(?:\.(\d+))?(?!.*\d)/.exec(raw)!;
  const decimals = m[2]?.length ?? 0;
  const scaled = Number(m[1] + (m[2] ?? '')) + step;
  const text = decimals ? (scaled / 10 ** decimals).toFixed(decimals) : String(scaled);
  return raw.slice(0, m.index) + text + raw.slice(m.index + m[0].length);
}

describe('the report rule set (data/rules.json)', () => {
  it('passes every error rule on the 2019 baseline; every warning there is explained by the report', () => {
    const wb = baseline();
    const result = compileRules(RULES, wb).validateAll();
    console.log('rule set on the 2019 baseline:', JSON.stringify(result.counts));
    expect(result.counts.error).toBe(0);
    expect(result.counts.warning).toBe(0);
    // range rules that only repeated the per-value checks (counts ≥ 0, rates 0–100) were removed: one bad value, one finding
    expect(result.counts.passed).toBeGreaterThan(25);
    const warnings = result.findings.filter((f) => f.severity === 'warning' && f.outcome === 'failed');
    expect(result.counts.explained).toBe(warnings.length);
    for (const f of warnings) {
      expect(f.explanation?.by, f.id).toBe('report');
      // the reason quotes the report's sentence that states the figure compared
      const cell = f.cells[0];
      const stated = wb.meta.get(cell)?.source;
      expect(stated, cell).toBeTruthy();
      expect(f.explanation!.reason, f.id).toContain(String(wb.getByKey(cell).n));
    }
    // every explanation in the baseline names a warning that fires: none is stale
    expect([...wb.explanations.keys()].sort()).toEqual(warnings.map((f) => f.id).sort());
  });

  it('covers a stated share of the catalog', () => {
    const covered = new Set<string>();
    for (const r of RULES_JSON.rules) idsOf(r, covered);
    // range rules select by kind: every indicator of a selected kind is covered by them
    for (const r of RULES_JSON.rules.filter((r: { kind: string }) => r.kind === 'range')) {
      for (const ind of CATALOG.indicators) if (r.select?.kinds.includes(ind.kind)) covered.add(ind.id);
    }
    // the per-value checks bound every kind but a plain number (counts ≥ 0 and whole, rates 0–100, …)
    for (const ind of CATALOG.indicators) if (ind.kind !== 'number') covered.add(ind.id);
    const inEquality = mutated.length;
    console.log(
      `indicators covered by at least one rule: ${covered.size}/${CATALOG.indicators.length} ` +
        `(${((100 * covered.size) / CATALOG.indicators.length).toFixed(1)} %); in an equality rule: ${inEquality}`,
    );
    expect(covered.size / CATALOG.indicators.length).toBeGreaterThan(0.9);
    expect(inEquality).toBeGreaterThan(40);
  });

  // Mutation test: each figure taking part in an error-severity equality rule, moved one published unit
  // up or down, must give at least one error naming that figure's 2019 cell.
  it.each(mutated.flatMap((id) => [[id, 1] as const, [id, -1] as const]))('%s moved by %i unit gives an error naming it', (id, step) => {
    const wb = baseline();
    const key = cellKey(id, '2019');
    const before = wb.getByKey(key);
    expect(before.state, `${id} has a 2019 value`).toBe('value');
    const ind = index.indicator(id);
    // A split's two sides each carry half a unit of rounding, so "just past its rounding" is two units.
    const after = parseValue(bump(before.raw, ind.kind === 'split' ? 2 * step : step), ind, index.unitOf(ind));
    expect(after.state).toBe('value');
    const validator = compileRules(RULES, wb);
    validator.validateAll();
    wb.apply([{ key, after }]);
    validator.update([key]);
    const errors = validator.findings().filter((f) => f.severity === 'error' && f.outcome === 'failed' && f.cells.includes(key));
    expect(errors.length, `${id}: ${before.raw} → ${after.raw}`).toBeGreaterThan(0);
  });
});
