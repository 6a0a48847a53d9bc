/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps and Sets here are internal bookkeeping
   (history, marks, pending keys), deliberately not reactive: the screen reads only the $state fields,
   which every method reassigns after a change. */
import { isOptional, type Catalog, type Indicator, type Text } from '../core/model/catalog.ts';
import { cellKey, EMPTY, parseCellKey, type CellValue } from '../core/model/value.ts';
import { keyOfMark, ruleMarkKey, Workbook, type CellChange, type Explanation, type RuleMark, type ValueMeta } from '../core/model/workbook.ts';
import { parseValue } from '../core/parse/value.ts';
import { isYear } from '../core/model/period.ts';
import { ImportMemory, type MappingDecision } from '../core/import/memory.ts';
import type { Finding, RuleFile, ValidationCounts } from '../core/rules/types.ts';
import { compileRules, type Validator } from '../core/rules/validator.ts';
import { assessCompleteness, type Completeness } from '../core/rules/completeness.ts';
import type { CellSuspicion, Localisation } from '../core/locate/localise.ts';
import { allWrites, annotationsFromStored, cellFromStored, fillWorkbook, followUpWrites, metaFromStored, noteWrites, rowValues, storedCell, storedExplanations, workbookFromMeta, workbookFromSnapshot, writesFor } from '../storage/convert.ts';
import type { ChangeHow, ChangeRecord, FollowUp, ImportLogEntry, Note } from '../core/model/annotations.ts';
import type { FileAnnotations } from '../core/import/index.ts';
import { earlierTexts, type ChangeContext } from '../core/model/history.ts';
import type { CellWrite, RemoteChanges, StoredCell, StoreWrite, UiLang, WorkbookStore, WriteResult } from '../storage/store.ts';
import { CITY } from '../core/model/value.ts';
import { displayText, type NumberDisplay } from '../core/parse/display.ts';
import { deriveAll, deriveFor } from '../core/rules/rollup.ts';
import { UnitError, UnitTree, type CollectionStatus, type ReportingUnit, type UnitEdit, type UnitMode, type UnitName } from '../core/model/units.ts';
import { rulesOfCell, type CellRule } from '../core/rules/cell-rules.ts';
import { loadUiLang, uiLangLoaded } from './i18n.ts';
import { FindingsState, type CellMarks, type Markable } from './findings-state.ts';

/**
 * Error localisation (which figure is wrong, core/locate) is not part of the first load: it is fetched the
 * first time a workbook has a failing error rule, and the suggestions appear when it has arrived (the
 * findings and their marks do not wait for it). Tests in Node load it first to see suggestions at once.
 */
type Localiser = typeof import('../core/locate/localise.ts');
let localiser: Localiser | null = null;
let localiserLoading: Promise<Localiser> | null = null;
export function loadLocaliser(): Promise<Localiser> {
  // an async wrapper: a loader that throws at once (no module loader in this realm) is a rejection, never an exception in an edit
  localiserLoading ??= (async () => import('../core/locate/localise.ts'))().then(
    (m) => (localiser = m),
    (e: unknown) => {
      localiserLoading = null;
      throw e;
    },
  );
  return localiserLoading;
}

export type SaveState = 'saving' | 'saved' | 'memory' | 'failed';

/** A user's edit of one cell: the text as typed. */
export interface CellEdit {
  key: string;
  raw: string;
  /** The text the cell showed when the user began typing, if the edit took time (the cell editor). */
  base?: string;
}

/** One undoable user action. */
interface Step {
  changes: CellChange[];
  metaBefore: Map<string, ValueMeta | undefined>;
  metaAfter: Map<string, ValueMeta | undefined>;
  periodsBefore: string[];
  periodsAfter: string[];
  /** Indicators the action added to the catalog (an import's new rows): undo takes them out again. */
  addedIndicators?: Indicator[];
  /** Explanations of warnings the action set or removed (finding id → before / after). */
  explanationsBefore?: Map<string, Explanation | undefined>;
  explanationsAfter?: Map<string, Explanation | undefined>;
  /** The import memory before and after the action (an import's decisions): undo forgets them again. */
  memory?: { before: MappingDecision[]; after: MappingDecision[] };
  /** A change of the reporting units' tree (add, rename, move, mode, remove): undo puts the tree back. */
  units?: UnitEdit;
  /** Collection statuses the action changed (unit id → before / after; undefined: none). */
  collectionBefore?: Map<string, CollectionStatus | undefined>;
  collectionAfter?: Map<string, CollectionStatus | undefined>;
  /** Notes and follow-up flags the action set or removed (panel). */
  annotations?: AnnotationChange[];
  /** The action appended to the import log (an import): its write stores the log. */
  logged?: boolean;
}

/** One note or follow-up flag before and after an action (undefined: none). */
type AnnotationChange = { key: string } & ({ kind: 'note'; before?: Note; after?: Note } | { kind: 'followUp'; before?: FollowUp; after?: FollowUp });

/** Where imported figures came from: recorded in each figure's history and in the workbook's import log. */
export interface ImportOrigin {
  /** The file name. */
  file: string;
  /** The file's size in bytes. */
  size: number;
  /** Where each figure was in the file, by cell key (sheet, 1-based row). */
  places?: ReadonlyMap<string, { sheet?: string; row?: number }>;
  /** The row names and the indicators they were read as (null: left out). */
  mapping: ImportLogEntry['mapping'];
  /** The reporting unit the file was read for (absent: the city). */
  unit?: string;
  /**
   * A workbook file's notes, follow-up flags and histories (the product's JSON exported earlier): its
   * notes and flags are set on the figures as part of the import's undo step (undo takes them away, redo
   * brings them back, each stored), its history is taken for figures this workbook has none of, with the
   * import recorded on top (histories are not undone: undo is recorded as a change of its own).
   */
  annotations?: FileAnnotations;
}

/** How a user's edit of cells came about (recorded in each figure's history). */
export type EditHow = Extract<ChangeHow, 'typed' | 'pasted' | 'filled' | 'cleared'>;

const now = (): string => new Date().toISOString();

/** What the grid must redraw. */
export type SessionEvent = { type: 'cells'; keys: string[] } | { type: 'structure' } | { type: 'marks'; keys: string[] };

export interface SessionOptions {
  catalog: Catalog;
  rules: RuleFile;
  /** The workbook to start with when the store holds none (the 2019 baseline). */
  baseline: () => Workbook | Promise<Workbook>;
  store: WorkbookStore;
  /** Why the real store could not be opened (the given store is an in-memory fallback). */
  storageUnavailable?: string;
  lang?: UiLang;
  /** While storage is full, how often the pending writes are tried again (ms; also on every edit). Default 20 s. */
  saveRetryMs?: number;
  /** Years locked when the stored preferences name none (the app locks the baseline year). */
  defaultLocked?: readonly string[];
}

/** A figure this tab and another tab both changed: shown with both values until the user chooses. */
export interface Conflict {
  key: string;
  /** This tab's text ('' for empty). */
  mine: string;
  /** The other tab's text as stored ('' for empty). */
  theirs: string;
  theirsCell: StoredCell | null;
}

/** (round) What a round's import brings besides its cells: units added in the preview, and who sent figures. */
export interface RoundImport {
  addUnits?: readonly ReportingUnit[];
  /** Per unit whose figures the import brings: when and from which file(s). */
  received?: ReadonlyMap<string, { time: string; file: string }>;
}

/** An undo or redo refused because another tab changed the figures it would set back. */
export interface RefusedStep {
  dir: 'undo' | 'redo';
  keys: string[];
}

/** Writes that failed because storage was full, to be tried again as one write of the current values. */
interface Unsaved {
  /** cell key → the text the store held before the first unsaved change (the write's `expect`). */
  keys: Map<string, string | undefined>;
  meta: StoreWrite['meta'];
  replaceAll: boolean;
  /** Figures whose note / follow-up flag changed (written as they are when the write succeeds). */
  notes?: Set<string>;
  followUp?: Set<string>;
}

/** Storage full: IndexedDB's QuotaExceededError (Firefox names it NS_ERROR_DOM_QUOTA_REACHED). */
function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export type { CellMarks } from './findings-state.ts';

const NO_NAME = () => new UnitError('单位名称不能为空（须填写中文名称）', 'the unit needs a name (its Chinese name)');
/** How many imports the import log keeps (the oldest are dropped). */
const IMPORT_LOG_LIMIT = 500;

/** Cells beyond which the completeness answer's O(cells) part is deferred past the edit (see Session.assess). */
const LARGE = 20_000;
const EMPTY_COUNTS: ValidationCounts = { error: 0, warning: 0, explained: 0, notComputable: 0, passed: 0 };

function sameValue(a: CellValue, b: CellValue): boolean {
  return a.raw === b.raw && a.state === b.state;
}

/** Runs `f` when the browser is idle (within 2 s), or soon where it cannot tell. */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 2000 });
  else setTimeout(f, 0);
}

/** Whether a step changed no figure from empty to filled or back and no derived mark (the completeness summary of the figures still holds). */
function keepsPresence(step: Step): boolean {
  const empty = (v: CellValue | undefined) => (v ?? EMPTY).state === 'empty';
  for (const c of step.changes) if (empty(c.before) !== empty(c.after)) return false;
  for (const m of step.metaBefore.values()) if (m?.derived) return false;
  for (const m of step.metaAfter.values()) if (m?.derived) return false;
  return true;
}

const withExpect = (w: CellWrite, expect: string | undefined): CellWrite => (expect === undefined ? w : { ...w, expect });

/**
 * The open workbook and everything the screen shows about it: values, findings, history, save state.
 * Changed only through its methods; each user action is one undo step, one validator update and one
 * store transaction (queued, so transactions run in the order of the actions).
 *
 * Invariants: `workbook` is the source of truth (the grid only shows snapshots of it); the validator
 * was compiled for the workbook's current periods and catalog; `revision` is the store revision this
 * session has seen all changes up to.
 */
export class Session {
  lang = $state<UiLang>('zh');
  saveState = $state<SaveState>('saved');
  findings = $state.raw<Finding[]>([]);
  counts = $state.raw<ValidationCounts>(EMPTY_COUNTS);
  /** The workbook's rule marks, for the issues panel (every change of them recompiles, so they are set with the findings). */
  ruleMarks = $state.raw<RuleMark[]>([]);
  /** Complete and consistent as two answers: missing figures, unchecked rules, quiet not-computable groups. */
  completeness = $state.raw<Completeness>({ valid: true, complete: true, missing: [], unchecked: [], notReceived: [], reportedPeriods: [], uncheckedIds: new Set(), quiet: [], units: [] });
  periods = $state.raw<string[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);
  /** Why the session is read-only, or null. */
  readOnly = $state<'versionchange' | 'closed' | null>(null);
  /** A storage problem to show in a banner ('full': saving resumes by itself when there is room). */
  storageProblem = $state<{ kind: 'unavailable' | 'failed' | 'full'; reason: string } | null>(null);
  /** Figures another tab changed while this tab changed them too, awaiting the user's choice. */
  conflicts = $state.raw<Conflict[]>([]);
  /** The cells the last load of another tab's changes updated (null: none since the notice was closed); whole: the workbook was reloaded. */
  remoteNotice = $state.raw<{ keys: string[]; whole: boolean } | null>(null);
  /** The last undo/redo refused because another tab changed its figures since. */
  refused = $state.raw<RefusedStep | null>(null);
  /** Bumped when another tab's changes were loaded. */
  remoteLoads = $state(0);
  /** The figures most likely wrong for each group of failing error rules (error localisation), dismissed ones left out. */
  suspects = $state.raw<Localisation[]>([]);
  /** Years locked against edits (published): the grid asks before an edit (a preference, stored with the workbook). */
  locked = $state.raw<string[]>([]);
  /** Plain numbers shown as typed or with thousands separators (a display preference; the text stays as typed). */
  numberDisplay = $state<NumberDisplay>('typed');
  /** The reporting units in tree order (a copy of workbook.units, reassigned on every change of them). */
  units = $state.raw<ReportingUnit[]>([]);
  /** The collection round per unit id (a copy of workbook.collection, reassigned on every change). */
  collection = $state.raw<ReadonlyMap<string, CollectionStatus>>(new Map());
  /** Bumped whenever a note or follow-up flag changes: noteOf / followUpOf read it, so the screen follows. */
  annotationsVersion = $state(0);

  workbook: Workbook;
  private validator: Validator;
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  /** The findings, counts and marks, kept up to date from the validator's deltas (see findings-state.ts). */
  private readonly findingState = new FindingsState((f) => this.validator.sortKey(f));
  private readonly marks = this.findingState.marks;
  private suspectMap = new Map<string, CellSuspicion>();
  /** Localisation ids the user dismissed (the findings stay). */
  private readonly dismissed = new Set<string>();
  private revision = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private store: WorkbookStore | null;
  private readonly unsubscribe: (() => void)[] = [];
  private unsaved: Unsaved | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  private constructor(
    private readonly opts: SessionOptions,
    workbook: Workbook,
    /** The rules already compiled for `workbook` (Session.open compiles them while the figures are read). */
    validator?: Validator,
  ) {
    this.store = opts.store;
    this.workbook = workbook;
    this.validator = validator ?? compileRules(opts.rules, workbook);
    this.periods = [...workbook.periods];
    if (opts.lang) this.lang = opts.lang;
    this.locked = [...(opts.defaultLocked ?? [])];
    if (opts.storageUnavailable !== undefined) {
      this.storageProblem = { kind: 'unavailable', reason: opts.storageUnavailable };
      this.saveState = 'memory';
    }
    this.refreshUnits();
    this.revalidateAll();
  }

  /** Opens the workbook held by the store, or writes the baseline into it on first start. */
  static async open(opts: SessionOptions): Promise<Session> {
    // the rules need the periods and units, not the figures: compiled as soon as the meta record is read,
    // while the store goes on reading the blocks
    let early = undefined as { workbook: Workbook; validator: Validator } | undefined;
    const snap = await opts.store.load((meta) => {
      const workbook = workbookFromMeta(meta, opts.catalog);
      early = { workbook, validator: compileRules(opts.rules, workbook) };
    });
    if (snap) {
      const wb = early ? fillWorkbook(early.workbook, snap.rows) : workbookFromSnapshot(snap, opts.catalog);
      // The stored preference wins over the caller's default (localStorage or zh).
      const s = new Session({ ...opts, lang: snap.meta.prefs.lang }, wb, early?.validator);
      s.revision = snap.meta.revision;
      // what an edit reads first, the rules' reverse index (slot → rule instances, millions of entries at
      // 3,000 units), is built when the browser is idle after the first paint, not before it
      whenIdle(() => s.validator.plan.index());
      if (snap.meta.prefs.locked) s.locked = [...snap.meta.prefs.locked];
      if (snap.meta.prefs.numbers) s.numberDisplay = snap.meta.prefs.numbers;
      s.listen();
      return s;
    }
    const wb = await opts.baseline();
    const s = new Session(opts, wb);
    s.persist({
      cells: allWrites(wb),
      replaceAll: true,
      meta: {
        periods: [...wb.periods],
        customIndicators: wb.catalog.indicators.filter((i) => i.custom),
        prefs: s.prefs(),
        catalogVersion: wb.catalog.version,
        explanations: storedExplanations(wb),
      },
    });
    await s.settled();
    s.listen();
    return s;
  }

  private listen(): void {
    const store = this.store;
    if (!store) return;
    this.unsubscribe.push(
      store.onRemoteWrite((rev) => {
        if (rev > this.revision) this.enqueue(async () => (this.store ? this.applyRemote(await this.store.sync(this.revision)) : undefined));
      }),
      store.onLost((reason) => {
        this.readOnly = reason;
        this.store = null;
      }),
    );
  }

  // --- reading ---------------------------------------------------------------------------------

  get index() {
    return this.workbook.index;
  }

  value(key: string): CellValue {
    return this.workbook.getByKey(key);
  }

  valueMeta(key: string): ValueMeta | undefined {
    return this.workbook.meta.get(key);
  }

  /** The figure's changes, oldest first (bounded: the oldest kept record's `dropped` counts the older ones). */
  changesOf(key: string): readonly ChangeRecord[] {
    return this.workbook.history.get(key) ?? [];
  }

  /** The texts the figure held before suggested corrections were accepted, oldest first (from its history). */
  earlierTexts(key: string): string[] {
    return earlierTexts(this.workbook.history.get(key));
  }

  marksOf(key: string): CellMarks | undefined {
    return this.marks.get(key);
  }

  /** Whether a cell is among the figures likely wrong, with its suggestions. */
  suspectOf(key: string): CellSuspicion | undefined {
    return this.suspectMap.get(key);
  }

  /** The note on a figure (Shift+F2), if any. */
  noteOf(key: string): Note | undefined {
    void this.annotationsVersion;
    return this.workbook.notes.get(key);
  }

  /** The follow-up flag of a figure, if any. */
  followUpOf(key: string): FollowUp | undefined {
    void this.annotationsVersion;
    return this.workbook.followUp.get(key);
  }

  /** Every rule instance that reads a figure, with its outcome now (the side panel). */
  rulesOf(key: string): CellRule[] {
    void this.findings;
    return rulesOfCell(this.validator, key);
  }

  /** The findings touching any cell of an indicator's row. */
  rowMarks(indicator: string, keys?: readonly string[]): { errors: number; warnings: number; notComputable: number; invalid: number } {
    const out = { errors: 0, warnings: 0, notComputable: 0, invalid: 0 };
    for (const key of keys ?? this.workbook.periods.map((p) => cellKey(indicator, p))) {
      const m = this.marks.get(key);
      if (m) {
        out.errors += m.errors.length;
        out.warnings += m.warnings.length;
        out.notComputable += m.notComputable.length;
      }
      if (this.workbook.getByKey(key).state === 'invalid') out.invalid++;
    }
    return out;
  }

  get editable(): boolean {
    return this.readOnly === null;
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SessionEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Resolves when every queued store write has finished. */
  async settled(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue) return;
    }
  }

  // --- user actions --------------------------------------------------------------------------

  /**
   * Sets cells from typed or pasted text (one undo step); unchanged cells are skipped. `how` is
   * recorded in each figure's history (a typed figure emptied is recorded as cleared).
   */
  setCells(edits: readonly CellEdit[], how: EditHow = 'typed'): string[] {
    if (!this.editable) return [];
    const changes: CellChange[] = [];
    const seen = new Set<string>();
    const expect = new Map<string, string>();
    for (const e of edits) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      const { indicator, period, unit } = parseCellKey(e.key);
      const ind = this.workbook.index.byId.get(indicator);
      // a derived unit's figures are computed from its children: read-only
      if (!ind || !this.workbook.periods.includes(period) || !this.workbook.units.has(unit) || this.isDerived(unit)) continue;
      const raw = e.raw.trim() === '' ? '' : e.raw;
      const after = raw === '' ? EMPTY : parseValue(raw, ind, this.workbook.index.unitOf(ind));
      if (sameValue(after, this.workbook.getByKey(e.key))) continue;
      changes.push({ key: e.key, after });
      if (e.base !== undefined) expect.set(e.key, e.base);
    }
    if (!changes.length) return [];
    // A typed figure no longer comes from the report: its quoted source does not apply.
    const metaAfter = new Map<string, ValueMeta | undefined>(changes.map((c) => [c.key, undefined]));
    const cleared = how === 'typed' && changes.every((c) => c.after.raw === '');
    this.commit({ changes, metaAfter, periods: this.workbook.periods, expect, ctx: { how: cleared ? 'cleared' : how, time: now() } });
    return changes.map((c) => c.key);
  }

  /**
   * Accepts the suggested values of one set of a localisation: one undo step; each cell's previous text
   * is kept in its change history (how: 'suggestion'). False when the set has no values to set (the rules only bound them).
   */
  acceptSuggestion(localisationId: string, setIndex = 0): boolean {
    const loc = this.suspects.find((l) => l.id === localisationId);
    const set = loc?.sets[setIndex];
    if (!this.editable || !set || set.cells.some((c) => c.raw === undefined)) return false;
    const changes: CellChange[] = [];
    const metaAfter = new Map<string, ValueMeta | undefined>();
    for (const c of set.cells) {
      const { indicator } = parseCellKey(c.cell);
      const ind = this.workbook.index.indicator(indicator);
      changes.push({ key: c.cell, after: parseValue(c.raw!, ind, this.workbook.index.unitOf(ind)) });
      // a corrected figure no longer is the report's: its quoted source does not apply (as when typed)
      metaAfter.set(c.cell, undefined);
    }
    this.commit({ changes, metaAfter, periods: this.workbook.periods, ctx: { how: 'suggestion', time: now() } });
    return true;
  }

  /**
   * Explains a warning with a reason (or, with an empty reason, takes its explanation back): one undo
   * step, stored in the meta record. False when nothing changes or the finding is no failed warning.
   */
  explainFinding(findingId: string, reason: string | null): boolean {
    if (!this.editable) return false;
    const before = this.workbook.explanations.get(findingId);
    const text = reason?.trim() ?? '';
    const after: Explanation | undefined = text ? { reason: text, by: 'user' } : undefined;
    if (after && !this.findings.some((f) => f.id === findingId && f.severity === 'warning' && f.outcome === 'failed')) return false;
    if (!before && !after) return false;
    if (before && after && before.reason === after.reason && before.by === after.by) return false;
    this.commit({ changes: [], metaAfter: new Map(), periods: this.workbook.periods, explanations: new Map([[findingId, after]]) });
    return true;
  }

  /** The first open (unexplained) warning on a cell, for explaining it from the grid. */
  openWarningAt(key: string): Finding | undefined {
    return this.marks.get(key)?.warnings[0];
  }

  /**
   * Sets a figure's note (Shift+F2), or removes it with undefined or blank text: one undo step, stored.
   * False when nothing changes or the cell is not one of the workbook's figures.
   */
  setNote(key: string, text: string | undefined): boolean {
    if (!this.editable || !this.isFigure(key)) return false;
    const before = this.workbook.notes.get(key);
    const trimmed = text?.trim() ?? '';
    if ((before?.text ?? '') === trimmed) return false;
    const after: Note | undefined = trimmed ? { text: trimmed, time: new Date().toISOString() } : undefined;
    this.commitAnnotations([{ kind: 'note', key, before, after }]);
    return true;
  }

  /** Flags a figure for follow-up (or, with undefined, clears the flag): one undo step, stored. */
  setFollowUp(key: string, flag: FollowUp | undefined): boolean {
    if (!this.editable || !this.isFigure(key)) return false;
    const before = this.workbook.followUp.get(key);
    const after: FollowUp | undefined = flag ? { time: flag.time, ...(flag.reason?.trim() ? { reason: flag.reason.trim() } : {}) } : undefined;
    if (!before && !after) return false;
    if (before && after && before.reason === after.reason) return false;
    this.commitAnnotations([{ kind: 'followUp', key, before, after }]);
    return true;
  }

  private isFigure(key: string): boolean {
    const { indicator, period } = parseCellKey(key);
    return this.workbook.index.byId.has(indicator) && this.workbook.periods.includes(period);
  }

  private commitAnnotations(list: AnnotationChange[]): void {
    this.commit({ changes: [], metaAfter: new Map(), periods: this.workbook.periods, annotations: list });
  }

  private applyAnnotations(list: readonly AnnotationChange[], dir: 'undo' | 'do'): void {
    const wb = this.workbook;
    for (const a of list) {
      const v = dir === 'undo' ? a.before : a.after;
      if (a.kind === 'note') {
        if (v) wb.notes.set(a.key, v as Note);
        else wb.notes.delete(a.key);
      } else if (v) wb.followUp.set(a.key, v as FollowUp);
      else wb.followUp.delete(a.key);
    }
  }

  /** The store writes of the notes and follow-up flags an action changed (their values now). */
  private annotationWrites(list: readonly AnnotationChange[]): Pick<StoreWrite, 'notes' | 'followUp'> {
    const wb = this.workbook;
    const notes = list.filter((a) => a.kind === 'note').map((a) => a.key);
    const follow = list.filter((a) => a.kind === 'followUp').map((a) => a.key);
    return { ...(notes.length ? { notes: noteWrites(wb, notes) } : {}), ...(follow.length ? { followUp: followUpWrites(wb, follow) } : {}) };
  }

  /** Hides a localisation's marks and suggestions; its findings stay. */
  dismissSuspects(localisationId: string): void {
    this.dismissed.add(localisationId);
    this.refreshSuspects(true);
  }

  /** Clears cells (Delete/Backspace): one undo step. */
  clearCells(keys: readonly string[]): string[] {
    return this.setCells(
      keys.map((key) => ({ key, raw: '' })),
      'cleared',
    );
  }

  /** Appends the year after the last period, empty. */
  addNextPeriod(): string | null {
    if (!this.editable) return null;
    const ps = this.workbook.periods;
    const next = ps.length ? String(Number(ps[ps.length - 1]) + 1) : String(new Date().getFullYear());
    this.commit({ changes: [], metaAfter: new Map(), periods: [...ps, next] });
    return next;
  }

  /**
   * Marks a rule, for one year, as not applicable or as a ratio computed on a sub-population, with the
   * reason (stored, exported; the rule is not checked that year). An empty reason is refused.
   */
  markRule(mark: RuleMark): boolean {
    if (!this.editable || !mark.reason.trim() || !this.workbook.periods.includes(mark.period)) return false;
    if (mark.unit !== undefined && !this.workbook.units.has(mark.unit)) return false;
    this.workbook.ruleMarks.set(keyOfMark(mark), { ...mark, reason: mark.reason.trim() });
    this.afterMarks();
    return true;
  }

  /** Takes a rule's mark for a year (for one unit, or without `unit` the mark for every unit) away: the rule is checked again. */
  unmarkRule(rule: string, period: string, unit?: string): void {
    if (!this.editable || !this.workbook.ruleMarks.delete(ruleMarkKey(rule, period, unit))) return;
    this.afterMarks();
  }

  private afterMarks(): void {
    this.recompile();
    this.emit({ type: 'structure' });
    this.persist({ cells: [], meta: { ruleMarks: [...this.workbook.ruleMarks.values()] } });
  }

  /** Adds any year (a gap year between two present ones too); false when it is not a year or already there. */
  addPeriod(year: string): boolean {
    if (!this.editable || !isYear(year) || this.workbook.periods.includes(year)) return false;
    this.commit({ changes: [], metaAfter: new Map(), periods: [...this.workbook.periods, year].sort() });
    return true;
  }

  removePeriod(period: string): void {
    if (!this.editable || !this.workbook.periods.includes(period)) return;
    this.commit({ changes: [], metaAfter: new Map(), periods: this.workbook.periods.filter((p) => p !== period) });
  }

  // --- reporting units (issue 17; unitsui) -----------------------------------------------------

  /** Whether a unit's figures are derived from its children (read-only in the grid): a derived unit that has children. */
  isDerived(unit: string): boolean {
    const u = this.workbook.units.get(unit);
    return u?.mode === 'derived' && this.workbook.units.isParent(unit);
  }

  /** The unit's name in the interface language (the id when unknown). */
  unitName(unit: string): string {
    return this.workbook.units.label(unit, this.lang);
  }

  /**
   * Runs one edit of the unit tree as one undo step (stored in the meta record). Returns the refusal
   * (its message in both languages), or null when done; a refused edit changes nothing.
   */
  private unitStep(edit: () => UnitEdit, changes: CellChange[] = [], collection?: Map<string, CollectionStatus | undefined>): UnitError | null {
    if (!this.editable) return new UnitError('工作簿为只读', 'the workbook is read-only');
    let e: UnitEdit;
    try {
      e = edit();
    } catch (err) {
      if (err instanceof UnitError) return err;
      throw err;
    }
    if (JSON.stringify(e.before) === JSON.stringify(e.after) && !changes.length) return null;
    this.commit({ changes, metaAfter: new Map(changes.map((c) => [c.key, undefined])), periods: this.workbook.periods, units: e, collection, ctx: { how: 'cleared', time: now() } });
    return null;
  }

  addUnit(u: ReportingUnit): UnitError | null {
    return this.unitStep(() => this.workbook.units.add(u));
  }

  /** Renames a unit; `extra` sets its other names and code (keys left out stay as they are). */
  renameUnit(id: string, name: UnitName, extra: { aliases?: string[]; code?: string } = {}): UnitError | null {
    if (!name.zh.trim()) return NO_NAME();
    return this.unitStep(() => this.workbook.units.rename(id, name, extra));
  }

  /**
   * Changes a unit's names, code, aliases, parent and mode at once (the units editor's Save): one undo
   * step; when any part is refused nothing changes. An empty code or alias list takes it away.
   */
  updateUnit(id: string, c: { name: UnitName; code?: string; aliases?: string[]; parent?: string; mode?: UnitMode }): UnitError | null {
    if (!c.name.zh.trim()) return NO_NAME();
    const tree = this.workbook.units;
    const code = c.code?.trim() || undefined;
    const aliases = c.aliases?.map((a) => a.trim()).filter(Boolean);
    return this.unitStep(() => {
      const before = tree.toJSON();
      try {
        let last = tree.rename(id, c.name, { code, aliases: aliases?.length ? aliases : undefined });
        if (c.parent !== undefined && tree.get(id)?.parent !== c.parent) last = tree.move(id, c.parent);
        if (c.mode !== undefined && tree.get(id)?.mode !== c.mode) last = tree.setMode(id, c.mode);
        return { before, after: last.after };
      } catch (err) {
        tree.undo({ before, after: before });
        throw err;
      }
    });
  }

  moveUnit(id: string, parent: string): UnitError | null {
    return this.unitStep(() => this.workbook.units.move(id, parent));
  }

  setUnitMode(id: string, mode: UnitMode): UnitError | null {
    return this.unitStep(() => this.workbook.units.setMode(id, mode));
  }

  /** Removes a unit, its subtree, their figures and collection statuses: one undo step restores them all. */
  removeUnit(id: string): UnitError | null {
    const wb = this.workbook;
    if (!wb.units.has(id) || id === CITY) return this.unitStep(() => wb.units.remove(id));
    const ids = wb.units.subtree(id).map((u) => u.id);
    const gone = new Set(ids);
    const changes: CellChange[] = [];
    for (const key of wb.values.keys()) if (gone.has(parseCellKey(key).unit)) changes.push({ key, after: EMPTY });
    const collection = new Map<string, CollectionStatus | undefined>();
    for (const u of ids) if (wb.collection.has(u)) collection.set(u, undefined);
    return this.unitStep(() => wb.units.remove(id), changes, collection.size ? collection : undefined);
  }

  /** Marks a unit's return as sent back for correction with a note (an empty note takes the mark away): one undo step. */
  setReturned(unit: string, note: string | null): boolean {
    const text = note?.trim() ?? '';
    return this.collectionStep(unit, (s) => {
      if (!text) delete s.returned;
      else if (s.returned?.note !== text) s.returned = { time: new Date().toISOString(), note: text };
    });
  }

  /**
   * Records that a unit's figures arrived (when, from which file), or with undefined takes that back:
   * one undo step, stored. The batch import sets it on commit; the collection board shows it.
   */
  setReceived(unit: string, received: { time: string; file: string } | undefined): boolean {
    return this.collectionStep(unit, (s) => {
      if (received) s.received = { ...received };
      else delete s.received;
    });
  }

  /** Changes one unit's collection status as one undo step; false when nothing changes. */
  private collectionStep(unit: string, edit: (s: CollectionStatus) => void): boolean {
    const wb = this.workbook;
    if (!this.editable || !wb.units.has(unit)) return false;
    const before = wb.collection.get(unit) ?? {};
    const after = structuredClone(before);
    edit(after);
    if (JSON.stringify(before) === JSON.stringify(after)) return false;
    this.commit({ changes: [], metaAfter: new Map(), periods: wb.periods, collection: new Map([[unit, Object.keys(after).length ? after : undefined]]) });
    return true;
  }

  private refreshUnits(): void {
    this.units = this.workbook.units.toJSON();
    this.collection = new Map(this.workbook.collection);
  }

  private setCollection(m: Map<string, CollectionStatus | undefined>): void {
    for (const [id, c] of m) {
      if (c) this.workbook.collection.set(id, structuredClone(c));
      else this.workbook.collection.delete(id);
    }
  }

  /** The collection statuses as the meta record stores them. */
  private storedCollection(): Record<string, CollectionStatus> {
    const out = Object.create(null) as Record<string, CollectionStatus>;
    for (const [id, c] of this.workbook.collection) out[id] = structuredClone(c);
    return out;
  }

  /**
   * Replaces the workbook's contents with another workbook's (reset to the baseline, or a whole file
   * opened): one undo step. Custom indicators of `other` are added to the catalog.
   */
  replaceWith(other: Workbook, file?: string): void {
    this.replace(other, { how: 'imported', time: now(), ...(file ? { file } : {}) });
  }

  /**
   * Resets the workbook to the report's figures (恢复为报告数据, `source` naming them, e.g. the bundled
   * data/baseline-2019.json): like replaceWith one undo step, but each changed figure's history records a
   * reset, not an import, and the import log gets an entry of kind 'reset' (no file read: size 0, no mapping).
   */
  resetTo(baseline: Workbook, source: string): void {
    const time = now();
    this.replace(baseline, { how: 'reset', time }, (cellsNew, cellsChanged) => ({ time, kind: 'reset', file: source, size: 0, cellsNew, cellsChanged, mapping: [] }));
  }

  private replace(other: Workbook, ctx: ChangeContext, logEntry?: (cellsNew: number, cellsChanged: number) => ImportLogEntry): void {
    if (!this.editable) return;
    const changes: CellChange[] = [];
    const metaAfter = new Map<string, ValueMeta | undefined>();
    const keys = new Set([...this.workbook.values.keys(), ...other.values.keys()]);
    for (const key of keys) {
      const after = other.getByKey(key);
      metaAfter.set(key, other.meta.get(key));
      if (!sameValue(after, this.workbook.getByKey(key)) || other.meta.get(key) !== this.workbook.meta.get(key)) changes.push({ key, after });
    }
    const custom = other.catalog.indicators.filter((i) => i.custom && !this.workbook.index.byId.has(i.id));
    const explanations = new Map<string, Explanation | undefined>();
    for (const id of new Set([...this.workbook.explanations.keys(), ...other.explanations.keys()])) explanations.set(id, other.explanations.get(id));
    // the other workbook's import memory comes with it (an exported workbook opened again)
    const before = this.workbook.importMemory.toJSON();
    const after = other.importMemory.toJSON();
    const memory = JSON.stringify(before) === JSON.stringify(after) ? undefined : { before, after };
    // the other workbook's own history of a figure it changes comes first (an exported workbook opened again), when it ends at that figure
    for (const c of changes) {
      const list = other.history.get(c.key);
      if (list?.length && !this.workbook.history.get(c.key)?.length && list[list.length - 1].after === c.after.raw) this.workbook.history.set(c.key, structuredClone(list));
    }
    // for the log: figures whose text the action changes (a cell whose provenance alone differs is not counted)
    const was = (c: CellChange) => this.workbook.getByKey(c.key).raw;
    const log = logEntry?.(changes.filter((c) => was(c) === '' && c.after.raw !== '').length, changes.filter((c) => was(c) !== '' && was(c) !== c.after.raw).length);
    this.commit({ changes, metaAfter, periods: other.periods, addIndicators: custom, explanations, memory, ctx, log });
    // the other workbook's rule marks come with it (not part of the undo step)
    const marks = (wb: Workbook) => JSON.stringify([...wb.ruleMarks.values()]);
    if (marks(other) !== marks(this.workbook)) {
      this.workbook.ruleMarks.clear();
      for (const [k, m] of other.ruleMarks) this.workbook.ruleMarks.set(k, { ...m });
      this.afterMarks();
    }
    this.importedRaw.clear();
  }

  /**
   * Applies imported cells (already parsed) as one undo step; adds periods and custom indicators they need.
   * `decisions`: what the user decided about the file's rows, remembered for the next import from the same
   * source (the workbook's import memory, stored and exported with it; undo forgets them again).
   */
  importCells(
    changes: readonly { key: string; after: CellValue }[],
    customIndicators: readonly Indicator[] = [],
    meta?: ReadonlyMap<string, ValueMeta>,
    decisions: readonly MappingDecision[] = [],
    origin?: ImportOrigin,
    round?: RoundImport,
  ): void {
    if (!this.editable) return;
    const time = now();
    let log: ImportLogEntry | undefined;
    if (origin) {
      const isNew = (key: string) => this.workbook.getByKey(key).raw === '';
      const cellsNew = changes.filter((c) => isNew(c.key)).length;
      log = { time, file: origin.file, size: origin.size, cellsNew, cellsChanged: changes.length - cellsNew, mapping: origin.mapping.map((m) => ({ ...m })) };
      if (origin.unit !== undefined) log.unit = origin.unit;
    }
    const annotations = origin?.annotations ? this.takeAnnotations(origin.annotations, new Map(changes.map((c) => [c.key, c.after.raw]))) : undefined;
    const periods = new Set(this.workbook.periods);
    for (const c of changes) periods.add(parseCellKey(c.key).period);
    // an imported figure drops the old cell's provenance; the product's JSON may bring its own
    const metaAfter = new Map<string, ValueMeta | undefined>(changes.map((c) => [c.key, meta?.get(c.key)]));
    let memory: Step['memory'];
    if (decisions.length) {
      const next = this.workbook.importMemory.clone();
      for (const d of decisions) next.set(d);
      memory = { before: this.workbook.importMemory.toJSON(), after: next.toJSON() };
    }
    this.commit({
      changes: [...changes],
      metaAfter,
      periods: [...periods].sort(),
      addIndicators: customIndicators.filter((i) => !this.workbook.index.byId.has(i.id)),
      memory,
      ctx: { how: 'imported', time, ...(origin ? { file: origin.file } : {}), ...(origin?.places ? { places: origin.places } : {}) },
      log,
      annotations,
      ...this.roundParts(round),
    });
    this.importedRaw.clear();
  }

  /**
   * A file's notes and flags as changes of the import's undo step (commit applies them); its history of a
   * figure the import changes is taken when this workbook has none and it ends at the imported text (the
   * import is recorded on top).
   */
  private takeAnnotations(a: FileAnnotations, changed: ReadonlyMap<string, string>): AnnotationChange[] {
    const wb = this.workbook;
    const out: AnnotationChange[] = [];
    for (const [key, note] of a.notes) {
      const before = wb.notes.get(key);
      if (JSON.stringify(before) !== JSON.stringify(note)) out.push({ kind: 'note', key, before, after: { ...note } });
    }
    for (const [key, f] of a.followUp) {
      const before = wb.followUp.get(key);
      if (JSON.stringify(before) !== JSON.stringify(f)) out.push({ kind: 'followUp', key, before, after: { ...f } });
    }
    for (const [key, list] of a.history) {
      if (!wb.history.get(key)?.length && list.length && changed.has(key) && list[list.length - 1].after === changed.get(key)) wb.history.set(key, structuredClone(list));
    }
    return out;
  }

  /**
   * (round) What a round's import adds to its undo step: the units added in the preview (added to the
   * tree, under the city unless they name a parent) and `received` for each unit whose figures came.
   */
  private roundParts(round: RoundImport | undefined): { units?: UnitEdit; collection?: Map<string, CollectionStatus | undefined> } {
    if (!round) return {};
    const out: { units?: UnitEdit; collection?: Map<string, CollectionStatus | undefined> } = {};
    const tree = this.workbook.units;
    const added = (round.addUnits ?? []).filter((u) => !tree.has(u.id));
    if (added.length) {
      // worked out on a copy (throws UnitError, changing nothing, on a unit that breaks the tree); commit() applies it
      const next = new UnitTree(tree.toJSON());
      for (const u of added) next.add(u);
      out.units = { before: tree.toJSON(), after: next.toJSON() };
      // commit() takes a unit edit as already made (as the unit editor's are)
      tree.redo(out.units);
    }
    if (round.received?.size) {
      const after = new Map<string, CollectionStatus | undefined>();
      // a new return replaces "returned for correction": the unit sent its figures again
      for (const [unit, r] of round.received) after.set(unit, { received: { ...r } });
      out.collection = after;
    }
    return out;
  }

  /**
   * Undoes the last action, unless another tab changed one of its figures since (undo would overwrite
   * that newer edit): then nothing changes and `refused` names the cells. The store checks the same
   * again in its transaction (a change not yet heard of becomes a conflict to choose).
   */
  undo(): void {
    const step = this.editable ? this.undoStack.at(-1) : undefined;
    if (!step || this.refuse(step, 'undo')) return;
    this.undoStack.pop();
    this.redoStack.push(step);
    this.run(step, 'undo');
  }

  redo(): void {
    const step = this.editable ? this.redoStack.at(-1) : undefined;
    if (!step || this.refuse(step, 'redo')) return;
    this.redoStack.pop();
    this.undoStack.push(step);
    this.run(step, 'redo');
  }

  /** Whether the step's cells no longer hold what it left (undo) or found (redo); sets `refused` if so. */
  private refuse(step: Step, dir: 'undo' | 'redo'): boolean {
    const moved = step.changes.filter((c) => !sameValue(this.workbook.getByKey(c.key), (dir === 'undo' ? c.after : c.before) ?? EMPTY)).map((c) => c.key);
    this.refused = moved.length ? { dir, keys: moved } : null;
    return moved.length > 0;
  }

  /** Settles a conflict: keep this tab's figure (written over the other tab's) or take the other tab's. */
  resolveConflict(key: string, choice: 'mine' | 'theirs'): void {
    const c = this.conflicts.find((x) => x.key === key);
    if (!c) return;
    this.conflicts = this.conflicts.filter((x) => x !== c);
    const { indicator, period } = parseCellKey(key);
    if (choice === 'mine') {
      // still guarded: a third change since the choice was shown is another conflict
      this.persist({ cells: [{ indicator, period, cell: storedCell(this.workbook, key), expect: c.theirs }] });
      return;
    }
    const wb = this.workbook;
    if (!wb.index.byId.has(indicator) || !wb.periods.includes(period)) return;
    const meta = metaFromStored(c.theirsCell ?? undefined);
    if (meta) wb.meta.set(key, meta);
    else wb.meta.delete(key);
    // the other tab's figure comes with its history (and the stored note and flag)
    annotationsFromStored(wb, key, c.theirsCell ?? undefined);
    wb.apply([{ key, after: cellFromStored(wb, indicator, c.theirsCell ?? undefined) }]);
    this.emit({ type: 'cells', keys: [key] });
    this.revalidate([key]);
  }

  /** Tries the writes kept in memory while storage was full again now (the banner's button; also on a timer and on every edit). */
  retrySave(): void {
    if (this.unsaved && this.store) this.enqueue(() => this.writeNow(null));
  }

  /** Switches the interface language; English's strings are loaded first when not yet (they are not in the first load). */
  async setLang(lang: UiLang): Promise<void> {
    if (this.lang === lang) return;
    if (!uiLangLoaded(lang)) await loadUiLang(lang);
    this.lang = lang;
    try {
      localStorage.setItem('edu-stats:lang', lang);
    } catch {
      // private mode: the IndexedDB preference (when available) still remembers it
    }
    this.persist({ cells: [], meta: { prefs: this.prefs() } });
  }

  private prefs(): { lang: UiLang; locked: string[]; numbers: NumberDisplay } {
    return { lang: this.lang, locked: [...this.locked], numbers: this.numberDisplay };
  }

  /** Shows plain numbers as typed or with thousands separators (stored with the preferences; not an undo step). */
  setNumberDisplay(mode: NumberDisplay): void {
    if (this.numberDisplay === mode) return;
    this.numberDisplay = mode;
    if (this.editable) this.persist({ cells: [], meta: { prefs: this.prefs() } });
  }

  /** A figure as the grid and the print show it (displayText with the user's preference). */
  shown(key: string): string {
    return displayText(this.value(key), this.numberDisplay);
  }

  isLocked(period: string): boolean {
    return this.locked.includes(period);
  }

  /** Locks or unlocks a year against edits (stored with the workbook's preferences; not an undo step). */
  setLocked(period: string, on: boolean): void {
    if (this.isLocked(period) === on) return;
    this.locked = on ? [...this.locked, period].sort() : this.locked.filter((p) => p !== period);
    if (this.editable) this.persist({ cells: [], meta: { prefs: this.prefs() } });
  }

  /**
   * Whether a cell's text differs from what it held at the last import (or reset, or the session's start):
   * the "changed since import" filter. Only cells changed since then are remembered.
   */
  changedSinceImport(key: string): boolean {
    return this.importedRaw.has(key) && this.importedRaw.get(key) !== this.workbook.getByKey(key).raw;
  }

  /** The text of each cell before its first change since the last import. */
  private importedRaw = new Map<string, string>();

  // --- internals -------------------------------------------------------------------------------

  /** `expect`: for cells whose edit began from another text than the cell holds now, that text (see CellEdit.base). */
  private commit(a: {
    changes: CellChange[];
    metaAfter: Map<string, ValueMeta | undefined>;
    periods: string[];
    addIndicators?: Indicator[];
    explanations?: Map<string, Explanation | undefined>;
    memory?: Step['memory'];
    expect?: Map<string, string>;
    /** A unit-tree edit already made (UnitTree methods change the tree as they return the edit). */
    units?: UnitEdit;
    collection?: Map<string, CollectionStatus | undefined>;
    annotations?: AnnotationChange[];
    /** How the changes came about: recorded in each changed figure's history. */
    ctx?: ChangeContext;
    /** An import's entry for the import log. */
    log?: ImportLogEntry;
  }): void {
    const ctx = a.ctx ?? { how: 'typed', time: now() };
    const wb = this.workbook;
    const periodsBefore = [...wb.periods];
    const added = (a.addIndicators ?? []).map((i) => ({ ...i, custom: true }));
    if (added.length) wb.setCatalog({ ...wb.catalog, indicators: [...wb.catalog.indicators, ...added] });
    const removedValues: CellChange[] = [];
    for (const p of a.periods) wb.addPeriod(p);
    for (const p of periodsBefore) if (!a.periods.includes(p)) removedValues.push(...wb.removePeriod(p));
    // a removed year's figures are cleared (undo brings them back, recorded as such)
    for (const c of removedValues) wb.record(c.key, c.before?.raw ?? '', '', { ...ctx, how: 'cleared' });
    const metaBefore = new Map<string, ValueMeta | undefined>();
    for (const c of removedValues) {
      metaBefore.set(c.key, wb.meta.get(c.key));
      wb.meta.delete(c.key);
    }
    for (const c of a.changes) metaBefore.set(c.key, wb.meta.get(c.key));
    for (const c of a.changes) if (!this.importedRaw.has(c.key)) this.importedRaw.set(c.key, wb.getByKey(c.key).raw);
    const applied = wb.apply(a.changes, ctx);
    for (const [k, m] of a.metaAfter) {
      if (m) wb.meta.set(k, m);
      else wb.meta.delete(k);
    }
    // derived parents follow their children in the same undo step (all of them when the tree or a mode changed)
    const derived = this.derivedChanges(a.units !== undefined, a.changes.map((c) => c.key));
    const appliedDerived = derived.length ? wb.apply(derived, { ...ctx, how: 'derived' }) : [];
    const step: Step = { changes: [...removedValues, ...applied, ...appliedDerived], metaBefore, metaAfter: a.metaAfter, periodsBefore, periodsAfter: [...wb.periods] };
    if (added.length) step.addedIndicators = added;
    if (a.explanations?.size) {
      step.explanationsBefore = new Map([...a.explanations.keys()].map((id) => [id, wb.explain(id, a.explanations!.get(id))]));
      step.explanationsAfter = a.explanations;
    }
    if (a.memory) {
      step.memory = a.memory;
      wb.importMemory = ImportMemory.fromJSON(a.memory.after);
    }
    if (a.units) step.units = a.units;
    if (a.collection?.size) {
      step.collectionBefore = new Map([...a.collection.keys()].map((id) => [id, wb.collection.get(id)]));
      step.collectionAfter = a.collection;
      this.setCollection(a.collection);
    }
    if (a.annotations?.length) {
      step.annotations = a.annotations;
      this.applyAnnotations(a.annotations, 'do');
    }
    if (a.log) {
      wb.importLog = [...wb.importLog, a.log].slice(-IMPORT_LOG_LIMIT);
      step.logged = true;
    }
    this.undoStack.push(step);
    this.redoStack.length = 0;
    // the notices describe what happened before this action
    this.refused = null;
    this.remoteNotice = null;
    this.afterChange(step, added.length > 0, 'do', a.expect);
  }

  /** The figures of derived parents that change with an action (none when no parent is derived). */
  private derivedChanges(treeChanged: boolean, keys: string[]): CellChange[] {
    const wb = this.workbook;
    // an edit: only the edited units' ancestors are looked at (deriveFor stops at the first one not derived)
    if (treeChanged && !wb.units.all().some((u) => u.mode === 'derived' && wb.units.isParent(u.id))) return [];
    const out = treeChanged ? deriveAll(wb, this.opts.rules) : deriveFor(wb, keys, this.opts.rules);
    return out.filter((c) => c.after.raw !== wb.getByKey(c.key).raw);
  }

  private run(step: Step, dir: 'undo' | 'redo'): void {
    const wb = this.workbook;
    const [from, to] = dir === 'undo' ? [step.periodsAfter, step.periodsBefore] : [step.periodsBefore, step.periodsAfter];
    for (const p of to) if (!from.includes(p)) wb.addPeriod(p);
    const added = step.addedIndicators ?? [];
    if (added.length && dir === 'redo') wb.setCatalog({ ...wb.catalog, indicators: [...wb.catalog.indicators, ...added] });
    const list = dir === 'undo' ? [...step.changes].reverse() : step.changes;
    const ctx: ChangeContext = { how: dir, time: now() };
    wb.apply(
      list.map((c) => ({ key: c.key, after: (dir === 'undo' ? c.before : c.after) ?? EMPTY })),
      ctx,
    );
    const meta = dir === 'undo' ? step.metaBefore : step.metaAfter;
    for (const [k, m] of meta) {
      if (m) wb.meta.set(k, m);
      else wb.meta.delete(k);
    }
    for (const p of from) if (!to.includes(p)) for (const c of wb.removePeriod(p)) wb.record(c.key, c.before?.raw ?? '', '', ctx);
    if (added.length && dir === 'undo') {
      const ids = new Set(added.map((i) => i.id));
      wb.setCatalog({ ...wb.catalog, indicators: wb.catalog.indicators.filter((i) => !ids.has(i.id)) });
    }
    for (const [id, e] of (dir === 'undo' ? step.explanationsBefore : step.explanationsAfter) ?? []) wb.explain(id, e);
    if (step.memory) wb.importMemory = ImportMemory.fromJSON(dir === 'undo' ? step.memory.before : step.memory.after);
    if (step.units) wb.units[dir](step.units);
    const collection = dir === 'undo' ? step.collectionBefore : step.collectionAfter;
    if (collection) this.setCollection(collection);
    if (step.annotations) this.applyAnnotations(step.annotations, dir === 'undo' ? 'undo' : 'do');
    this.afterChange(step, added.length > 0, dir);
  }

  private afterChange(step: Step, catalogChanged: boolean, dir: 'do' | 'undo' | 'redo', base?: Map<string, string>): void {
    const keys = step.changes.map((c) => c.key);
    const structural = catalogChanged || step.periodsBefore.join() !== step.periodsAfter.join() || step.units !== undefined;
    const wb = this.workbook;
    // Each cell is written only if the store still holds what this tab had there before the action:
    // a figure another tab changed meanwhile becomes a conflict, not a silent overwrite.
    const expect = new Map<string, string>(base);
    for (const c of step.changes) if (!expect.has(c.key)) expect.set(c.key, ((dir === 'undo' ? c.after : c.before) ?? EMPTY).raw);
    const w: StoreWrite = { cells: writesFor(wb, new Set(keys)).map((x) => withExpect(x, expect.get(cellKey(x.indicator, x.period)))) };
    if (structural) w.meta = { periods: [...wb.periods], customIndicators: wb.catalog.indicators.filter((i) => i.custom) };
    if (step.explanationsAfter) w.meta = { ...w.meta, explanations: storedExplanations(wb) };
    if (step.memory) w.meta = { ...w.meta, importMemory: wb.importMemory.toJSON() };
    if (step.units) w.meta = { ...w.meta, units: wb.units.toJSON() };
    if (step.units || step.collectionAfter) w.meta = { ...w.meta, collection: this.storedCollection() };
    if (step.units || step.collectionAfter) this.refreshUnits();
    if (step.annotations) Object.assign(w, this.annotationWrites(step.annotations));
    if (step.logged) w.meta = { ...w.meta, importLog: structuredClone(wb.importLog) };
    this.canUndo = this.undoStack.length > 0;
    this.canRedo = this.redoStack.length > 0;
    if (structural) {
      this.periods = [...wb.periods];
      this.recompile();
      this.emit({ type: 'structure' });
    } else {
      this.emit({ type: 'cells', keys });
      this.revalidate(keys, keepsPresence(step));
      if (step.explanationsAfter) this.refreshExplanations(step.explanationsAfter.keys());
    }
    if (step.annotations) {
      this.annotationsVersion++;
      this.emit({ type: 'marks', keys: step.annotations.map((a) => a.key) });
    }
    this.persist(w);
  }

  /** After explanations changed (not the values): the findings they belong to again, with the marks of their cells. */
  private refreshExplanations(ids: Iterable<string>): void {
    const delta = this.validator.refreshExplanations(ids);
    const touched = new Set<string>();
    for (const f of delta.added) for (const c of f.cells) touched.add(c);
    this.setFindings(this.validator.findings(), touched, false);
  }

  /** Another tab's explanations, when they differ from this workbook's. */
  private syncExplanations(stored: Record<string, Explanation> | undefined): void {
    const wb = this.workbook;
    const next = new Map(Object.entries(stored ?? {}));
    const ids = new Set([...wb.explanations.keys(), ...next.keys()]);
    const changed = [...ids].filter((id) => JSON.stringify(wb.explanations.get(id)) !== JSON.stringify(next.get(id)));
    if (!changed.length) return;
    for (const id of changed) wb.explain(id, next.get(id));
    this.refreshExplanations(changed);
    this.remoteLoads++;
  }

  private recompile(): void {
    this.validator = compileRules(this.opts.rules, this.workbook);
    this.revalidateAll();
  }

  private revalidateAll(): void {
    this.validator.reevaluate();
    this.setFindings(this.validator.findings(), null);
  }

  /** `kept`: the edit changed no figure from empty to filled or back, nor a derived mark (completeness's summary of the figures still holds). */
  private revalidate(keys: string[], kept = false): void {
    const periods = new Set(this.workbook.periods);
    const known = keys.filter((k) => {
      const { indicator, period } = parseCellKey(k);
      return periods.has(period) && this.workbook.index.byId.has(indicator);
    });
    const delta = this.validator.update(known);
    if (!delta.added.length && !delta.removed.length && !delta.passedChange && kept) return;
    // only what the delta touched: the list, counts and marks are kept up to date, not rebuilt
    const st = this.findingState;
    const gone = st.apply(delta.removed, delta.added, delta.passedChange ?? 0);
    const touched = new Set<string>();
    for (const f of gone) for (const c of f.cells) touched.add(c);
    for (const f of delta.added) for (const c of f.cells) touched.add(c);
    // localising again is only needed when a failing error rule appeared, went or was re-evaluated
    const relocate = delta.added.some((f) => f.severity === 'error' && f.outcome === 'failed') || delta.removed.some((id) => this.failingErrors.has(id));
    this.findings = st.list;
    this.counts = st.counts;
    const before = this.completeness.uncheckedIds;
    const done = this.assess(st.list, kept);
    st.remark([...touched, ...known, ...this.uncheckedChanged(before, done.uncheckedIds)], this.markable(done));
    this.ruleMarks = [...this.workbook.ruleMarks.values()];
    this.afterFindings(touched, relocate, known);
  }

  /** Ids of the failing error findings at the last localisation. */
  private failingErrors = new Set<string>();

  /** Every finding anew (after opening, compiling, or explanations changed). `edited`: the cells edited since the last localisation (groups away from them keep theirs); none: all anew. */
  private setFindings(findings: Finding[], touched: Set<string> | null, relocate = true, edited?: string[]): void {
    this.findingState.reset(findings, this.validator.counts());
    this.findings = findings;
    this.counts = this.findingState.counts;
    const done = this.assess(findings);
    this.ruleMarks = [...this.workbook.ruleMarks.values()];
    this.findingState.remarkAll(this.markable(done));
    this.afterFindings(touched, relocate, edited);
  }

  /** Whether a finding rings a cell: only a rule partly filled in a reported year is ringed cell by cell (the rest is grouped in the panel). */
  private markable(done: Completeness): Markable {
    // an absent optional part (a category this year does not report) is not what the rule waits for
    return (f, c) => f.outcome !== 'not_computable' || (done.uncheckedIds.has(f.id) && !this.absentOptional(c));
  }

  /** The cells of the findings that became, or stopped being, unchecked rules (their not-computable marks come or go). */
  private uncheckedChanged(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
    const out: string[] = [];
    const cellsOf = (id: string) => {
      const f = this.findingState.get(id);
      if (f) out.push(...f.cells);
    };
    for (const id of before) if (!after.has(id)) cellsOf(id);
    for (const id of after) if (!before.has(id)) cellsOf(id);
    return out;
  }

  /** After the findings changed: localisation, suspects, and the marks event for the cells whose marks may have changed. */
  private afterFindings(touched: Set<string> | null, relocate: boolean, edited?: string[]): void {
    const findings = this.findings;
    if (relocate) {
      const failing = findings.filter((f) => f.severity === 'error' && f.outcome === 'failed');
      this.failingErrors = new Set(failing.map((f) => f.id));
      // the failing error rules from the findings (not a walk over every rule instance)
      const instances = () => failing.flatMap((f) => this.validator.instanceOf(f) ?? []).sort((a, b) => a - b);
      if (this.failingErrors.size === 0) this.allSuspects = [];
      else if (localiser) this.allSuspects = localiser.localise(this.validator, {}, edited && !this.localisePending ? { previous: this.allSuspects, changed: edited, failing: instances() } : undefined);
      else this.localiseLater();
    }
    const changed = this.refreshSuspects(false);
    if (touched) for (const k of changed) touched.add(k);
    if (touched?.size) this.emit({ type: 'marks', keys: [...touched] });
  }

  private allSuspects: Localisation[] = [];
  /** Failing error rules wait for the localiser's module (not in the first load): localised in full when it arrives. */
  private localisePending = false;

  private localiseLater(): void {
    if (this.localisePending) return;
    this.localisePending = true;
    loadLocaliser().then(
      (m) => {
        this.localisePending = false;
        if (this.failingErrors.size === 0) return;
        this.allSuspects = m.localise(this.validator, {});
        this.refreshSuspects(true);
      },
      (e: unknown) => {
        // no suggestions this time (the findings stand); the next failing error rule tries again
        this.localisePending = false;
        console.warn('error localisation not loaded', e);
      },
    );
  }

  private absentOptional(key: string): boolean {
    const ind = this.workbook.index.byId.get(parseCellKey(key).indicator);
    return !!ind && isOptional(ind) && this.workbook.getByKey(key).state === 'empty';
  }
  private assessTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The completeness answer. Its O(cells) part (which years hold reported figures, which figures are
   * missing) runs with the edit in a workbook of up to LARGE cells; in a larger one it runs once the
   * edit is saved and painted (coalesced), and the edit uses the last answer's summary of the figures.
   * The last answer's expectations are passed back with its figures (assessCompleteness keeps them while
   * the unit tree is the same). `kept`: the edit changed no figure from empty to filled or back (the
   * summary of the figures is still exact: nothing to do later).
   */
  private assess(findings: Finding[], kept = false): Completeness {
    const wb = this.workbook;
    if (wb.values.size <= LARGE) return (this.completeness = assessCompleteness(wb, findings, this.counts));
    const last = this.completeness;
    const done = assessCompleteness(wb, findings, this.counts, { figures: last.figures, expectations: last.expectations });
    this.completeness = done;
    // only when the last summary of the figures was reused: without one (opening; units, years or
    // indicators changed) `done` read every figure already
    if (done.figures === last.figures && this.assessTimer === null && !kept) {
      this.assessTimer = setTimeout(() => {
        this.assessTimer = null;
        const before = this.completeness.uncheckedIds;
        this.completeness = assessCompleteness(this.workbook, this.findings, this.counts);
        // rules that became (or stopped being) unchecked with the exact figures: their cells' marks
        const cells = this.uncheckedChanged(before, this.completeness.uncheckedIds);
        if (!cells.length) return;
        this.findingState.remark(cells, this.markable(this.completeness));
        this.emit({ type: 'marks', keys: [...new Set(cells)] });
      }, 0);
    }
    return done;
  }

  /** Recomputes the shown suspects from the last localisation; returns the cells whose suspicion changed. */
  private refreshSuspects(emit: boolean): Set<string> {
    this.suspects = this.allSuspects.filter((l) => !this.dismissed.has(l.id));
    const before = this.suspectMap;
    this.suspectMap = localiser ? localiser.suspectsByCell(this.suspects) : new Map();
    const changed = new Set<string>();
    for (const k of before.keys()) if (!this.suspectMap.has(k)) changed.add(k);
    for (const [k, s] of this.suspectMap) if (before.get(k)?.localisation.id !== s.localisation.id || before.get(k)?.suggestions[0]?.raw !== s.suggestions[0]?.raw) changed.add(k);
    if (emit && changed.size) this.emit({ type: 'marks', keys: [...changed] });
    return changed;
  }

  private enqueue(job: () => Promise<unknown>): void {
    this.pending++;
    if (this.saveState !== 'memory' && this.saveState !== 'failed') this.saveState = 'saving';
    this.queue = this.queue
      .then(job)
      .catch((e: unknown) => this.storageFailed(e))
      .finally(() => {
        this.pending--;
        if (this.pending === 0 && this.saveState === 'saving') this.saveState = 'saved';
      });
  }

  /** Queues one transaction for one user action. */
  private persist(w: StoreWrite): void {
    if (!this.store || (this.storageProblem && this.storageProblem.kind !== 'full')) {
      if (!this.readOnly) this.saveState = 'memory';
      return;
    }
    this.enqueue(() => this.writeNow(w));
  }

  /**
   * Writes one action (`w`), or, while storage is full, every pending change with it as one write of
   * the current values (null: only the pending ones, a retry). Storage full keeps the changes pending
   * and says so; the next edit, the timer or the banner's button tries again.
   */
  private async writeNow(w: StoreWrite | null): Promise<void> {
    if (!this.store) return;
    if (w && this.unsaved) this.addUnsaved(w);
    const write = this.unsaved ? this.pendingWrite(this.unsaved) : w;
    if (!write) return;
    let res: WriteResult;
    try {
      res = await this.store.write(write, this.revision);
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      if (!this.unsaved) this.addUnsaved(write);
      this.storageFull(e);
      return;
    }
    if (this.unsaved) {
      this.unsaved = null;
      this.storageProblem = null;
      this.saveState = 'saving';
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.revision = res.revision;
    const own = new Set([...write.cells.map((c) => cellKey(c.indicator, c.period)), ...(write.notes ?? []).map((n) => n.key), ...(write.followUp ?? []).map((f) => f.key)]);
    if (res.conflicts.length) this.addConflicts(res.conflicts.map((c) => ({ key: cellKey(c.indicator, c.period), mine: c.mine?.raw ?? '', theirs: c.theirs?.raw ?? '', theirsCell: c.theirs })));
    if (!res.remote) return;
    if (res.remote.full) {
      // Another tab restructured the workbook before our write: read back the merged result.
      const snap = await this.store.load();
      if (snap) this.applyRemote({ full: true, meta: snap.meta, rows: snap.rows, cleared: [] });
    } else {
      // our cells were merged over theirs (or, in conflict, kept here until the user chooses)
      this.applyRemote(res.remote, own);
    }
  }

  private addUnsaved(w: StoreWrite): void {
    const u: Unsaved = (this.unsaved ??= { keys: new Map(), meta: undefined, replaceAll: false });
    for (const c of w.cells) {
      const key = cellKey(c.indicator, c.period);
      if (!u.keys.has(key)) u.keys.set(key, c.expect);
    }
    if (w.meta) u.meta = { ...u.meta, ...w.meta };
    u.replaceAll ||= Boolean(w.replaceAll);
    for (const n of w.notes ?? []) (u.notes ??= new Set()).add(n.key);
    for (const f of w.followUp ?? []) (u.followUp ??= new Set()).add(f.key);
  }

  /** The pending changes as one write of the cells' current values. */
  private pendingWrite(u: Unsaved): StoreWrite {
    const wb = this.workbook;
    const cells = u.replaceAll ? allWrites(wb) : writesFor(wb, u.keys.keys()).map((x) => withExpect(x, u.keys.get(cellKey(x.indicator, x.period))));
    const notes = !u.replaceAll && u.notes ? { notes: noteWrites(wb, u.notes) } : {};
    const followUp = !u.replaceAll && u.followUp ? { followUp: followUpWrites(wb, u.followUp) } : {};
    return { cells, ...notes, ...followUp, ...(u.meta ? { meta: u.meta } : {}), ...(u.replaceAll ? { replaceAll: true } : {}) };
  }

  private storageFull(e: unknown): void {
    console.warn('storage full, changes kept in memory until there is room', e);
    this.storageProblem = { kind: 'full', reason: e instanceof Error ? e.message : String(e) };
    this.saveState = 'memory';
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.retrySave();
      }, this.opts.saveRetryMs ?? 20_000);
    }
  }

  private addConflicts(list: Conflict[]): void {
    const keys = new Set(list.map((c) => c.key));
    this.conflicts = [...this.conflicts.filter((c) => !keys.has(c.key)), ...list];
  }

  private storageFailed(e: unknown): void {
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    console.error('storage write failed', e);
    this.storageProblem = { kind: 'failed', reason };
    this.saveState = 'memory';
    this.store = null;
  }

  /**
   * Loads what other tabs wrote. `ownKeys`: the changes were found while writing our own action,
   * whose cells were merged over them cell by cell, so those cells already hold the stored values.
   */
  private applyRemote(r: RemoteChanges | null, ownKeys?: Set<string>): void {
    if (!r) return;
    if (!ownKeys) this.revision = Math.max(this.revision, r.meta.revision);
    const wb = this.workbook;
    const unitsMoved = JSON.stringify(r.meta.units ?? [wb.units.root]) !== JSON.stringify(wb.units.toJSON());
    if (r.full || r.meta.periods.join() !== wb.periods.join() || unitsMoved) {
      const next = workbookFromSnapshot({ meta: r.meta, rows: r.rows }, this.opts.catalog);
      if (!r.full) {
        // Partial rows with a period or unit change cannot happen (period changes are logged as full); be safe.
        void this.store?.load().then((s) => s && this.applyRemote({ full: true, meta: s.meta, rows: s.rows, cleared: [] }));
        return;
      }
      this.workbook = next;
      this.undoStack.length = 0;
      this.redoStack.length = 0;
      this.canUndo = this.canRedo = false;
      this.periods = [...next.periods];
      this.refreshUnits();
      this.recompile();
      this.emit({ type: 'structure' });
      this.remoteLoads++;
      this.remoteNotice = { keys: [], whole: true };
      return;
    }
    // while writing our own action, the stored meta already carries our explanations (r.meta is older)
    if (!ownKeys) this.syncExplanations(r.meta.explanations);
    // another tab's import may have remembered decisions (the meta record holds the whole memory)
    if (r.meta.importMemory) wb.importMemory = ImportMemory.fromJSON(r.meta.importMemory);
    // another tab's collection board (received, returned for correction)
    if (!ownKeys && JSON.stringify(r.meta.collection ?? {}) !== JSON.stringify(this.storedCollection())) {
      wb.collection.clear();
      for (const [id, c] of Object.entries(r.meta.collection ?? {})) if (wb.units.has(id)) wb.collection.set(id, structuredClone(c));
      this.refreshUnits();
    }
    // another tab's imports are listed in the meta record's import log
    if (r.meta.importLog && r.meta.importLog.length >= wb.importLog.length) wb.importLog = structuredClone(r.meta.importLog);
    const changes: CellChange[] = [];
    const annotated: string[] = [];
    const ids = [...r.rows.map((x) => x.indicator), ...r.cleared];
    const rowById = new Map(r.rows.map((x) => [x.indicator, x]));
    for (const id of ids) {
      if (!wb.index.byId.has(id)) continue;
      for (const [key, { value, meta, cell }] of rowValues(wb, rowById.get(id), id)) {
        if (ownKeys?.has(key)) continue;
        if (meta) wb.meta.set(key, meta);
        else wb.meta.delete(key);
        if (annotationsFromStored(wb, key, cell)) annotated.push(key);
        if (!sameValue(value, wb.getByKey(key))) changes.push({ key, after: value });
      }
    }
    if (annotated.length) {
      this.annotationsVersion++;
      this.emit({ type: 'marks', keys: annotated });
    }
    if (!changes.length) {
      if (annotated.length) this.remoteLoads++;
      return;
    }
    wb.apply(changes);
    const keys = changes.map((c) => c.key);
    this.emit({ type: 'cells', keys });
    this.revalidate(keys);
    this.remoteLoads++;
    this.remoteNotice = { keys, whole: false };
  }

  /** Findings and outcomes of every rule now (for an export's validation report). */
  validationResult() {
    return { findings: this.findings, outcomes: this.validator.outcomes(), counts: this.validator.counts() };
  }

  get rules(): RuleFile {
    return this.opts.rules;
  }

  /** Whether the rules run over a cell at all (the report draft marks a figure outside the plan as unchecked). */
  coversCell(key: string): boolean {
    return this.validator.slotOfKey(key) !== undefined;
  }

  /** Stops listening, lets queued writes finish (no edit is dropped on the way out), then closes the store. */
  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const u of this.unsubscribe) u();
    this.listeners.clear();
    await this.settled();
    this.store?.close();
    this.store = null;
  }
}

export type { Text };
