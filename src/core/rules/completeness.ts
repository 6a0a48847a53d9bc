import { isOptional } from '../model/catalog.ts';
import { nextYear, previousYear } from '../model/period.ts';
import { cellKey, CITY, parseCellKey } from '../model/value.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Finding, ValidationCounts } from './types.ts';

/**
 * Complete and consistent are two answers. `valid`: no error. `complete`: no *missing* figure and no
 * *unchecked* rule.
 * - missing: a figure present in the previous calendar year and empty now (an optional indicator may
 *   be absent; a cell marked not applicable holds "—" and is not empty);
 * - unchecked: a rule partly filled in a reported year (a total with some non-optional parts empty),
 *   so it said "not computable" where it should have checked something.
 * Only *reported* years count: a year holding at least one figure that is not derived (the 2018
 * column holds four figures derived from "比上年增加…"; an added year before anything is typed holds
 * none). Every other not-computable finding is *quiet*: grouped by reason, not listed one by one.
 */

export interface CellRefOut {
  indicator: string;
  period: string;
}

export interface UncheckedRule {
  rule: string;
  period: string;
  /** The empty (non-optional) cells that kept the rule from being checked. */
  emptyCells: CellRefOut[];
}

/** Quiet not-computable findings of one reason (message code) and period. */
export interface QuietGroup {
  code: string;
  period: string;
  count: number;
  /** The year the rules need, for "no previous year". */
  needed?: string;
}

export interface Completeness {
  valid: boolean;
  complete: boolean;
  missing: CellRefOut[];
  unchecked: UncheckedRule[];
  /** Years holding at least one reported (not derived) figure. */
  reportedPeriods: string[];
  /** Finding ids of the unchecked rules (the not-computable findings to show one by one). */
  uncheckedIds: Set<string>;
  quiet: QuietGroup[];
}

/** Years of the workbook holding at least one non-empty figure that is not derived. */
export function reportedPeriods(wb: Workbook): Set<string> {
  const out = new Set<string>();
  const all = wb.periods.length;
  for (const [key, v] of wb.values) {
    if (v.state === 'empty') continue;
    const { period } = parseCellKey(key);
    if (out.has(period) || wb.meta.get(key)?.derived) continue;
    out.add(period);
    if (out.size === all) break;
  }
  return out;
}

/**
 * The figures present in the previous calendar year and empty in a reported year (optional indicators
 * left out), in report order. One pass over the stored cells: O(cells).
 */
export function missingFigures(wb: Workbook, reported: ReadonlySet<string> = reportedPeriods(wb)): CellRefOut[] {
  const hit = new Set<string>();
  for (const [key, v] of wb.values) {
    if (v.state === 'empty') continue;
    const { indicator, period, unit } = parseCellKey(key);
    if (unit !== CITY) continue;
    const next = nextYear(period);
    if (next === undefined || !reported.has(next) || wb.get(indicator, next).state !== 'empty') continue;
    const ind = wb.index.byId.get(indicator);
    if (ind && !isOptional(ind)) hit.add(cellKey(indicator, next));
  }
  const out: CellRefOut[] = [];
  if (!hit.size) return out;
  for (const period of wb.periods) {
    for (const ind of wb.index.ordered) if (hit.has(cellKey(ind.id, period))) out.push({ indicator: ind.id, period });
  }
  return out;
}

/**
 * The completeness answer for a workbook and its current findings and counts. `missing` may be passed
 * in when already known (missingFigures is the O(cells) part; the rest reads only the findings).
 */
export function assessCompleteness(
  wb: Workbook,
  findings: readonly Finding[],
  counts: ValidationCounts,
  known?: { reported: ReadonlySet<string>; missing: CellRefOut[] },
): Completeness {
  const reported = known?.reported ?? reportedPeriods(wb);
  const empty = (key: string) => wb.getByKey(key).state === 'empty';
  const optional = (id: string) => {
    const ind = wb.index.byId.get(id);
    return !ind || isOptional(ind);
  };
  const missing = known?.missing ?? missingFigures(wb, reported);

  const unchecked: UncheckedRule[] = [];
  const uncheckedIds = new Set<string>();
  const quiet = new Map<string, QuietGroup>();
  for (const f of findings) {
    if (f.outcome !== 'not_computable' || f.kind === 'value') continue;
    if (f.code === 'rule.not_computable.missing' && reported.has(f.period)) {
      const holes = f.cells.filter((k) => empty(k) && !optional(parseCellKey(k).indicator));
      const partly = f.cells.some((k) => !empty(k));
      // a hole in a year nobody reported (the year before a first year) is not this year's gap
      if (partly && holes.length && holes.every((k) => reported.has(parseCellKey(k).period))) {
        uncheckedIds.add(f.id);
        unchecked.push({ rule: f.ruleId, period: f.period, emptyCells: holes.map((k) => ({ indicator: parseCellKey(k).indicator, period: parseCellKey(k).period })) });
        continue;
      }
    }
    const g = `${f.code}|${f.period}`;
    const group = quiet.get(g) ?? { code: f.code, period: f.period, count: 0 };
    if (f.code === 'rule.not_computable.no_previous') group.needed = previousYear(f.period) ?? '';
    group.count++;
    quiet.set(g, group);
  }
  return {
    valid: counts.error === 0,
    complete: missing.length === 0 && unchecked.length === 0,
    missing,
    unchecked,
    reportedPeriods: wb.periods.filter((p) => reported.has(p)),
    uncheckedIds,
    quiet: [...quiet.values()],
  };
}
