import type { Indicator } from '../model/catalog.ts';
import type { Mapping } from './match.ts';
import type { MappingDecision } from './memory.ts';

/**
 * The decisions an import commits to memory: every row whose indicator the user chose in the dialog
 * (picked, accepted a suggestion, added as new, left out) and every row imported without an indicator
 * (left out, unmatched or not: it was seen and not imported). Rows the matcher or the memory decided
 * need no decision. `custom`: the indicators added in the dialog (a row mapped to one is "new").
 * `reportingUnit`: the file's unit, when it is one unit's: each decision is remembered for every file
 * and, again, as that unit's own.
 */
export function decisionsOf(mapping: Mapping, custom: readonly Pick<Indicator, 'id'>[] = [], reportingUnit?: string): MappingDecision[] {
  const added = new Set(custom.map((i) => i.id));
  const out: MappingDecision[] = [];
  for (const m of mapping) {
    const d: MappingDecision = { label: m.label, unit: m.unit ?? null, indicator: m.indicatorId, how: 'user' };
    if (m.context) d.context = m.context;
    if (m.indicatorId === null) {
      if (m.how !== 'left-out' && m.how !== 'user') continue;
      d.how = 'left-out';
    } else if (added.has(m.indicatorId)) d.how = 'new';
    else if (m.how !== 'user' && m.how !== 'new') continue;
    out.push(d);
    // a file of one unit: the decision is also that unit's own (see ImportMemory.forUnit)
    if (reportingUnit) out.push({ ...d, reportingUnit });
  }
  return out;
}
