import type { Indicator } from '../model/catalog.ts';
import type { FigureRecord } from './layout.ts';
import type { Mapping, MappingRow } from './match.ts';
import type { ImportMemory, MappingDecision } from './memory.ts';

/** The unit each mapping row's figures were written with (the first one its rows give), by source row. */
function unitsOf(mapping: Mapping, records: readonly FigureRecord[]): Map<number, string> {
  const rowOf = new Map<number, number>();
  for (const m of mapping) for (const r of m.rows) rowOf.set(r, m.sourceRow);
  const out = new Map<number, string>();
  for (const rec of records) {
    const src = rowOf.get(rec.row);
    if (src !== undefined && rec.unit && !out.has(src)) out.set(src, rec.unit);
  }
  return out;
}

/**
 * The mapping with the import memory's decisions applied: a row whose name and unit (and context) were
 * decided on an earlier import gets that decision (how "remembered"; left out stays left out), before
 * anything the matcher guessed. A decision pointing to an indicator the catalog no longer has (a new
 * indicator whose import was undone) is not used. Rows get their unit from the file when the matcher
 * did not set it. Does not modify its input.
 */
export function recallMapping(mapping: Mapping, records: readonly FigureRecord[], memory: ImportMemory, known: (id: string) => boolean): Mapping {
  const units = unitsOf(mapping, records);
  return mapping.map((m) => {
    const unit = m.unit ?? units.get(m.sourceRow);
    const row: MappingRow = unit !== undefined && m.unit === undefined ? { ...m, unit } : m;
    if (memory.size === 0) return row;
    const d = memory.get(m.label, unit ?? null, m.context);
    if (!d || (d.indicator !== null && !known(d.indicator))) return row;
    return { ...row, indicatorId: d.indicator, method: 'user', how: 'remembered' };
  });
}

/**
 * The decisions an import commits to memory: every row whose indicator the user chose in the dialog
 * (picked, accepted a suggestion, added as new, left out) and every row imported without an indicator
 * (left out, unmatched or not: it was seen and not imported). Rows the matcher or the memory decided
 * need no decision. `custom`: the indicators added in the dialog (a row mapped to one is "new").
 */
export function decisionsOf(mapping: Mapping, custom: readonly Pick<Indicator, 'id'>[] = []): MappingDecision[] {
  const added = new Set(custom.map((i) => i.id));
  const out: MappingDecision[] = [];
  for (const m of mapping) {
    const d: MappingDecision = { label: m.label, unit: m.unit ?? null, indicator: m.indicatorId, how: 'user' };
    if (m.context) d.context = m.context;
    if (m.indicatorId === null) {
      if (m.how === 'remembered') continue;
      d.how = 'left-out';
    } else if (added.has(m.indicatorId)) d.how = 'new';
    else if (m.how !== 'user' && m.how !== 'new') continue;
    out.push(d);
  }
  return out;
}
