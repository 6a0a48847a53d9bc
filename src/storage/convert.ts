import type { Catalog, Indicator } from '../core/model/catalog.ts';
import { cellKey, EMPTY, parseCellKey, type CellValue } from '../core/model/value.ts';
import { pickMeta, keyOfMark, Workbook, type Explanation, type ValueMeta } from '../core/model/workbook.ts';
import { parseValue } from '../core/parse/value.ts';
import { ImportMemory } from '../core/import/memory.ts';
import { UnitTree, type CollectionStatus } from '../core/model/units.ts';
import { fromEarlierTexts } from '../core/model/history.ts';
import { eachPackedAt, isBare, PlaceMemo, own, storePlace, type CellWrite, type FollowUpWrite, type NoteWrite, type StoredCell, type StoredMeta, type StoredRow, type WorkbookSnapshot } from './store.ts';

/** The catalog extended with a workbook's custom indicators (those whose section and unit exist). */
export function catalogWith(catalog: Catalog, custom: readonly Indicator[]): Catalog {
  const ids = new Set(catalog.indicators.map((i) => i.id));
  const units = new Set(catalog.units.map((u) => u.id));
  const sections = new Set(catalog.sections.map((s) => s.id));
  const extra = custom.filter((c) => !ids.has(c.id) && units.has(c.unit) && sections.has(c.section)).map((c) => ({ ...c, custom: true }));
  return extra.length ? { ...catalog, indicators: [...catalog.indicators, ...extra] } : catalog;
}

/** A stored cell read back as a value: `raw` is re-parsed, so the stored text is the only truth. */
export function cellFromStored(wb: Workbook, indicator: string, cell: StoredCell | undefined): CellValue {
  if (!cell || cell.raw === '') return EMPTY;
  const ind = wb.index.byId.get(indicator);
  if (!ind) return EMPTY;
  return parseValue(cell.raw, ind, wb.index.unitOf(ind));
}

export function metaFromStored(cell: StoredCell | undefined): ValueMeta | undefined {
  return cell ? pickMeta(cell) : undefined;
}

/**
 * Builds the workbook a snapshot describes; rows of unknown indicators, unknown periods and unknown
 * units are ignored (isStoredMeta has checked the stored unit list builds a tree).
 */
export function workbookFromSnapshot(s: WorkbookSnapshot, catalog: Catalog): Workbook {
  return fillWorkbook(workbookFromMeta(s.meta, catalog), s.rows);
}

/**
 * The workbook a meta record describes, without its figures: catalog with the custom indicators,
 * periods, units, rule marks, collection round, explanations, import memory and log. What the rules
 * are compiled against (compileRules reads no figure), so opening can compile them while the blocks
 * are still being read (IdbStore.load's `early`); fillWorkbook adds the rows' figures.
 */
export function workbookFromMeta(meta: StoredMeta, catalog: Catalog): Workbook {
  const wb = new Workbook(catalogWith(catalog, meta.customIndicators), meta.periods);
  for (const m of meta.ruleMarks ?? []) wb.ruleMarks.set(keyOfMark(m), { ...m });
  if (meta.units) wb.units = new UnitTree(meta.units);
  for (const [id, c] of Object.entries(meta.collection ?? {})) if (wb.units.has(id)) wb.collection.set(id, structuredClone(c));
  for (const [id, e] of Object.entries(meta.explanations ?? {})) wb.explain(id, e);
  if (meta.importMemory) wb.importMemory = ImportMemory.fromJSON(meta.importMemory);
  if (meta.importLog) wb.importLog = structuredClone(meta.importLog);
  return wb;
}

/**
 * Reads stored rows' figures, provenance and annotations into a workbook built by workbookFromMeta
 * (rows of unknown indicators, periods and units ignored). Returns the workbook.
 */
export function fillWorkbook(wb: Workbook, rows: readonly StoredRow[]): Workbook {
  const periods = new Set(wb.periods);
  const values = wb.values;
  // a row's places: "2019" (the city) or "2019#county" (a reporting unit), the same few thousand in every
  // row: each resolved once to its number in wb.values, or -1 when it is not one of this workbook's
  const placeOf = new Map<string, number>();
  const resolve = (at: string): number => {
    let i = placeOf.get(at);
    if (i === undefined) {
      const ref = parseCellKey(`x@${at}`);
      const ok = periods.has(ref.period) && wb.units.has(ref.unit) && cellKey('x', ref.period, ref.unit) === `x@${at}`;
      placeOf.set(at, (i = ok ? values.place(at) : -1));
    }
    return i;
  };
  const memo = new PlaceMemo(resolve);
  // a text reads the same for every indicator of the same kind and unit (parseValue looks at nothing
  // else): each distinct text is parsed once per kind and unit, and its (frozen) value shared by the
  // cells holding it — at 3,000 units most texts repeat, within a row and across rows
  const readers = new Map<string, TextReader>();
  for (const row of rows) {
    const ind = wb.index.byId.get(row.indicator);
    // an id with an "@" would not survive parseCellKey: its cells are not figures of this workbook
    const figures = ind !== undefined && !row.indicator.includes('@');
    const unit = ind && wb.index.unitOf(ind);
    const id = row.indicator;
    if (row.packed) {
      let texts: TextReader | undefined;
      if (figures) {
        const k = `${ind.kind}\u0000${unit!.id}`;
        texts = readers.get(k);
        if (!texts) readers.set(k, (texts = new TextReader((raw) => parseValue(raw, ind, unit!))));
      }
      // (the places of a row that is not the workbook's are resolved too: numbered in the order first met)
      eachPackedAt(row.packed, memo, (at, place, text, from, to, more) => {
        if (texts && place >= 0 && to > from) {
          const v = texts.read(text, from, to);
          if (v.state !== 'empty' || v.raw !== '') values.setAtPlace(id, place, v);
        }
        if (more && ind) {
          const m = figures && place >= 0 && pickMeta(more);
          if (m) wb.meta.set(`${id}@${at}`, m);
          // a removed year's figures keep their history and notes (they come back with the year, as in this session)
          annotationsFromStored(wb, `${id}@${at}`, { ...more, raw: text.slice(from, to) });
        }
      });
      continue;
    }
    const parsed = new Map<string, CellValue>();
    // a row of a block written before version 3: cell objects
    for (const at of Object.keys(row.cells)) {
      const place = resolve(at);
      const c = row.cells[at];
      if (figures && place >= 0) {
        if (c.raw !== '') {
          let v = parsed.get(c.raw);
          if (!v) parsed.set(c.raw, (v = Object.freeze(parseValue(c.raw, ind, unit!))));
          if (v.state !== 'empty' || v.raw !== '') values.setAtPlace(id, place, v);
        }
        const m = pickMeta(c);
        if (m) wb.meta.set(`${id}@${at}`, m);
      }
      if (ind) annotationsFromStored(wb, `${id}@${at}`, c);
    }
  }
  return wb;
}

/**
 * Texts of one indicator kind and unit, each parsed once. A text of up to four ASCII digits (most
 * figures) is looked up by a number made from its digits and length, read in place from the packed
 * row's string: no string is cut out of the row and none hashed unless it is new.
 */
class TextReader {
  /** By digits × 4 + length − 1 (below 40,000: "07" is not "7"). */
  private readonly short: (CellValue | undefined)[] = [];
  private readonly byText = new Map<string, CellValue>();
  constructor(private readonly parse: (raw: string) => CellValue) {}

  /** The value of `text.slice(from, to)` (not empty). */
  read(text: string, from: number, to: number): CellValue {
    const n = to - from;
    if (n <= 4) {
      let x = 0;
      let k = from;
      for (; k < to; k++) {
        const d = text.charCodeAt(k) - 48;
        if (d < 0 || d > 9) break;
        x = x * 10 + d;
      }
      if (k === to) {
        const key = x * 4 + n - 1;
        let v = this.short[key];
        if (!v) {
          while (this.short.length <= key) this.short.push(undefined); // dense: a fast array
          this.short[key] = v = this.text(text.slice(from, to));
        }
        return v;
      }
    }
    return this.text(text.slice(from, to));
  }

  private text(raw: string): CellValue {
    let v = this.byText.get(raw);
    if (!v) this.byText.set(raw, (v = Object.freeze(this.parse(raw))));
    return v;
  }
}

/**
 * Sets a figure's note, follow-up flag and change history from its stored cell (absent: none).
 * Earlier texts stored by older versions (`history`) become change records. Returns whether any of
 * them changed (another tab's note appears in this tab).
 */
export function annotationsFromStored(wb: Workbook, key: string, cell: StoredCell | undefined): boolean {
  const bare = !cell || (cell.note === undefined && cell.followUp === undefined && cell.changes === undefined && !cell.history?.length);
  if (bare && !wb.notes.has(key) && !wb.followUp.has(key) && !wb.history.has(key)) return false;
  const changes = cell?.changes ?? (cell?.history?.length ? fromEarlierTexts(cell.history, cell.raw) : undefined);
  const next = { note: cell?.note, followUp: cell?.followUp, history: changes?.length ? changes : undefined };
  const same = JSON.stringify([wb.notes.get(key), wb.followUp.get(key), wb.history.get(key)]) === JSON.stringify([next.note, next.followUp, next.history]);
  if (same) return false;
  setOrDelete(wb.notes, key, next.note && { ...next.note });
  setOrDelete(wb.followUp, key, next.followUp && { ...next.followUp });
  setOrDelete(wb.history, key, next.history && structuredClone(next.history));
  return true;
}

function setOrDelete<T>(m: Map<string, T>, key: string, v: T | undefined): void {
  if (v === undefined) m.delete(key);
  else m.set(key, v);
}

/** A workbook's explanations as the meta record stores them. */
export function storedExplanations(wb: Workbook): Record<string, Explanation> {
  const out = Object.create(null) as Record<string, Explanation>;
  for (const [id, e] of wb.explanations) out[id] = { ...e };
  return out;
}

/**
 * What to store for one cell of the workbook: its text, provenance and change history (null: nothing,
 * the cell is empty and has no history). `annotations`: with its note and follow-up flag too (only for
 * writes that replace everything; otherwise they are written by StoreWrite.notes / followUp).
 */
export function storedCell(wb: Workbook, key: string, annotations = false): StoredCell | null {
  const v = wb.values.get(key);
  const m = wb.meta.get(key);
  const out: StoredCell = { raw: v?.raw ?? '', ...(v && m ? pickMeta(m) : {}) };
  const changes = wb.history.get(key);
  if (changes?.length) out.changes = structuredClone(changes);
  if (annotations) {
    const note = wb.notes.get(key);
    const followUp = wb.followUp.get(key);
    if (note) out.note = { ...note };
    if (followUp) out.followUp = { ...followUp };
  }
  return isBare(out) ? null : out;
}

/** Writes for the given cells as they are now in the workbook (figures, provenance, history; not notes). */
export function writesFor(wb: Workbook, keys: Iterable<string>, annotations = false): CellWrite[] {
  const out: CellWrite[] = [];
  for (const key of keys) out.push({ ...storePlace(key), cell: storedCell(wb, key, annotations) });
  return out;
}

/** Every cell of the workbook with a figure, a history, a note or a flag, as writes (first start, reset, replace). */
export function allWrites(wb: Workbook): CellWrite[] {
  return writesFor(wb, new Set([...wb.values.keys(), ...wb.history.keys(), ...wb.notes.keys(), ...wb.followUp.keys()]), true);
}

/** The notes of the given figures as they are now in the workbook (absent: deleted), for StoreWrite.notes. */
export function noteWrites(wb: Workbook, keys: Iterable<string>): NoteWrite[] {
  return [...keys].map((key) => {
    const note = wb.notes.get(key);
    return { key, note: note ? { ...note } : null };
  });
}

/** The follow-up flags of the given figures as they are now in the workbook (absent: taken away), for StoreWrite.followUp. */
export function followUpWrites(wb: Workbook, keys: Iterable<string>): FollowUpWrite[] {
  return [...keys].map((key) => {
    const f = wb.followUp.get(key);
    return { key, followUp: f ? { ...f } : null };
  });
}

/** A stored row's cell for each of the workbook's periods and reporting units, as values (absent → EMPTY). */
export function rowValues(wb: Workbook, row: StoredRow | undefined, indicator: string): Map<string, { value: CellValue; meta?: ValueMeta; cell?: StoredCell }> {
  const out = new Map<string, { value: CellValue; meta?: ValueMeta; cell?: StoredCell }>();
  const units = wb.units.size > 1 ? wb.units.all().map((u) => u.id) : [undefined];
  for (const u of units) {
    for (const p of wb.periods) {
      const key = cellKey(indicator, p, u);
      const c = row ? own(row.cells, storePlace(key).period) : undefined;
      out.set(key, { value: cellFromStored(wb, indicator, c), meta: metaFromStored(c), cell: c });
    }
  }
  return out;
}

/** A workbook's reporting units and collection round as the meta record stores them. */
export function storedUnits(wb: Workbook): { units: ReturnType<UnitTree['toJSON']>; collection: Record<string, CollectionStatus> } {
  const collection = Object.create(null) as Record<string, CollectionStatus>;
  for (const [id, c] of wb.collection) collection[id] = structuredClone(c);
  return { units: wb.units.toJSON(), collection };
}
