import type { Indicator } from '../model/catalog.ts';
import { Workbook } from '../model/workbook.ts';
import type { RuleFile, ValidationResult } from '../rules/types.ts';
import { compileRules } from '../rules/validator.ts';
import { checksLostByLeavingOut, type LeftOutRow, type LostCheck } from './lost-checks.ts';
import { catalogWithCustom, type Mapping } from './match.ts';
import type { ImportPreview } from './preview.ts';
import { copyJudgements } from './workbook-values.ts';

/** What an import would lead to: the workbook's findings after it, and the checks its left-out rows cost. */
export interface ImportConsequences {
  after: ValidationResult;
  lost: LostCheck[];
}

/** A copy of the workbook as it would be after the import (values only; the workbook itself is not changed). */
export function workbookAfterImport(workbook: Workbook, preview: ImportPreview, custom: readonly Indicator[] = []): Workbook {
  const copy = new Workbook(catalogWithCustom(workbook.catalog, custom), [...workbook.periods, ...preview.newPeriods]);
  copy.apply([...workbook.values].map(([key, after]) => ({ key, after })));
  copy.apply(preview.changes);
  // rule marks and explained warnings stay what they are: an explained warning is not an open one after the import either
  copyJudgements(workbook, copy);
  return copy;
}

/**
 * The rows of a mapping left out of the import with the indicator each most likely is: the one the
 * automatic matching gave it (`automatic`, the mapping before the user's changes), else its first
 * suggestion. Rows unmatched, left out by hand or remembered as left out count alike; a row with
 * neither has no likely indicator and costs no check that can be named.
 */
export function leftOutRows(mapping: Mapping, automatic: Mapping = mapping): LeftOutRow[] {
  const auto = new Map(automatic.map((m) => [m.sourceRow, m]));
  const out: LeftOutRow[] = [];
  for (const m of mapping) {
    if (m.indicatorId !== null) continue;
    const a = auto.get(m.sourceRow);
    const likely = a?.indicatorId ?? m.suggestions[0]?.indicatorId ?? a?.suggestions[0]?.indicatorId;
    if (likely) out.push({ label: m.label, indicator: likely });
  }
  return out;
}

/**
 * The findings the workbook would have after an import, and the checks that cannot be done because of
 * the rows left out (see checksLostByLeavingOut): what the import dialog shows under its preview.
 * `periods`: the periods the file brings; `automatic`: the mapping before the user's changes. Pure.
 */
export function importConsequences(
  workbook: Workbook,
  rules: RuleFile,
  preview: ImportPreview,
  mapping: Mapping,
  periods: readonly string[],
  custom: readonly Indicator[] = [],
  automatic: Mapping = mapping,
): ImportConsequences {
  const copy = workbookAfterImport(workbook, preview, custom);
  const after = compileRules(rules, copy).validateAll();
  return { after, lost: checksLostByLeavingOut(copy, after.findings, rules, leftOutRows(mapping, automatic), periods) };
}
