import type { Text } from '../model/catalog.ts';
import { cellKey } from '../model/value.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Finding, RuleFile, Severity } from '../rules/types.ts';

/** A row of the file left out of the import, with the indicator it most likely is (its first suggestion). */
export interface LeftOutRow {
  /** The row's name in the file. */
  label: string;
  /** The indicator the row is likely to be. */
  indicator: string;
}

/** A check (one rule in one period) that cannot be done because rows of the file are left out. */
export interface LostCheck {
  ruleId: string;
  period: string;
  severity: Severity;
  /** The rule's description (its message when the rule has none). */
  description: Text;
  /** The left-out rows whose figure the check needs (file order). */
  rows: LeftOutRow[];
}

/**
 * What leaving rows out of an import costs: the rules that cannot be computed in the workbook as it
 * would be after the import (`findings` of that workbook) because a cell they read is empty there and
 * is the likely target of a left-out row. A row whose likely cell already holds a figure (another row
 * filled it, or the workbook had it) costs nothing. Pure; `periods` are the periods the file brings.
 *
 * "Cannot be done without them" is a necessary condition: a rule that also lacks other figures stays
 * not computable after the row is added, and is still listed (the row is one of the figures it lacks).
 */
export function checksLostByLeavingOut(
  workbook: Workbook,
  findings: readonly Finding[],
  rules: RuleFile,
  leftOut: readonly LeftOutRow[],
  periods: readonly string[],
): LostCheck[] {
  const rowsByCell = new Map<string, LeftOutRow[]>();
  for (const row of leftOut) {
    for (const p of periods) {
      const key = cellKey(row.indicator, p);
      if (workbook.getByKey(key).state !== 'empty') continue;
      const list = rowsByCell.get(key);
      if (list) {
        if (!list.includes(row)) list.push(row);
      } else rowsByCell.set(key, [row]);
    }
  }
  if (rowsByCell.size === 0) return [];
  const ruleById = new Map(rules.rules.map((r) => [r.id, r]));
  const out: LostCheck[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (f.outcome !== 'not_computable' || f.kind === 'value') continue;
    const id = `${f.ruleId}|${f.period}`;
    if (seen.has(id)) continue;
    const rows: LeftOutRow[] = [];
    for (const c of f.cells) for (const r of rowsByCell.get(c) ?? []) if (!rows.includes(r)) rows.push(r);
    if (rows.length === 0) continue;
    seen.add(id);
    rows.sort((a, b) => leftOut.indexOf(a) - leftOut.indexOf(b));
    out.push({ ruleId: f.ruleId, period: f.period, severity: f.severity, description: ruleById.get(f.ruleId)?.description ?? f.message, rows });
  }
  // errors first (a balance that cannot be checked hides more than a jump warning), then rule order
  const order = new Map(rules.rules.map((r, i) => [r.id, i]));
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0) || a.period.localeCompare(b.period));
}
