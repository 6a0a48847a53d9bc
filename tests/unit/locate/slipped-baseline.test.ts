/**
 * Issue #8's data test: for every indicator in a balance or ratio rule, single-slip versions of the 2019
 * baseline of each slip kind. When localisation is unambiguous the suspect must be the slipped cell and
 * the suggestion the published value (≥ 95 %, printed); ambiguous cases must list the slipped cell
 * among the equally small sets, never a confident wrong guess.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { localise } from '../../../src/core/locate/localise.ts';
import { applySlip, SLIP_KINDS, type SlipKind } from '../../../src/core/locate/slips.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';

const RULES_JSON = JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8'));
const RULES = loadRuleFile(RULES_JSON, CATALOG, 'data/rules.json');
const index = new CatalogIndex(CATALOG);

/** Indicators read by an error-severity balance or ratio rule. */
const TARGETS = [
  ...new Set(
    (RULES_JSON.rules as { kind: string; severity: string; total?: string; parts?: string[]; ratio?: string; numerator?: string; denominator?: string }[])
      .filter((r) => r.severity === 'error' && (r.kind === 'balance' || r.kind === 'ratio'))
      .flatMap((r) => (r.kind === 'balance' ? [r.total!, ...r.parts!] : [r.ratio!, r.numerator!, r.denominator!])),
  ),
];

/** The slipped figure as a user would type it for this indicator. */
function typed(kind: string, x: number): string {
  const text = String(Number(x.toPrecision(12)));
  return kind === 'ratio' ? `1:${text}` : kind === 'percentage' ? `${text}%` : text;
}

interface Case {
  indicator: string;
  kind: SlipKind;
  variant: number;
  published: number;
  slipped: string;
}

const PERIOD = '2019';
const cases: Case[] = [];
for (const id of TARGETS) {
  const ind = index.indicator(id);
  const published = workbookFromJson(BASELINE_2019_JSON, CATALOG).get(id, PERIOD).n!;
  for (const kind of SLIP_KINDS) {
    for (const variant of [0, 1, 2]) {
      const x = applySlip(published, ind.decimals, kind, variant);
      if (x === null) continue;
      const slipped = typed(ind.kind, x);
      if (!cases.some((c) => c.indicator === id && c.slipped === slipped)) cases.push({ indicator: id, kind, variant, published, slipped });
    }
  }
}

type Verdict = 'right' | 'wrong-cell' | 'wrong-value' | 'ambiguous-listed' | 'ambiguous-missing' | 'none' | 'undetected';

function run(c: Case): Verdict {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const ind = index.indicator(c.indicator);
  const key = cellKey(c.indicator, PERIOD);
  wb.apply([{ key, after: parseValue(c.slipped, ind, index.unitOf(ind)) }]);
  const v = compileRules(RULES, wb);
  v.validateAll();
  const locs = localise(v);
  const mine = locs.filter((l) => l.sets.some((s) => s.cells.some((x) => x.cell === key)) || l.status === 'none');
  if (!locs.length) return 'undetected';
  // a single slip makes one group of failures; it must be the slipped cell's
  expect(locs).toHaveLength(1);
  const loc = locs[0];
  if (loc.status === 'none') return 'none';
  if (loc.status === 'ambiguous') return mine.length ? 'ambiguous-listed' : 'ambiguous-missing';
  const set = loc.sets[0];
  if (set.cells.length !== 1 || set.cells[0].cell !== key) return 'wrong-cell';
  return set.cells[0].value === c.published ? 'right' : 'wrong-value';
}

describe('localising single slips in the 2019 baseline', () => {
  const verdicts = cases.map((c) => ({ c, v: run(c) }));
  const count = (v: Verdict) => verdicts.filter((x) => x.v === v).length;
  const unambiguous = count('right') + count('wrong-cell') + count('wrong-value');

  it('prints the figure', () => {
    const pct = (100 * count('right')) / unambiguous;
    console.log(
      `single slips over ${TARGETS.length} balance/ratio indicators: ${cases.length} cases; ` +
        `unambiguous ${unambiguous}, right ${count('right')} (${pct.toFixed(1)} %), wrong cell ${count('wrong-cell')}, wrong value ${count('wrong-value')}; ` +
        `ambiguous ${count('ambiguous-listed') + count('ambiguous-missing')} (slipped cell listed in ${count('ambiguous-listed')}); ` +
        `no set ${count('none')}; undetected (within the published rounding) ${count('undetected')}`,
    );
    expect(cases.length).toBeGreaterThan(300);
    expect(unambiguous).toBeGreaterThan(cases.length / 3);
    expect(pct).toBeGreaterThanOrEqual(95);
  });

  it('never names a wrong cell with confidence, and lists the slipped cell when it cannot tell', () => {
    const bad = verdicts.filter((x) => x.v === 'wrong-cell' || x.v === 'ambiguous-missing').map((x) => `${x.c.indicator} ${x.c.kind} ${x.c.slipped}: ${x.v}`);
    expect(bad).toEqual([]);
  });

  it('every slip kind is represented and detected at least once', () => {
    for (const k of SLIP_KINDS) expect(verdicts.filter((x) => x.c.kind === k && x.v === 'right').length, k).toBeGreaterThan(0);
  });
});
