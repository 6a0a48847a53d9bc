/**
 * The collection board (issue 17): where each unit's return stands in a year — received, returned for
 * correction, errors, warnings, missing figures, valid / complete, the roll-up's state — from the findings
 * and the completeness answer. Pure: the board in the app (src/ui/CollectionBoard.svelte) and the round
 * command (src/cli/round.ts) both draw these lines.
 */
import type { ReportingUnit } from '../model/units.ts';
import { CITY } from '../model/value.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Finding } from './types.ts';
import type { CellRefOut, Completeness, UnitCompleteness } from './completeness.ts';

/** The roll-up between a parent and its units: checked and adding up, not adding up, derived from them, or none (a unit without units, or no roll-up rule checked). */
export type RollupState = { kind: 'ok' } | { kind: 'failed'; n: number } | { kind: 'partial'; n: number } | { kind: 'derived' } | { kind: 'none' };

/** One line of the collection board: where a unit's return stands in one year. */
export interface BoardRow {
  unit: ReportingUnit;
  /** Tree order (the default sort). */
  order: number;
  received?: { time: string; file: string };
  returned?: { time: string; note: string };
  errors: number;
  warnings: number;
  /** The unit's own missing figures in the year (see core/rules/completeness.ts), in report order. */
  missing: CellRefOut[];
  /** Its own rules that could not be checked for its empty figures. */
  unchecked: number;
  /**
   * Its return: complete, incomplete, not received (nothing sent in a year it is due), derived (a
   * derived parent: its units' answer; `pending` of them not complete) or not due (nothing asked of it).
   */
  completeness: UnitCompleteness['state'] | 'not_due';
  pending: number;
  /** No error and no unreadable figure. */
  valid: boolean;
  /** Due and complete (a derived parent: every unit below it complete). */
  complete: boolean;
  rollup: RollupState;
}

const unitOf = (f: Finding): string => f.unit ?? CITY;
/** Roll-up findings (issue 17, branch `units`): kind 'rollup', unit = the parent. */
const isRollup = (f: Finding): boolean => (f.kind as string) === 'rollup';

/**
 * The collection board's lines for one year, in tree order. Findings are counted by their `unit`
 * (absent: the city); a roll-up finding counts for its parent's roll-up, not as one of its errors.
 * Missing figures, unchecked rules and complete are the unit's own answer for the year from
 * `done` (assessCompleteness: who is due, what is expected of whom, not received, derived parents).
 * `rollupChecked`: whether roll-up rules ran for the year (the validator's outcomes have `rollup.…`
 * rules); then a parent without a failed roll-up finding adds up.
 */
export function boardRows(
  wb: Workbook,
  findings: readonly Finding[],
  period: string,
  isDerived: (unit: string) => boolean,
  rollupChecked: boolean,
  done: Pick<Completeness, 'units'>,
): BoardRow[] {
  const units = wb.units.all();
  const answer = new Map(done.units.filter((e) => e.period === period).map((e) => [e.unit, e]));
  const count = new Map<string, { errors: number; warnings: number; rollFailed: number; rollUnchecked: number }>();
  for (const u of units) count.set(u.id, { errors: 0, warnings: 0, rollFailed: 0, rollUnchecked: 0 });
  for (const f of findings) {
    if (f.period !== period) continue;
    const c = count.get(unitOf(f));
    if (!c) continue;
    if (isRollup(f)) {
      if (f.outcome === 'failed') c.rollFailed++;
      else c.rollUnchecked++;
      continue;
    }
    if (f.outcome !== 'failed') continue;
    if (f.severity === 'error') c.errors++;
    else if (!f.explanation) c.warnings++;
  }
  return units.map((unit, order) => {
    const c = count.get(unit.id)!;
    const a = answer.get(unit.id);
    let invalid = false;
    for (const ind of wb.index.ordered) if (wb.get(ind.id, period, unit.id).state === 'invalid') invalid = true;
    const status = wb.collection.get(unit.id);
    const parent = wb.units.isParent(unit.id);
    const rollup: RollupState = c.rollFailed
      ? { kind: 'failed', n: c.rollFailed }
      : !parent
        ? { kind: 'none' }
        : isDerived(unit.id)
          ? { kind: 'derived' }
          : rollupChecked && !c.rollUnchecked
            ? { kind: 'ok' }
            : c.rollUnchecked
              ? // none failed, but n roll-ups could not be computed yet (some units' figures not typed)
                { kind: 'partial', n: c.rollUnchecked }
              : { kind: 'none' };
    return {
      unit,
      order,
      ...(status?.received ? { received: status.received } : {}),
      ...(status?.returned ? { returned: status.returned } : {}),
      errors: c.errors,
      warnings: c.warnings,
      missing: a?.missing ?? [],
      unchecked: a?.unchecked.length ?? 0,
      completeness: a?.state ?? 'not_due',
      pending: a?.pending?.length ?? 0,
      valid: c.errors === 0 && !invalid,
      complete: a?.complete ?? false,
      rollup,
    };
  });
}

export type BoardColumn = 'unit' | 'received' | 'when' | 'file' | 'errors' | 'warnings' | 'missing' | 'state' | 'rollup' | 'returned';

/** Sorts board lines by a column (stable; ties keep tree order). */
export function sortBoard(rows: readonly BoardRow[], by: BoardColumn, dir: 1 | -1, lang: 'zh' | 'en'): BoardRow[] {
  const key = (r: BoardRow): number | string => {
    switch (by) {
      case 'unit':
        return r.order;
      case 'received':
        return r.received ? 1 : 0;
      case 'when':
        return r.received?.time ?? '';
      case 'file':
        return r.received?.file ?? '';
      case 'errors':
        return r.errors;
      case 'warnings':
        return r.warnings;
      case 'missing':
        // nothing sent sorts as the most missing, nothing asked as the least
        return r.completeness === 'not_received' ? Number.MAX_SAFE_INTEGER : r.completeness === 'not_due' ? -1 : r.missing.length + r.unchecked + r.pending;
      case 'state':
        return (r.valid ? 2 : 0) + (r.complete ? 1 : 0);
      case 'rollup':
        return r.rollup.kind === 'failed' ? -r.rollup.n : r.rollup.kind === 'ok' ? 1 : r.rollup.kind === 'partial' ? 1.5 : r.rollup.kind === 'derived' ? 2 : 3;
      case 'returned':
        return r.returned ? 1 : 0;
    }
  };
  const cmp = (a: number | string, b: number | string): number =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), lang === 'zh' ? 'zh-CN' : 'en');
  return [...rows].sort((a, b) => dir * cmp(key(a), key(b)) || a.order - b.order);
}
