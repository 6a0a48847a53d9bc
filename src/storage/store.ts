import type { Indicator } from '../core/model/catalog.ts';
import type { Explanation, RuleMark, ValueMeta } from '../core/model/workbook.ts';
import type { MappingDecision } from '../core/import/memory.ts';
import { UnitTree, type CollectionStatus, type ReportingUnit } from '../core/model/units.ts';
import type { ChangeHow, ChangeRecord, FollowUp, ImportLogEntry, Note } from '../core/model/annotations.ts';

/**
 * Storage behind a typed interface (an IndexedDB implementation and an in-memory one for tests).
 *
 * The interface speaks in rows (one indicator's cells of every period, keyed by period). IndexedDB keeps
 * the rows in blocks: an indicator's row lives in block `blockOf(id)` (a hash of its id into
 * BLOCK_COUNT buckets), one record per [workbook, block]. For the report (~100 indicators) a block
 * holds one row, as the TECH-NOTES layout of a record per row (save one edit ~2 ms); for 40,000
 * indicators an import writes ~1,000 records instead of 40,000 (IndexedDB's cost is per record, bench:
 * 40,000 bare puts take ~1.8 s). A meta record holds the periods, custom indicators, preferences, a
 * revision counter and a short log of which rows each revision touched, so another tab can catch up
 * by reading only those rows' blocks.
 *
 * Only `raw` (and the value's provenance) is stored: the parsed value is re-derived from `raw` on
 * load with the same parser, so a stored figure can never disagree with its text.
 */

export type UiLang = 'zh' | 'en';

export interface Preferences {
  lang: UiLang;
  /** Years locked against edits (published figures): an edit asks first. Absent: the app's default (the baseline year). */
  locked?: string[];
  /** How plain numbers are shown: as typed, or with thousands separators (display only). Absent: as typed. */
  numbers?: 'typed' | 'grouped';
}

/**
 * One figure as stored: its text, provenance, and what is known about it (annotations). A cell with
 * an empty text is kept when it carries a note, a follow-up flag or a history (a note on a figure not
 * reported yet; the history of a figure that was cleared).
 */
export interface StoredCell extends ValueMeta {
  raw: string;
  /** The figure's changes, oldest first, bounded (Workbook.history; see HISTORY_LIMIT in core/model/history.ts). */
  changes?: ChangeRecord[];
  /** The note on the figure (Workbook.notes). Written only through StoreWrite.notes (and replaceAll writes). */
  note?: Note;
  /** The follow-up flag (Workbook.followUp). Written only through StoreWrite.followUp (and replaceAll writes). */
  followUp?: FollowUp;
}

export interface StoredRow {
  workbook: string;
  indicator: string;
  /** period → cell; absent periods are empty. */
  cells: Record<string, StoredCell>;
  /**
   * The same cells as stored (a row read from a packed block record): readers that can read them
   * packed (workbookFromSnapshot) skip building `cells`, which is then built on first use.
   */
  packed?: PackedCells;
}

/**
 * A row's cells as a block record stores them since database version 3: every cell's place (what
 * follows `@` in its key: the period, or `period#unit`) and text in one string, their lengths in a
 * typed array, and only the cells carrying more than their text (provenance, history, note,
 * follow-up) as objects. IndexedDB clones a string and a typed array as a few bytes copied, where a
 * row of 15,000 cell objects (3,000 units × 5 years) costs 15,000 objects to clone and to check.
 */
export interface PackedCells {
  /** place₀ text₀ place₁ text₁ …, concatenated. */
  text: string;
  /** Two lengths per cell, in `text` order: its place's and its text's. */
  len: Uint32Array;
  /** What the cells carrying more than their text carry besides it, by place. */
  more?: Record<string, Omit<StoredCell, 'raw'>>;
}

export interface LogEntry {
  revision: number;
  /** Indicator rows this revision wrote; null when it replaced everything (reset, import of a file, periods). */
  indicators: string[] | null;
}

export interface StoredMeta {
  workbook: string;
  formatVersion: 1;
  catalogVersion: string;
  periods: string[];
  customIndicators: Indicator[];
  /** Rules marked not applicable (or computed on a sub-population) for a year; absent in older records. */
  ruleMarks?: RuleMark[];
  prefs: Preferences;
  revision: number;
  log: LogEntry[];
  /** Explained warnings by finding id (Workbook.explanations); absent in records written before them. */
  explanations?: Record<string, Explanation>;
  /** The workbook's import memory (src/core/import/memory.ts); absent until the first import decision. */
  importMemory?: MappingDecision[];
  /**
   * The reporting units in tree order (UnitTree.toJSON()); absent: the city alone. A unit's cells are
   * stored in its indicator's row under the key `period#unit` (the city's under `period`), so a
   * CellWrite's `period` is the cell key after the `@`.
   */
  units?: ReportingUnit[];
  /** The collection round by unit id (Workbook.collection); absent: nothing received yet. */
  collection?: Record<string, CollectionStatus>;
  /** Every import into the workbook, oldest first (Workbook.importLog); absent before the first. */
  importLog?: ImportLogEntry[];
}

/**
 * One IndexedDB record: the rows of the indicators whose ids hash to `block`. Written since version 3
 * with `packed` rows only; a record written before has `rows` (read as well; the next write to the
 * block packs them).
 */
export interface StoredBlock {
  workbook: string;
  block: number;
  /** indicator id → period → cell; an indicator with no cells is absent (records before version 3). */
  rows?: Record<string, Record<string, StoredCell>>;
  /** indicator id → its cells packed; an indicator with no cells is absent. */
  packed?: Record<string, PackedCells>;
}

/** How many blocks a workbook's rows are spread over (fixed: changing it needs a migration). */
export const BLOCK_COUNT = 1024;

/** The block an indicator's row is stored in: FNV-1a of its id, modulo BLOCK_COUNT. Stable across versions. */
export function blockOf(indicator: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < indicator.length; i++) {
    h ^= indicator.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BLOCK_COUNT;
}

/**
 * An empty object to use as a map keyed by user data (indicator ids, periods): no prototype, so an id
 * named `constructor`, `__proto__` or `toString` is an ordinary key (a plain `{}` would read
 * Object.prototype's members for them, and `x.__proto__ = …` would replace the object's prototype).
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A copy of a record read back from storage (plain objects: structured clone gives them Object.prototype) as a null-prototype map. */
export function toDict<T>(x: Record<string, T>): Record<string, T> {
  const out = dict<T>();
  for (const [k, v] of Object.entries(x)) out[k] = v;
  return out;
}

/** `x[key]` only when `x` has it as its own property (for records that may come with Object.prototype). */
export function own<T>(x: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(x, key) ? x[key] : undefined;
}

/** The cells of a row packed for storage (see PackedCells). */
export function packCells(cells: Record<string, StoredCell>): PackedCells {
  const places = Object.keys(cells);
  const len = new Uint32Array(places.length * 2);
  const parts: string[] = [];
  let more: Record<string, Omit<StoredCell, 'raw'>> | undefined;
  for (let i = 0; i < places.length; i++) {
    const at = places[i];
    const c = cells[at];
    parts.push(at, c.raw);
    len[2 * i] = at.length;
    len[2 * i + 1] = c.raw.length;
    let rest: Record<string, unknown> | undefined;
    // (for…in: no array of keys built for each of a million bare cells)
    for (const k in c) if (k !== 'raw' && Object.hasOwn(c, k) && c[k as keyof StoredCell] !== undefined) (rest ??= dict())[k] = c[k as keyof StoredCell];
    if (rest) (more ??= dict())[at] = rest as Omit<StoredCell, 'raw'>;
  }
  return more ? { text: parts.join(''), len, more } : { text: parts.join(''), len };
}

/**
 * What `resolve` answered for the places of the last packed row read with it, by position: the rows of
 * one workbook mostly list the same places in the same order, so a place found at the same position
 * is compared in the text (no string made, nothing hashed) and its answer reused.
 */
export class PlaceMemo<T> {
  readonly at: string[] = [];
  readonly answer: T[] = [];
  constructor(readonly resolve: (at: string) => T) {}
}

/**
 * Calls `f` for each cell of a packed row, in stored order: its place, what `memo` resolves it to (see
 * PlaceMemo), its text and what else it carries (undefined: nothing).
 */
export function eachPackedResolved<T>(p: PackedCells, memo: PlaceMemo<T>, f: (at: string, answer: T, raw: string, more: Omit<StoredCell, 'raw'> | undefined) => void): void {
  eachPackedAt(p, memo, (at, answer, text, from, to, more) => f(at, answer, text.slice(from, to), more));
}

/**
 * eachPackedResolved with each cell's text given by where it lies in the row's string, `text.slice(from,
 * to)`, not cut out (a reader that knows most texts already need not make a string of each).
 */
export function eachPackedAt<T>(p: PackedCells, memo: PlaceMemo<T>, f: (at: string, answer: T, text: string, from: number, to: number, more: Omit<StoredCell, 'raw'> | undefined) => void): void {
  const { text, len, more } = p;
  // updated in place: this row's places become the previous row's for the next one
  const { at: ats, answer: answers } = memo;
  let pos = 0;
  for (let i = 0, k = 0; i < len.length; i += 2, k++) {
    const n = len[i];
    let at = ats[k];
    let answer: T;
    if (at !== undefined && at.length === n && text.startsWith(at, pos)) answer = answers[k];
    else {
      ats[k] = at = text.slice(pos, pos + n);
      answers[k] = answer = memo.resolve(at);
    }
    pos += n;
    const end = pos + len[i + 1];
    f(at, answer, text, pos, end, more ? own(more, at) : undefined);
    pos = end;
  }
  ats.length = answers.length = len.length / 2;
}

/** The cells of a packed row, as a map by place. */
export function unpackCells(p: PackedCells): Record<string, StoredCell> {
  const out = dict<StoredCell>();
  eachPackedResolved(p, new PlaceMemo(() => 0), (at, _, raw, more) => (out[at] = more ? { ...more, raw } : { raw }));
  return out;
}

/** A row read from a packed record: its cells are built when first read. */
function packedRow(workbook: string, indicator: string, packed: PackedCells): StoredRow {
  let cells: Record<string, StoredCell> | undefined;
  return {
    workbook,
    indicator,
    packed,
    get cells() {
      return (cells ??= unpackCells(packed));
    },
  };
}

/** The rows a block holds (either layout). */
export function rowsOfBlock(b: StoredBlock): StoredRow[] {
  const out = Object.entries(b.rows ?? {}).map(([indicator, cells]) => ({ workbook: b.workbook, indicator, cells }));
  for (const [indicator, p] of Object.entries(b.packed ?? {})) out.push(packedRow(b.workbook, indicator, p));
  return out;
}

/** One row of a block (either layout), undefined when the block has none for `indicator`. */
export function rowOfBlock(b: StoredBlock, indicator: string): StoredRow | undefined {
  const p = b.packed && own(b.packed, indicator);
  if (p) return packedRow(b.workbook, indicator, p);
  const cells = b.rows && own(b.rows, indicator);
  return cells ? { workbook: b.workbook, indicator, cells } : undefined;
}

/** Rows grouped into the blocks that hold them (packed). */
export function blocksOfRows(workbook: string, rows: Iterable<StoredRow>): StoredBlock[] {
  const out = new Map<number, StoredBlock & { packed: Record<string, PackedCells> }>();
  for (const r of rows) {
    const n = blockOf(r.indicator);
    let b = out.get(n);
    if (!b) out.set(n, (b = { workbook, block: n, packed: dict() }));
    b.packed[r.indicator] = r.packed ?? packCells(r.cells);
  }
  return [...out.values()];
}

/** A block record with its rows packed (a record of version 2 read back, or one already packed: unchanged). */
export function packedBlock(b: StoredBlock): StoredBlock {
  return b.rows ? { workbook: b.workbook, block: b.block, packed: Object.fromEntries(rowsOfBlock(b).map((r) => [r.indicator, r.packed ?? packCells(r.cells)])) } : b;
}

/** How many revisions the meta record remembers for other tabs to catch up incrementally. */
export const LOG_LENGTH = 200;

export interface WorkbookSnapshot {
  meta: StoredMeta;
  rows: StoredRow[];
}

/** One cell to write; `cell: null` clears it. */
export interface CellWrite {
  indicator: string;
  period: string;
  cell: StoredCell | null;
  /**
   * The text this tab last knew in the cell ('' for empty). When given and the stored cell now holds
   * another text (another tab wrote it since) that is not the one written either, the cell is not
   * written: the write reports it as a conflict instead of overwriting the other tab's figure.
   */
  expect?: string;
  /**
   * Set by the store only (from StoreWrite.notes / followUp): change just these annotations of the
   * stored cell and leave its figure, provenance and history as stored (`cell` is ignored).
   */
  annotate?: { note?: Note | null; followUp?: FollowUp | null };
}

/** A note to set on a figure (null: delete it), by cell key. */
export interface NoteWrite {
  key: string;
  note: Note | null;
}

/** A follow-up flag to set on a figure (null: take it away), by cell key. */
export interface FollowUpWrite {
  key: string;
  followUp: FollowUp | null;
}

/** A cell another tab changed since this tab read it, left as that tab wrote it. */
export interface CellConflict {
  indicator: string;
  period: string;
  /** What this tab tried to write (null: clear). */
  mine: StoredCell | null;
  /** What the store holds (null: empty). */
  theirs: StoredCell | null;
}

/** One user action's writes, done in one transaction. */
export interface StoreWrite {
  cells: CellWrite[];
  /**
   * Notes changed by this action (null: deleted). Stored in the figure's cell record (its indicator's
   * block: one small record per note), merged into what is stored there: a note write never writes the
   * figure, and a figure's write (`cells`) keeps the stored note, so two tabs editing a figure and its
   * note do not overwrite each other.
   */
  notes?: NoteWrite[];
  /** Follow-up flags changed by this action (null: taken away); stored like `notes`. */
  followUp?: FollowUpWrite[];
  /** Meta fields to set (periods, custom indicators, preferences, catalog version). */
  meta?: Partial<Pick<StoredMeta, 'periods' | 'customIndicators' | 'ruleMarks' | 'prefs' | 'catalogVersion' | 'explanations' | 'importMemory' | 'importLog' | 'units' | 'collection'>>;
  /** Delete every row first (reset to the baseline, replacing the workbook). */
  replaceAll?: boolean;
}

/** What other tabs wrote since a known revision: a full snapshot or only the rows they touched. */
export interface RemoteChanges {
  full: boolean;
  meta: StoredMeta;
  /** Full: every row. Partial: the touched rows (a touched row that is now absent is listed in `cleared`). */
  rows: StoredRow[];
  cleared: string[];
}

export interface WriteResult {
  revision: number;
  /** Writes by other tabs found in the same transaction (merged cell by cell, never overwritten). */
  remote: RemoteChanges | null;
  /** Cells not written because another tab changed them since this tab read them (see CellWrite.expect). */
  conflicts: CellConflict[];
}

export interface WorkbookStore {
  readonly kind: 'indexeddb' | 'memory';
  /**
   * The stored workbook, or null on first start. `early` is called with the (checked) meta record
   * before the rows are read and checked: opening compiles the rules then (they need the periods and
   * units, no figure), while IndexedDB reads the blocks off the main thread. The snapshot's `meta` is
   * the record `early` was given.
   */
  load(early?: (meta: StoredMeta) => void): Promise<WorkbookSnapshot | null>;
  /** Writes one user action in one transaction; merges cell by cell with other tabs' writes. */
  write(w: StoreWrite, knownRevision: number): Promise<WriteResult>;
  /** Reads what other tabs wrote since `knownRevision` (null when nothing). */
  sync(knownRevision: number): Promise<RemoteChanges | null>;
  /** Called when another tab (or instance) wrote; the argument is its revision. */
  onRemoteWrite(listener: (revision: number) => void): () => void;
  /** Called when the store can no longer be written (a newer version of the app opened the database). */
  onLost(listener: (reason: 'versionchange' | 'closed') => void): () => void;
  close(): void;
}

/** Opens a store for a workbook; throws (or rejects) when storage is unavailable. */
export type StoreFactory = (workbookId: string) => Promise<WorkbookStore>;

export const DEFAULT_WORKBOOK = 'default';

export function emptyMeta(workbook: string, catalogVersion: string): StoredMeta {
  return { workbook, formatVersion: 1, catalogVersion, periods: [], customIndicators: [], prefs: { lang: 'zh' }, revision: 0, log: [] };
}

// --- type guards: everything read back from storage is checked before use -------------------------

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

const isTime = (x: unknown): boolean => isStr(x);
const HOWS: readonly ChangeHow[] = ['typed', 'pasted', 'filled', 'cleared', 'imported', 'suggestion', 'undo', 'redo', 'derived', 'reset'];

export function isNote(x: unknown): x is Note {
  return isObj(x) && isStr(x.text) && isTime(x.time);
}

export function isFollowUp(x: unknown): x is FollowUp {
  return isObj(x) && isTime(x.time) && (x.reason === undefined || isStr(x.reason));
}

export function isChangeRecord(x: unknown): x is ChangeRecord {
  return (
    isObj(x) &&
    isTime(x.time) &&
    isStr(x.before) &&
    isStr(x.after) &&
    (HOWS as readonly unknown[]).includes(x.how) &&
    (x.file === undefined || isStr(x.file)) &&
    (x.sheet === undefined || isStr(x.sheet)) &&
    (x.row === undefined || (Number.isInteger(x.row) && (x.row as number) > 0)) &&
    (x.dropped === undefined || (Number.isInteger(x.dropped) && (x.dropped as number) > 0))
  );
}

export function isImportLogEntry(x: unknown): x is ImportLogEntry {
  return (
    isObj(x) &&
    isTime(x.time) &&
    (x.kind === undefined || x.kind === 'reset') &&
    isStr(x.file) &&
    typeof x.size === 'number' &&
    Number.isInteger(x.cellsNew) &&
    Number.isInteger(x.cellsChanged) &&
    (x.unit === undefined || isStr(x.unit)) &&
    Array.isArray(x.mapping) &&
    x.mapping.every((m) => isObj(m) && isStr(m.label) && (m.indicator === null || isStr(m.indicator)))
  );
}

export function isStoredCell(x: unknown): x is StoredCell {
  return (
    isObj(x) &&
    isStr(x.raw) &&
    (x.changes === undefined || (Array.isArray(x.changes) && x.changes.every(isChangeRecord))) &&
    (x.note === undefined || isNote(x.note)) &&
    (x.followUp === undefined || isFollowUp(x.followUp)) &&
    (x.source === undefined || isStr(x.source)) &&
    (x.derived === undefined || typeof x.derived === 'boolean') &&
    (x.derivation === undefined || isStr(x.derivation)) &&
    (x.history === undefined || (Array.isArray(x.history) && x.history.every(isStr)))
  );
}

export function isStoredRow(x: unknown): x is StoredRow {
  return isObj(x) && isStr(x.workbook) && isStr(x.indicator) && isObj(x.cells) && Object.values(x.cells).every(isStoredCell);
}

/** A packed row as read back: the lengths add up to the text, and every `more` entry is a cell's rest. */
export function isPackedCells(x: unknown): x is PackedCells {
  if (!isObj(x) || !isStr(x.text) || !(x.len instanceof Uint32Array) || x.len.length % 2 !== 0) return false;
  let total = 0;
  for (let i = 0; i < x.len.length; i++) total += x.len[i];
  return total === x.text.length && (x.more === undefined || (isObj(x.more) && Object.values(x.more).every((m) => isObj(m) && m.raw === undefined && isStoredCell({ ...m, raw: '' }))));
}

export function isStoredBlock(x: unknown): x is StoredBlock {
  return (
    isObj(x) &&
    isStr(x.workbook) &&
    Number.isInteger(x.block) &&
    (x.rows !== undefined || x.packed !== undefined) &&
    (x.rows === undefined || (isObj(x.rows) && Object.entries(x.rows).every(([id, cells]) => blockOf(id) === x.block && isObj(cells) && Object.values(cells).every(isStoredCell)))) &&
    (x.packed === undefined || (isObj(x.packed) && Object.entries(x.packed).every(([id, p]) => blockOf(id) === x.block && isPackedCells(p))))
  );
}

function isText(x: unknown): boolean {
  return isObj(x) && isStr(x.zh) && isStr(x.en);
}

export function isIndicatorLike(x: unknown): x is Indicator {
  return (
    isObj(x) &&
    isStr(x.id) &&
    /^[a-z][a-z0-9_]*$/.test(x.id) &&
    isText(x.label) &&
    isStr(x.section) &&
    (x.parent === null || isStr(x.parent)) &&
    typeof x.order === 'number' &&
    isStr(x.unit) &&
    isStr(x.kind) &&
    typeof x.decimals === 'number' &&
    Array.isArray(x.aliases) &&
    x.aliases.every(isStr)
  );
}

function isExplanations(x: unknown): x is Record<string, Explanation> {
  return isObj(x) && Object.values(x).every((e) => isObj(e) && isStr(e.reason) && (e.by === undefined || e.by === 'report' || e.by === 'user'));
}

export function isMappingDecision(x: unknown): x is MappingDecision {
  return (
    isObj(x) &&
    isStr(x.label) &&
    (x.unit === null || isStr(x.unit)) &&
    (x.indicator === null || isStr(x.indicator)) &&
    (x.how === 'user' || x.how === 'new' || x.how === 'left-out') &&
    (x.context === undefined || isStr(x.context)) &&
    (x.reportingUnit === undefined || isStr(x.reportingUnit))
  );
}

const UNIT_LEVELS = new Set(['city', 'county', 'school']);

/** A stored unit list: the shape of ReportingUnit, and a tree UnitTree accepts. */
function isUnitList(x: unknown): x is ReportingUnit[] {
  return (
    Array.isArray(x) &&
    x.every(
      (u) =>
        isObj(u) &&
        isStr(u.id) &&
        // a unit's English name may be absent (workbook format 3); records from before hold one
        isObj(u.name) && isStr(u.name.zh) && (u.name.en === undefined || isStr(u.name.en)) &&
        (u.parent === null || isStr(u.parent)) &&
        isStr(u.level) &&
        UNIT_LEVELS.has(u.level) &&
        (u.mode === 'reported' || u.mode === 'derived') &&
        (u.code === undefined || isStr(u.code)) &&
        (u.aliases === undefined || (Array.isArray(u.aliases) && u.aliases.every(isStr))),
    ) &&
    buildsTree(x as ReportingUnit[])
  );
}

/** Whether the units form a valid tree (one root, the city; parents exist; levels deepen; ids well formed). */
function buildsTree(units: ReportingUnit[]): boolean {
  try {
    new UnitTree(units);
    return true;
  } catch {
    return false;
  }
}

function isCollection(x: unknown): x is Record<string, CollectionStatus> {
  return (
    isObj(x) &&
    Object.values(x).every(
      (s) =>
        isObj(s) &&
        (s.received === undefined || (isObj(s.received) && isStr(s.received.time) && isStr(s.received.file))) &&
        (s.returned === undefined || (isObj(s.returned) && isStr(s.returned.time) && isStr(s.returned.note))),
    )
  );
}

export function isStoredMeta(x: unknown): x is StoredMeta {
  return (
    isObj(x) &&
    isStr(x.workbook) &&
    x.formatVersion === 1 &&
    isStr(x.catalogVersion) &&
    Array.isArray(x.periods) &&
    x.periods.every((p) => isStr(p) && /^\d{4}$/.test(p)) &&
    Array.isArray(x.customIndicators) &&
    x.customIndicators.every(isIndicatorLike) &&
    (x.ruleMarks === undefined || (Array.isArray(x.ruleMarks) && x.ruleMarks.every((m) => isObj(m) && isStr(m.rule) && isStr(m.period) && isStr(m.reason) && (m.unit === undefined || isStr(m.unit))))) &&
    isObj(x.prefs) &&
    (x.prefs.lang === 'zh' || x.prefs.lang === 'en') &&
    (x.explanations === undefined || isExplanations(x.explanations)) &&
    (x.prefs.locked === undefined || (Array.isArray(x.prefs.locked) && x.prefs.locked.every(isStr))) &&
    (x.prefs.numbers === undefined || x.prefs.numbers === 'typed' || x.prefs.numbers === 'grouped') &&
    typeof x.revision === 'number' &&
    Array.isArray(x.log) &&
    x.log.every((e) => isObj(e) && typeof e.revision === 'number' && (e.indicators === null || (Array.isArray(e.indicators) && e.indicators.every(isStr)))) &&
    (x.importMemory === undefined || (Array.isArray(x.importMemory) && x.importMemory.every(isMappingDecision))) &&
    (x.units === undefined || isUnitList(x.units)) &&
    (x.collection === undefined || isCollection(x.collection)) &&
    (x.importLog === undefined || (Array.isArray(x.importLog) && x.importLog.every(isImportLogEntry)))
  );
}

/**
 * Applies a write to a row's cells in place (shared by both implementations). `copy: false` stores the
 * write's cell objects themselves: for IndexedDB, whose put copies them anyway (structured clone).
 */
export function mergeCells(cells: Record<string, StoredCell>, writes: readonly CellWrite[], copy = true, conflicts: CellConflict[] = [], indicator = ''): void {
  for (const w of writes) {
    const stored = own(cells, w.period);
    if (w.annotate) {
      const next: StoredCell = stored ? { ...stored } : { raw: '' };
      if (w.annotate.note === null) delete next.note;
      else if (w.annotate.note !== undefined) next.note = { ...w.annotate.note };
      if (w.annotate.followUp === null) delete next.followUp;
      else if (w.annotate.followUp !== undefined) next.followUp = { ...w.annotate.followUp };
      if (isBare(next)) delete cells[w.period];
      else cells[w.period] = next;
      continue;
    }
    if (w.expect !== undefined) {
      const now = stored?.raw ?? '';
      if (now !== w.expect && now !== (w.cell?.raw ?? '')) {
        conflicts.push({ indicator, period: w.period, mine: w.cell, theirs: stored ?? null });
        continue;
      }
    }
    // the figure's write keeps the stored note and flag (they are written by their own writes)
    const note = w.cell?.note ?? stored?.note;
    const followUp = w.cell?.followUp ?? stored?.followUp;
    if (w.cell === null && !note && !followUp) {
      delete cells[w.period];
      continue;
    }
    const next: StoredCell = w.cell ? (copy ? { ...w.cell } : w.cell) : { raw: '' };
    if (note && next.note === undefined) next.note = note;
    if (followUp && next.followUp === undefined) next.followUp = followUp;
    cells[w.period] = next;
  }
}

/** A stored cell that says nothing: no text, no provenance, no annotation (not kept). */
export function isBare(c: StoredCell): boolean {
  return Object.entries(c).every(([k, v]) => v === undefined || (k === 'raw' && v === ''));
}

/**
 * Every cell write of an action: its figures, then its notes and follow-up flags as annotation
 * writes (`toPlace` turns a cell key into the stored row and period, as for the figures).
 */
export function allCellWrites(w: StoreWrite): CellWrite[] {
  const out = [...w.cells];
  for (const n of w.notes ?? []) out.push({ ...storePlace(n.key), cell: null, annotate: { note: n.note } });
  for (const f of w.followUp ?? []) out.push({ ...storePlace(f.key), cell: null, annotate: { followUp: f.followUp } });
  return out;
}

/**
 * Where a figure's cell is stored: its indicator's row, under what follows `@` in its key — the period
 * for the city, `period#unit` for another reporting unit (the one mapping of cell keys to records).
 */
export function storePlace(key: string): { indicator: string; period: string } {
  const at = key.indexOf('@');
  return { indicator: key.slice(0, at), period: key.slice(at + 1) };
}

/**
 * A block record after merging writes into its rows (`stored`: the block as read, or undefined when
 * there is none); null when the block is left empty (delete it). Builds a new record: `stored` is
 * not changed.
 */
export function mergeBlock(
  workbook: string,
  n: number,
  stored: StoredBlock | undefined,
  writes: ReadonlyMap<string, readonly CellWrite[]>,
  conflicts: CellConflict[] = [],
): StoredBlock | null {
  // always written packed: rows of an older record are packed, packed rows not written to are kept as read
  const packed = dict<PackedCells>();
  for (const [id, cells] of Object.entries(stored?.rows ?? {})) packed[id] = packCells(cells);
  for (const [id, p] of Object.entries(stored?.packed ?? {})) packed[id] = p;
  for (const [id, list] of writes) {
    const old = own(packed, id);
    const cells = old ? unpackCells(old) : dict<StoredCell>();
    mergeCells(cells, list, false, conflicts, id);
    if (Object.keys(cells).length) packed[id] = packCells(cells);
    else delete packed[id];
  }
  return Object.keys(packed).length ? { workbook, block: n, packed } : null;
}

/** Groups writes by indicator row. */
export function byIndicator(writes: readonly CellWrite[]): Map<string, CellWrite[]> {
  const m = new Map<string, CellWrite[]>();
  for (const w of writes) {
    const list = m.get(w.indicator);
    if (list) list.push(w);
    else m.set(w.indicator, [w]);
  }
  return m;
}

/** Which rows a reader at `known` must re-read to reach `meta.revision`: null means everything. */
export function rowsToCatchUp(meta: StoredMeta, known: number): Set<string> | null {
  if (meta.revision <= known) return new Set();
  const needed = new Set<string>();
  let covered = known;
  for (const e of meta.log) {
    if (e.revision <= known) continue;
    if (e.revision !== covered + 1 || e.indicators === null) return null;
    covered = e.revision;
    for (const id of e.indicators) needed.add(id);
  }
  return covered === meta.revision ? needed : null;
}

/** The next meta record after a write. */
export function nextMeta(meta: StoredMeta, w: StoreWrite, touched: string[]): StoredMeta {
  const revision = meta.revision + 1;
  const structural = w.replaceAll || w.meta?.periods !== undefined || w.meta?.customIndicators !== undefined || w.meta?.ruleMarks !== undefined || w.meta?.units !== undefined;
  const log = [...meta.log, { revision, indicators: structural ? null : touched }].slice(-LOG_LENGTH);
  return { ...meta, ...w.meta, revision, log };
}
