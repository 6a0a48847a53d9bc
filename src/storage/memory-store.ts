import {
  allCellWrites,
  byIndicator,
  dict,
  emptyMeta,
  mergeCells,
  nextMeta,
  rowsToCatchUp,
  type CellConflict,
  toDict,
  type RemoteChanges,
  type StoredCell,
  type StoredMeta,
  type StoredRow,
  type StoreFactory,
  type StoreWrite,
  type WorkbookSnapshot,
  type WorkbookStore,
  type WriteResult,
} from './store.ts';

/**
 * The in-memory store: the same contract as IndexedDB without persistence. Used when IndexedDB is
 * unavailable (the app keeps working and says so) and in tests. Instances made from one
 * `MemoryBackend` share data and notify each other, like tabs sharing a database.
 */
export class MemoryBackend {
  readonly metas = new Map<string, StoredMeta>();
  readonly rows = new Map<string, Map<string, StoredRow>>();
  readonly stores = new Set<MemoryStore>();

  factory(): StoreFactory {
    return async (workbook) => {
      const s = new MemoryStore(this, workbook);
      this.stores.add(s);
      return s;
    };
  }

  rowsOf(workbook: string): Map<string, StoredRow> {
    let m = this.rows.get(workbook);
    if (!m) this.rows.set(workbook, (m = new Map()));
    return m;
  }
}

const clone = <T>(x: T): T => structuredClone(x);

export class MemoryStore implements WorkbookStore {
  readonly kind = 'memory' as const;
  private readonly remoteListeners = new Set<(revision: number) => void>();

  constructor(
    private readonly backend: MemoryBackend,
    private readonly workbook: string,
  ) {}

  async load(early?: (meta: StoredMeta) => void): Promise<WorkbookSnapshot | null> {
    const meta = this.backend.metas.get(this.workbook);
    if (!meta) return null;
    const snap = clone({ meta, rows: [...this.backend.rowsOf(this.workbook).values()] });
    early?.(snap.meta);
    return snap;
  }

  private catchUp(meta: StoredMeta, known: number): RemoteChanges | null {
    if (meta.revision === known) return null;
    const rows = this.backend.rowsOf(this.workbook);
    const ids = rowsToCatchUp(meta, known);
    if (ids === null) return clone({ full: true, meta, rows: [...rows.values()], cleared: [] });
    const found = [...ids].filter((id) => rows.has(id));
    return clone({ full: false, meta, rows: found.map((id) => rows.get(id) as StoredRow), cleared: [...ids].filter((id) => !rows.has(id)) });
  }

  async write(w: StoreWrite, knownRevision: number): Promise<WriteResult> {
    const meta = this.backend.metas.get(this.workbook) ?? emptyMeta(this.workbook, w.meta?.catalogVersion ?? '');
    const remote = w.replaceAll ? null : this.catchUp(meta, knownRevision);
    const rows = this.backend.rowsOf(this.workbook);
    // Like an IndexedDB transaction: every record is built and copied (structured clone, which throws
    // DataCloneError as IndexedDB's put does) before anything is changed, so a failed write changes nothing.
    const groups = byIndicator(allCellWrites(w));
    const built: [string, StoredRow | null][] = [];
    const conflicts: CellConflict[] = [];
    for (const [id, writes] of groups) {
      const old = w.replaceAll ? undefined : rows.get(id);
      const cells = old ? toDict(old.cells) : dict<StoredCell>();
      mergeCells(cells, writes, true, conflicts, id);
      built.push([id, Object.keys(cells).length ? clone({ workbook: this.workbook, indicator: id, cells }) : null]);
    }
    const next = clone(nextMeta(meta, w, [...groups.keys()]));
    if (w.replaceAll) rows.clear();
    for (const [id, row] of built) {
      if (row) rows.set(id, { ...row, cells: toDict(row.cells) });
      else rows.delete(id);
    }
    this.backend.metas.set(this.workbook, next);
    for (const s of this.backend.stores) if (s !== this) s.notify(next.revision);
    return { revision: next.revision, remote, conflicts: clone(conflicts) };
  }

  async sync(knownRevision: number): Promise<RemoteChanges | null> {
    const meta = this.backend.metas.get(this.workbook);
    return meta ? this.catchUp(meta, knownRevision) : null;
  }

  notify(revision: number): void {
    // Asynchronous, like a BroadcastChannel message.
    queueMicrotask(() => {
      for (const l of this.remoteListeners) l(revision);
    });
  }

  onRemoteWrite(listener: (revision: number) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  onLost(): () => void {
    return () => undefined;
  }

  close(): void {
    this.backend.stores.delete(this);
  }
}

/** A fresh, unshared in-memory store (the fallback when IndexedDB cannot be opened). */
export function memoryStoreFactory(): StoreFactory {
  return new MemoryBackend().factory();
}
