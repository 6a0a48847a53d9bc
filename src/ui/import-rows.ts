import type { FigureRecord, Mapping, MappingRow } from '../core/import/index.ts';
import type { Indicator } from '../core/model/catalog.ts';
import type { RuleFile } from '../core/rules/types.ts';

/**
 * How the import dialog lists a file's rows: those without an indicator first (unmatched, left out or
 * remembered as left out: each needs a look), then the matched ones; each part in file order.
 */
export function splitMapping(mapping: Mapping): { open: MappingRow[]; matched: MappingRow[] } {
  const open: MappingRow[] = [];
  const matched: MappingRow[] = [];
  for (const m of mapping) (m.indicatorId === null ? open : matched).push(m);
  return { open, matched };
}

/** Each mapping row's unit and values as the file writes them ("702（2021）"), at most `max` values. */
export function figuresByRow(mapping: Mapping, records: readonly FigureRecord[], max = 3): Map<number, { unit: string; values: string[] }> {
  const rowOf = new Map<number, number>();
  for (const m of mapping) for (const r of m.rows) rowOf.set(r, m.sourceRow);
  const several = new Set(records.map((r) => r.period)).size > 1;
  const out = new Map<number, { unit: string; values: string[] }>();
  for (const rec of records) {
    const src = rowOf.get(rec.line ?? rec.row);
    if (src === undefined) continue;
    let f = out.get(src);
    if (!f) out.set(src, (f = { unit: rec.unit ?? '', values: [] }));
    if (f.values.length < max) f.values.push(several ? `${rec.raw}（${rec.period}）` : rec.raw);
  }
  return out;
}

/** The indicators that are the total of a balance rule (what a new indicator may be an extra part of), in catalog order. */
export function balanceTotals(rules: RuleFile, byId: ReadonlyMap<string, Indicator>): Indicator[] {
  const ids = new Set<string>();
  for (const r of rules.rules) if (r.kind === 'balance' && typeof r.total === 'string') ids.add(r.total);
  return [...byId.values()].filter((i) => ids.has(i.id));
}
