import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  byIndicator,
  emptyMeta,
  isStoredMeta,
  isStoredRow,
  mergeCells,
  nextMeta,
  rowsToCatchUp,
  type RemoteChanges,
  type StoredMeta,
  type StoredRow,
  type StoreFactory,
  type StoreWrite,
  type WorkbookSnapshot,
  type WorkbookStore,
  type WriteResult,
} from './store.ts';

/** Bump when the object stores change; `upgrade` must migrate from every older version. */
export const DB_VERSION = 1;

interface Schema extends DBSchema {
  rows: { key: [string, string]; value: StoredRow; indexes: { byWorkbook: string } };
  meta: { key: string; value: StoredMeta };
}

type Tx = IDBPTransaction<Schema, ('rows' | 'meta')[], 'readwrite' | 'readonly'>;

/** Thrown when a record read back from IndexedDB does not have the shape this version writes. */
export class StoredDataError extends Error {
  constructor(what: string) {
    super(`IndexedDB holds a malformed ${what}`);
    this.name = 'StoredDataError';
  }
}

async function readMeta(tx: Tx, workbook: string): Promise<StoredMeta | null> {
  const m: unknown = await tx.objectStore('meta').get(workbook);
  if (m === undefined) return null;
  if (!isStoredMeta(m)) throw new StoredDataError('meta record');
  return m;
}

/** From this many rows in one write, the rows are read with one getAll (measured: bench, 200,000-cell import). */
const BULK_READ = 500;

async function readAllRows(tx: Tx, workbook: string): Promise<StoredRow[]> {
  const rows: unknown[] = await tx.objectStore('rows').index('byWorkbook').getAll(workbook);
  return rows.map((r) => {
    if (!isStoredRow(r)) throw new StoredDataError('row record');
    return r;
  });
}

async function readRows(tx: Tx, workbook: string, ids: Iterable<string>): Promise<{ rows: StoredRow[]; cleared: string[] }> {
  const list = [...ids];
  const got: unknown[] = await Promise.all(list.map((id) => tx.objectStore('rows').get([workbook, id])));
  const rows: StoredRow[] = [];
  const cleared: string[] = [];
  got.forEach((r, i) => {
    if (r === undefined) cleared.push(list[i]);
    else if (!isStoredRow(r)) throw new StoredDataError('row record');
    else rows.push(r);
  });
  return { rows, cleared };
}

async function catchUp(tx: Tx, workbook: string, meta: StoredMeta, known: number): Promise<RemoteChanges | null> {
  if (meta.revision === known) return null;
  const ids = rowsToCatchUp(meta, known);
  if (ids === null) return { full: true, meta, rows: await readAllRows(tx, workbook), cleared: [] };
  const { rows, cleared } = await readRows(tx, workbook, ids);
  return { full: false, meta, rows, cleared };
}

/**
 * The IndexedDB store (idb 8). One readwrite transaction per user action; nothing but IndexedDB
 * requests is awaited inside it (awaiting anything else lets the transaction auto-commit early).
 */
class IdbStore implements WorkbookStore {
  readonly kind = 'indexeddb' as const;
  private readonly channel: BroadcastChannel | null;
  private readonly remoteListeners = new Set<(revision: number) => void>();
  private readonly lostListeners = new Set<(reason: 'versionchange' | 'closed') => void>();
  private closed = false;

  constructor(
    private readonly db: IDBPDatabase<Schema>,
    private readonly dbName: string,
    private readonly workbook: string,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`edu-stats:${dbName}:${workbook}`) : null;
    if (this.channel) {
      this.channel.onmessage = (ev: MessageEvent<unknown>) => {
        const d = ev.data as { revision?: unknown } | null;
        if (d && typeof d.revision === 'number') for (const l of this.remoteListeners) l(d.revision);
      };
    }
  }

  /** Called by openDB's `blocking`/`terminated` callbacks. */
  lost(reason: 'versionchange' | 'closed'): void {
    if (this.closed) return;
    this.close();
    for (const l of this.lostListeners) l(reason);
  }

  async load(): Promise<WorkbookSnapshot | null> {
    const tx = this.db.transaction(['rows', 'meta'], 'readonly');
    const meta = await readMeta(tx, this.workbook);
    if (!meta) return null;
    const rows = await readAllRows(tx, this.workbook);
    await tx.done;
    return { meta, rows };
  }

  async write(w: StoreWrite, knownRevision: number): Promise<WriteResult> {
    if (this.closed) throw new Error('the store is closed');
    const tx = this.db.transaction(['rows', 'meta'], 'readwrite');
    // First start: the meta record is created by the first write (the baseline).
    const meta = (await readMeta(tx, this.workbook)) ?? emptyMeta(this.workbook, w.meta?.catalogVersion ?? '');
    // Others' writes since our last known revision are read before ours are merged in, so the caller
    // can show them; our cells are merged into the stored rows, never written over whole rows.
    const remote = w.replaceAll ? null : await catchUp(tx, this.workbook, meta, knownRevision);
    const rowsStore = tx.objectStore('rows');
    if (w.replaceAll) {
      await rowsStore.delete(IDBKeyRange.bound([this.workbook, ''], [this.workbook, '\uffff']));
    }
    const groups = byIndicator(w.cells);
    const ids = [...groups.keys()];
    const existing: unknown[] = w.replaceAll ? ids.map(() => undefined) : await this.existingRows(tx, ids);
    const puts: Promise<unknown>[] = [];
    ids.forEach((id, i) => {
      const old = existing[i];
      if (old !== undefined && !isStoredRow(old)) throw new StoredDataError('row record');
      const row: StoredRow = old ?? { workbook: this.workbook, indicator: id, cells: {} };
      mergeCells(row.cells, groups.get(id) ?? []);
      puts.push(Object.keys(row.cells).length ? rowsStore.put(row) : rowsStore.delete([this.workbook, id]));
    });
    const next = nextMeta(meta, w, ids);
    puts.push(tx.objectStore('meta').put(next));
    await Promise.all(puts);
    await tx.done;
    try {
      this.channel?.postMessage({ revision: next.revision });
    } catch {
      // closed while the write was in flight (the app is shutting down): the data is stored anyway
    }
    return { revision: next.revision, remote };
  }

  /**
   * The stored rows of `ids` (undefined where none), to merge cells into. A large write (an import)
   * reads the workbook's rows with one getAll instead of one get per row: far fewer requests.
   */
  private async existingRows(tx: Tx, ids: string[]): Promise<unknown[]> {
    const rows = tx.objectStore('rows');
    if (ids.length < BULK_READ) return Promise.all(ids.map((id) => rows.get([this.workbook, id])));
    const all = new Map<string, unknown>();
    for (const r of await rows.index('byWorkbook').getAll(this.workbook)) all.set((r as { indicator: string }).indicator, r);
    return ids.map((id) => all.get(id));
  }

  async sync(knownRevision: number): Promise<RemoteChanges | null> {
    const tx = this.db.transaction(['rows', 'meta'], 'readonly');
    const meta = await readMeta(tx, this.workbook);
    const out = meta ? await catchUp(tx, this.workbook, meta, knownRevision) : null;
    await tx.done;
    return out;
  }

  onRemoteWrite(listener: (revision: number) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  onLost(listener: (reason: 'versionchange' | 'closed') => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel?.close();
    this.db.close();
  }
}

/** Opens (creating or upgrading) the database; rejects when IndexedDB is unavailable or blocked. */
export async function openIdbStore(
  dbName: string,
  workbook: string,
  opts: { blockedTimeoutMs?: number; /** tests: simulate a newer app version */ version?: number } = {},
): Promise<WorkbookStore> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  let store: IdbStore | null = null;
  let blocked = false;
  const opening = openDB<Schema>(dbName, opts.version ?? DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('rows')) {
        const rows = db.createObjectStore('rows', { keyPath: ['workbook', 'indicator'] });
        rows.createIndex('byWorkbook', 'workbook');
      }
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'workbook' });
    },
    // Another tab holds an older version open and has not closed it: we cannot upgrade.
    blocked() {
      blocked = true;
    },
    // A newer version of the app wants to upgrade: let it, and stop writing here.
    blocking() {
      store?.lost('versionchange');
    },
    terminated() {
      store?.lost('closed');
    },
  });
  const timeout = opts.blockedTimeoutMs ?? 5000;
  let gaveUp = false;
  // If we give up waiting, a connection that opens later must not stay open and block others.
  void opening.then((late) => gaveUp && late.close(), () => undefined);
  const db = await Promise.race([
    opening,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        gaveUp = true;
        reject(new Error(blocked ? 'IndexedDB upgrade blocked by another tab' : 'IndexedDB did not open in time'));
      }, timeout),
    ),
  ]);
  store = new IdbStore(db, dbName, workbook);
  return store;
}

/** The production store factory: IndexedDB database `dbName`. */
export function idbStoreFactory(dbName: string): StoreFactory {
  return (workbook) => openIdbStore(dbName, workbook);
}
