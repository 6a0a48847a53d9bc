import type { Catalog, Unit } from '../model/catalog.ts';
import type { Mapping } from './match.ts';
import { normaliseUnit } from './memory.ts';

/** What the new-indicator form starts with for a row of the file no indicator fits. */
export interface NewIndicatorDefaults {
  label: string;
  /** A catalog unit id. */
  unit: string;
  /** A catalog section id. */
  section: string;
  /** The indicator this one is a 其中 of, or null. */
  parent: string | null;
}

/** A 其中 / 含 / 包括 row: a part of the row above it (the markers normaliseLabel strips). */
const PART_MARKER = /^\s*(?:其中|含|包括|内含)[:：]?/;

/**
 * The catalog units a file's unit text names ("所", "（人）", "个", "%"): every unit whose Chinese or
 * English label is that text. Several when the text is ambiguous (个 for places and for projects).
 */
export function unitsNamed(catalog: Catalog, text: string | null | undefined): Unit[] {
  const u = normaliseUnit(text);
  if (!u) return [];
  return catalog.units.filter((x) => normaliseUnit(x.label.zh) === u || normaliseUnit(x.label.en) === u || x.id === u);
}

/**
 * Sane defaults for adding a row of the file as a new indicator: its name as written; the unit its unit
 * column means (`unitIdFor` when it knows, else the catalog unit of that name; when that names several, as
 * 个 does, the one of the row's best suggestion, else the first), else the
 * best suggestion's unit, else the catalog's first; the section of the nearest row above it that has an
 * indicator (else below, else the catalog's last section, where new figures usually go); and for a
 * 其中 / 含 row the indicator of the nearest such row above as its parent. Pure.
 */
export function newIndicatorDefaults(
  catalog: Catalog,
  mapping: Mapping,
  sourceRow: number,
  /** The matcher's reading of a file's unit (Matcher.unitIdFor: 万人 → person), tried first when given. */
  unitIdFor?: (fileUnit: string | undefined) => string | null,
): NewIndicatorDefaults {
  const byId = new Map(catalog.indicators.map((i) => [i.id, i]));
  const ordered = [...mapping].sort((a, b) => a.sourceRow - b.sourceRow);
  const at = ordered.findIndex((m) => m.sourceRow === sourceRow);
  if (at < 0) throw new Error(`no mapping row for source row ${sourceRow}`);
  const row = ordered[at];
  const guess = row.suggestions.map((s) => byId.get(s.indicatorId)).find((i) => i !== undefined);
  const named = unitsNamed(catalog, row.unit);
  const unit = unitIdFor?.(row.unit) ?? (named.find((u) => u.id === guess?.unit) ?? named[0])?.id ?? guess?.unit ?? catalog.units[0].id;
  const mapped = (i: number) => {
    const id = ordered[i]?.indicatorId;
    return id ? byId.get(id) : undefined;
  };
  let section: string | undefined;
  for (let i = at - 1; i >= 0 && section === undefined; i--) section = mapped(i)?.section;
  for (let i = at + 1; i < ordered.length && section === undefined; i++) section = mapped(i)?.section;
  let parent: string | null = null;
  if (PART_MARKER.test(row.label)) {
    // the nearest row above that is not itself a 其中 row (a run of 其中 rows shares one parent)
    let i = at - 1;
    while (i >= 0 && PART_MARKER.test(ordered[i].label)) i--;
    parent = mapped(i)?.id ?? null;
  }
  section ??= guess?.section ?? catalog.sections[catalog.sections.length - 1].id;
  return { label: row.label.trim(), unit, section, parent };
}
