import type { Indicator } from '../model/catalog.ts';
import type { Mapping } from './match.ts';
import type { MappingDecision } from './memory.ts';

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
      if (m.how !== 'left-out' && m.how !== 'user') continue;
      d.how = 'left-out';
    } else if (added.has(m.indicatorId)) d.how = 'new';
    else if (m.how !== 'user' && m.how !== 'new') continue;
    out.push(d);
  }
  return out;
}
