import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importConsequences, leftOutRows, workbookFromValues, workbookValues, readAndPreview, setMapping, type Mapping } from '../../../src/core/import/index.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';
import { baselineWorkbook, CATALOG, utf8 } from './helpers.ts';

const RULES: RuleFile = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG);

/** A county's 2020 file (made up): every figure of the baseline's 2019 column under the catalog's names. */
function file(): Uint8Array {
  const wb = baselineWorkbook();
  const lines = ['指标,2020'];
  for (const i of CATALOG.indicators) {
    const v = wb.get(i.id, '2019');
    if (v.state === 'value' && !/[",\n]/.test(v.raw)) lines.push(`${i.label.zh},${v.raw}`);
  }
  return utf8(lines.join('\n') + '\n');
}

const rowOf = (mapping: Mapping, id: string) => mapping.find((m) => m.indicatorId === id)!;

describe('importConsequences: what the dialog shows under the preview', () => {
  // the baseline explains its two warnings with the report's sentences: after an import they are still
  // explained, not open (the copy the findings are computed on keeps the workbook's explanations and rule marks)
  it('warnings the workbook has explained stay explained in the findings after the import', async () => {
    const wb = baselineWorkbook();
    expect(wb.explanations.size).toBeGreaterThan(0);
    const before = compileRules(RULES, wb).validateAll();
    const { read, preview } = await readAndPreview(file(), 'county.csv', wb);
    const c = importConsequences(wb, RULES, preview, read.mapping, read.periods);
    const explainedBefore = before.findings.filter((f) => f.explanation).map((f) => f.id);
    expect(explainedBefore.length).toBe(wb.explanations.size);
    for (const id of explainedBefore) expect(c.after.findings.find((f) => f.id === id)?.explanation?.reason).toBe(wb.explanations.get(id)!.reason);
    expect(c.after.counts.explained).toBe(before.counts.explained);
  });

  it('the plain snapshot a worker previews against keeps explanations and rule marks', () => {
    const wb = baselineWorkbook();
    wb.ruleMarks.set('x|2019', { rule: 'balance_schools_total', period: '2019', kind: 'not_applicable', reason: '测试' });
    const copy = workbookFromValues(structuredClone(workbookValues(wb)));
    expect([...copy.explanations]).toEqual([...wb.explanations]);
    expect([...copy.ruleMarks]).toEqual([...wb.ruleMarks]);
  });

  it('a complete file costs no check', async () => {
    const wb = baselineWorkbook();
    const { read, preview } = await readAndPreview(file(), 'county.csv', wb);
    const c = importConsequences(wb, RULES, preview, read.mapping, read.periods);
    expect(c.lost).toEqual([]);
  });

  // a part of a balance left out by hand: the balance of 2020 cannot be checked, and the row is named
  it.each([
    ['students_primary', 'balance_students_compulsory'],
    ['schools_junior', 'balance_schools_compulsory'],
    ['teachers_primary', 'balance_teachers_total'],
  ])('leaving out %s costs %s in 2020', async (id, rule) => {
    if (!CATALOG.indicators.some((i) => i.id === id)) return;
    const wb = baselineWorkbook();
    const first = await readAndPreview(file(), 'county.csv', wb);
    const row = rowOf(first.read.mapping, id);
    const mapping = setMapping(first.read.mapping, row.sourceRow, null);
    const { preview } = await readAndPreview(file(), 'county.csv', wb, { mapping });
    const c = importConsequences(wb, RULES, preview, mapping, first.read.periods, [], first.read.mapping);
    const hit = c.lost.find((l) => l.ruleId === rule && l.period === '2020');
    expect(hit?.rows).toEqual([{ label: row.label, indicator: id }]);
    expect(c.after.findings.some((f) => f.ruleId === rule && f.period === '2020' && f.outcome === 'not_computable')).toBe(true);
  });
});

describe('leftOutRows', () => {
  const row = (sourceRow: number, indicatorId: string | null, suggestions: string[]) => ({
    sourceRow,
    rows: [sourceRow],
    label: `r${sourceRow}`,
    indicatorId,
    method: indicatorId ? ('label' as const) : ('none' as const),
    suggestions: suggestions.map((s) => ({ indicatorId: s, score: 0.5 })),
  });
  it.each([
    // [automatic, now, likely indicator or undefined]
    [row(1, null, ['a', 'b']), row(1, null, ['a', 'b']), 'a'], // unmatched: its first suggestion
    [row(1, 'x', []), { ...row(1, null, []), method: 'user' as const }, 'x'], // left out by hand: what it was matched to
    [row(1, null, []), row(1, null, []), undefined], // nothing to name
    [row(1, 'x', []), row(1, 'y', []), undefined], // not left out
  ])('case %#', (auto, now, likely) => {
    const got = leftOutRows([now as Mapping[number]], [auto as Mapping[number]]);
    expect(got).toEqual(likely ? [{ label: 'r1', indicator: likely }] : []);
  });
});
