/**
 * Property: whatever figure of the 2019 baseline is slipped (any indicator, any slip), every suggested
 * set — unique or one of the ambiguous options — when applied makes the failing error rules of its group
 * hold and breaks no error rule that held. A suggestion is never a value the rules would reject.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { localise } from '../../../src/core/locate/localise.ts';
import { applySlip, SLIP_KINDS } from '../../../src/core/locate/slips.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';

const RULES = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG, 'data/rules.json');
const index = new CatalogIndex(CATALOG);
const base = workbookFromJson(BASELINE_2019_JSON, CATALOG);
const filled = [...base.values.keys()].filter((k) => k.endsWith('@2019') && base.getByKey(k).state === 'value' && index.indicator(k.split('@')[0]).kind !== 'split');

function errorsOf(v: ReturnType<typeof compileRules>) {
  return new Set(v.validateAll().findings.filter((f) => f.severity === 'error' && f.outcome === 'failed').map((f) => f.id));
}

describe('suggestions hold', () => {
  it('applying any suggested set fixes its group and breaks nothing that held', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...filled), fc.constantFrom(...SLIP_KINDS), fc.nat(5), (key, kind, variant) => {
        const id = key.split('@')[0];
        const ind = index.indicator(id);
        const x = applySlip(base.getByKey(key).n!, ind.decimals, kind, variant);
        if (x === null) return;
        const raw = ind.kind === 'ratio' ? `1:${x}` : String(Number(x.toPrecision(12)));
        const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
        wb.apply([{ key, after: parseValue(raw, ind, index.unitOf(ind)) }]);
        const v = compileRules(RULES, wb);
        const before = errorsOf(v);
        for (const loc of localise(v)) {
          for (const set of loc.sets) {
            if (set.cells.some((c) => c.raw === undefined)) continue;
            const undo = wb.apply(set.cells.map((c) => ({ key: c.cell, after: parseValue(c.raw!, index.indicator(c.cell.split('@')[0]), index.unitOf(index.indicator(c.cell.split('@')[0]))) })));
            const after = errorsOf(compileRules(RULES, wb));
            for (const f of loc.findings) expect(after.has(f), `${key}=${raw}: ${f} still fails after ${JSON.stringify(set.cells.map((c) => [c.cell, c.raw]))}`).toBe(false);
            for (const f of after) expect(before.has(f), `${key}=${raw}: ${f} newly fails`).toBe(true);
            wb.apply(undo.reverse().map((c) => ({ key: c.key, after: c.before! })));
            checked++;
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
