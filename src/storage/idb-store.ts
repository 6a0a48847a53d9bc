import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  allCellWrites,
  blockOf,
  blocksOfRows,
  byIndicator,
  emptyMeta,
  isStoredBlock,
  isStoredMeta,
  isStoredRow,
  mergeBlock,
  nextMeta,
  packedBlock,
  rowOfBlock,
  rowsOfBlock,
  rowsToCatchUp,
  type CellConflict,
  type CellWrite,
  type RemoteChanges,
  type StoredBlock,
  type StoredMeta,
  type StoredRow,
  type StoreFactory,
  type StoreWrite,
  type WorkbookSnapshot,
  type WorkbookStore,
  type WriteResult,
} from './store.ts';

/**
 * Bump when the object stores change; `upgrade` must migrate from every older version.
 * 1: a record per [workbook, indicator] row (store `rows`). 2: rows grouped into blocks (store `blocks`).
 * 3: the same stores; blocks hold packed rows (StoredBlock.packed: a row's places and texts in one
 * string). The upgrade from 2 packs every block (packBlocks); a block of version 2 is still read as it
 * is and packed by the next write to it. The version bump also makes a tab still running version 2's
 * code close its connection (`blocking`) instead of failing on a packed record.
 */
export const DB_VERSION = 3;

interface Schema extends DBSchema {
  blocks: { key: [string, number]; value: StoredBlock; indexes: { byWorkbook: string } };
  meta: { key: string; value: StoredMeta };
  /** Version 1's store, read once by the upgrade to version 2 and then deleted. */
  rows: { key: [string, string]; value: StoredRow; indexes: { byWorkbook: string } };
}

type Tx = IDBPTransaction<Schema, ('blocks' | 'meta')[], 'readwrite' | 'readonly'>;

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

function checkedBlock(b: unknown, workbook: string): StoredBlock {
  if (!isStoredBlock(b) || b.workbook !== workbook) throw new StoredDataError('block record');
  return b;
}

/** From this many blocks in one write or read, the workbook's blocks are read with one getAll (a quarter of BLOCK_COUNT). */
const BULK_READ = 256;

async function readAllBlocks(tx: Tx, workbook: string): Promise<StoredBlock[]> {
  const blocks: unknown[] = await tx.objectStore('blocks').index('byWorkbook').getAll(workbook);
  return blocks.map((b) => checkedBlock(b, workbook));
}

/** The stored blocks numbered `ns` (undefined where there is none). */
async function readBlocks(tx: Tx, workbook: string, ns: number[]): Promise<(StoredBlock | undefined)[]> {
  if (ns.length >= BULK_READ) {
    const all = new Map((await readAllBlocks(tx, workbook)).map((b) => [b.block, b]));
    return ns.map((n) => all.get(n));
  }
  const got: unknown[] = await Promise.all(ns.map((n) => tx.objectStore('blocks').get([workbook, n])));
  return got.map((b) => (b === undefined ? undefined : checkedBlock(b, workbook)));
}

async function readAllRows(tx: Tx, workbook: string): Promise<StoredRow[]> {
  return (await readAllBlocks(tx, workbook)).flatMap(rowsOfBlock);
}

async function readRows(tx: Tx, workbook: string, ids: Iterable<string>): Promise<{ rows: StoredRow[]; cleared: string[] }> {
  const list = [...ids];
  const ns = [...new Set(list.map(blockOf))];
  const blocks = new Map<number, StoredBlock | undefined>();
  (await readBlocks(tx, workbook, ns)).forEach((b, i) => blocks.set(ns[i], b));
  const rows: StoredRow[] = [];
  const cleared: string[] = [];
  for (const id of list) {
    // rowOfBlock reads with own(): a record read back has Object.prototype, whose `constructor` is not a row
    const block = blocks.get(blockOf(id));
    const row = block ? rowOfBlock(block, id) : undefined;
    if (row) rows.push(row);
    else cleared.push(id);
  }
  return { rows, cleared };
}

async function catchUp(tx: Tx, workbook: string, meta: StoredMeta, known: number): Promise<RemoteChanges | null> {
  if (meta.revision === known) return null;
  const ids = rowsToCatchUp(meta, known);
  if (ids === null) return { full: true, meta, rows: await readAllRows(tx, workbook), cleared: [] };
  const { rows, cleared } = await readRows(tx, workbook, ids);
  return { full: false, meta, rows, cleared };
}

/** Aborts a transaction unless it already finished or aborted (a failed request aborts it by itself). */
function abortQuietly(tx: Tx): void {
  try {
    tx.abort();
  } catch {
    // already committed or aborted
  }
}

/** Writes grouped by the block their indicator's row lives in. */
function byBlock(writes: readonly CellWrite[]): Map<number, Map<string, CellWrite[]>> {
  const out = new Map<number, Map<string, CellWrite[]>>();
  for (const [id, list] of byIndicator(writes)) {
    const n = blockOf(id);
    let m = out.get(n);
    if (!m) out.set(n, (m = new Map()));
    m.set(id, list);
  }
  return out;
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

  async load(early?: (meta: StoredMeta) => void): Promise<WorkbookSnapshot | null> {
    const tx = this.db.transaction(['blocks', 'meta'], 'readonly');
    // both requests at once, the meta record's first (a transaction's requests complete in the order
    // made): while `early` works with it on the main thread, IndexedDB goes on reading the blocks
    const stored = readMeta(tx, this.workbook);
    const rows = readAllRows(tx, this.workbook);
    rows.catch(() => undefined); // awaited below; not an unhandled rejection when the meta record fails first
    const meta = await stored;
    if (!meta) return null;
    early?.(meta);
    const snap = { meta, rows: await rows };
    await tx.done;
    return snap;
  }

  async write(w: StoreWrite, knownRevision: number): Promise<WriteResult> {
    if (this.closed) throw new Error('the store is closed');
    const tx = this.db.transaction(['blocks', 'meta'], 'readwrite');
    // Whole or nothing: any error below (a record that cannot be cloned, a failed request, a malformed
    // stored record) aborts the transaction, so none of this action's requests is committed.
    tx.done.catch(() => undefined);
    try {
      const blockStore = tx.objectStore('blocks');
      const groups = byBlock(allCellWrites(w));
      const ns = [...groups.keys()];
      // The meta record and the blocks to merge into are read together: one round trip to IndexedDB
      // instead of two, so a frame the page paints in between delays the save once, not twice.
      const [stored, existing] = await Promise.all([readMeta(tx, this.workbook), w.replaceAll ? [] : readBlocks(tx, this.workbook, ns)]);
      // First start: the meta record is created by the first write (the baseline).
      const meta = stored ?? emptyMeta(this.workbook, w.meta?.catalogVersion ?? '');
      // Others' writes since our last known revision are read before ours are merged in, so the caller
      // can show them; our cells are merged into the stored rows, never written over whole rows.
      const remote = w.replaceAll ? null : await catchUp(tx, this.workbook, meta, knownRevision);
      // Every record is built before the first request is made; nothing but these requests follows.
      const conflicts: CellConflict[] = [];
      const records = ns.map((n, i) => ({ n, block: mergeBlock(this.workbook, n, existing[i], groups.get(n) ?? new Map(), conflicts) }));
      const ids = [...groups.values()].flatMap((m) => [...m.keys()]);
      const next = nextMeta(meta, w, ids);
      // Requests run in order: the delete of a replaceAll comes before every put.
      const requests: Promise<unknown>[] = [];
      const request = (p: Promise<unknown>) => {
        // a request made before a later one throws is rejected by the abort: handled here, reported once below
        p.catch(() => undefined);
        requests.push(p);
      };
      if (w.replaceAll) request(blockStore.delete(IDBKeyRange.bound([this.workbook, -Infinity], [this.workbook, Infinity])));
      for (const r of records) request(r.block ? blockStore.put(r.block) : blockStore.delete([this.workbook, r.n]));
      request(tx.objectStore('meta').put(next));
      await Promise.all(requests);
      await tx.done;
      try {
        this.channel?.postMessage({ revision: next.revision });
      } catch {
        // closed while the write was in flight (the app is shutting down): the data is stored anyway
      }
      return { revision: next.revision, remote, conflicts };
    } catch (e) {
      abortQuietly(tx);
      // a request rejected only because the transaction aborted: report why it aborted (e.g. QuotaExceededError at commit)
      throw (e as { name?: unknown } | null)?.name === 'AbortError' && tx.error ? tx.error : e;
    }
  }

  async sync(knownRevision: number): Promise<RemoteChanges | null> {
    const tx = this.db.transaction(['blocks', 'meta'], 'readonly');
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

/**
 * Version 1 → 2: every row record moves into its block, in the upgrade's own transaction, and the
 * `rows` store is deleted. A malformed row aborts the upgrade (returns false): the open fails (the app
 * says so and works in memory) and the version 1 database is left exactly as it was.
 */
async function migrateRows(db: IDBPDatabase<Schema>, tx: IDBPTransaction<Schema, ('blocks' | 'meta' | 'rows')[], 'versionchange'>): Promise<boolean> {
  const old: unknown[] = await tx.objectStore('rows').getAll();
  const byWorkbook = new Map<string, StoredRow[]>();
  for (const r of old) {
    if (!isStoredRow(r)) {
      tx.done.catch(() => undefined);
      tx.abort();
      return false;
    }
    const list = byWorkbook.get(r.workbook);
    if (list) list.push(r);
    else byWorkbook.set(r.workbook, [r]);
  }
  const blocks = tx.objectStore('blocks');
  await Promise.all([...byWorkbook].flatMap(([wb, rows]) => blocksOfRows(wb, rows).map((b) => blocks.put(b))));
  db.deleteObjectStore('rows');
  return true;
}

/**
 * Version 2 → 3: every block record written with `rows` is rewritten with its rows packed, in the
 * upgrade's own transaction (a record that is not a block is left as it is: reading it says so later).
 */
async function packBlocks(tx: IDBPTransaction<Schema, ('blocks' | 'meta' | 'rows')[], 'versionchange'>): Promise<void> {
  const store = tx.objectStore('blocks');
  const all: unknown[] = await store.getAll();
  await Promise.all(all.filter((b): b is StoredBlock => isStoredBlock(b) && b.rows !== undefined).map((b) => store.put(packedBlock(b))));
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
  let malformed = false;
  const opening = openDB<Schema>(dbName, opts.version ?? DB_VERSION, {
    async upgrade(db, old, _new, tx) {
      if (old === 2) await packBlocks(tx);
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'workbook' });
      if (!db.objectStoreNames.contains('blocks')) {
        const blocks = db.createObjectStore('blocks', { keyPath: ['workbook', 'block'] });
        blocks.createIndex('byWorkbook', 'workbook');
      }
      if (db.objectStoreNames.contains('rows') && !(await migrateRows(db, tx))) malformed = true;
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
    opening.catch((e: unknown) => {
      throw malformed ? new StoredDataError('row record (the upgrade to this version stopped; nothing was changed)') : e;
    }),
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
