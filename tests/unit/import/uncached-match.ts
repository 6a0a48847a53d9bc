/**
 * The oracle for the matcher's per-name cache (tests/unit/import/import-speed-equal.test.ts): matchLines and
 * buildMapping as they were before it (commit 3c7a7ea) — every row matched on its own by Matcher.matchRow,
 * the rows of an entry searched as a list — through the public API only. Not used by the product.
 */
import type { ImportMemory } from '../../../src/core/import/memory.ts';
import { Matcher, type Mapping, type MappingRow, type RowContext, type RowMatch, type TableLine } from '../../../src/core/import/match.ts';
import type { Catalog } from '../../../src/core/model/catalog.ts';

export function matchLinesUncached(lines: readonly TableLine[], matcher: Matcher, memory?: ImportMemory): Map<number, RowMatch> {
  const out = new Map<number, RowMatch>();
  const ctx: RowContext = {};
  const voc = matcher.vocabulary;
  for (const line of lines) {
    if (!line.hasValues) {
      const c = voc.clean(line.label);
      const r = voc.read(c.text);
      if (r && r.subject === null && r.measure !== null) {
        ctx.measure = r.measure;
        ctx.measureFromTotal = false;
        ctx.blockUnit = c.unit ?? line.unit ?? null;
        delete ctx.subject;
      } else if (r && r.subject !== null && r.measure === null) {
        ctx.subject = r.subject;
      } else if (c.text !== '') {
        ctx.measure = null;
        ctx.blockUnit = null;
        ctx.subject = null;
      }
      continue;
    }
    const m = matcher.matchRow(line, ctx, memory);
    out.set(line.row, m);
    if (m.ownSubject === 'all' && m.ownMeasure !== null) {
      ctx.measure = m.ownMeasure;
      ctx.measureFromTotal = true;
      ctx.blockUnit = null;
    }
    if (m.ownSubject !== null) ctx.subject = m.ownSubject;
    else if (!m.readable) ctx.subject = null;
  }
  const rules = voc.data.siblingExcludes ?? [];
  const PART = /^\s*(?:其中|[#＃]|含|包括)/;
  for (let i = 0; i < lines.length && rules.length; i++) {
    const m = out.get(lines[i].row);
    if (!m || m.indicatorId === null || m.how === 'remembered' || m.how === 'id') continue;
    const rule = rules.find((r) => r.subject === m.ownSubject);
    if (!rule) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const n = out.get(lines[j].row);
      if (!lines[j].hasValues || !n || n.ownSubject === 'all' || n.ownSubject === rule.subject) break;
      if (n.ownSubject === rule.sibling && !PART.test(lines[j].label)) {
        out.set(lines[i].row, { ...m, indicatorId: null, method: 'none', how: 'none', suggestions: [{ indicatorId: m.indicatorId, score: 1 }, ...m.suggestions].slice(0, 3) });
        break;
      }
    }
  }
  return out;
}

export function buildMappingUncached(
  records: readonly { row: number; label: string; sourceId?: string; unit?: string }[],
  catalog: Catalog | Matcher,
  opts: { lines?: readonly TableLine[]; memory?: ImportMemory } = {},
): Mapping {
  const matcher = catalog instanceof Matcher ? catalog : new Matcher(catalog);
  let lines = opts.lines;
  if (!lines) {
    const seen = new Map<number, TableLine>();
    for (const r of records) if (!seen.has(r.row)) seen.set(r.row, { row: r.row, label: r.label, sourceId: r.sourceId, unit: r.unit, hasValues: true });
    lines = [...seen.values()];
  }
  const matches = matchLinesUncached(lines, matcher, opts.memory);
  const byKey = new Map<string, MappingRow>();
  for (const r of records) {
    const m = matches.get(r.row) ?? matcher.matchRow(r, {}, opts.memory);
    const key = `${r.sourceId ?? ''}\u0000${r.label}\u0000${r.unit ?? ''}\u0000${m.context ?? ''}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.rows.includes(r.row)) existing.rows.push(r.row);
      continue;
    }
    const row: MappingRow = { sourceRow: r.row, rows: [r.row], label: r.label, indicatorId: m.indicatorId, method: m.method, how: m.how, suggestions: m.suggestions };
    if (r.sourceId !== undefined) row.sourceId = r.sourceId;
    if (m.unit !== undefined) row.unit = m.unit;
    if (m.context) row.context = m.context;
    byKey.set(key, row);
  }
  return [...byKey.values()];
}
