import type { ReadAndPreview, WorkbookValues } from '../core/import/index.ts';
import { describeError, isWorkerReply, readForDialog, type ReadRequest } from './import-protocol.ts';

/** How long a file may take to read before the worker is stopped (seconds; README "Importing"). */
export const READ_TIMEOUT_MS = 30_000;

/** What of a Worker the reader uses, so tests can hand it a fake one. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

export type ReadOutcome =
  | { kind: 'done'; via: 'worker' | 'main'; result: ReadAndPreview }
  /** cancel() was called, or a timeout stopped the worker while this read waited behind another. */
  | { kind: 'cancelled' }
  | { kind: 'timeout'; seconds: number }
  /** The reader itself failed (not a bad file: a bad file is `done` with errors in it). */
  | { kind: 'failed'; detail: string };

export interface ReaderOptions {
  timeoutMs?: number;
  /** Starts a worker; null = read on the main thread. Default: the import worker where `Worker` exists. */
  createWorker?: (() => WorkerLike) | null;
}

/** The module worker that reads import files (Vite bundles it as its own chunk); null where Worker is unavailable. */
export function defaultWorkerFactory(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
}

type Request = Omit<ReadRequest, 'id'>;

interface Pending {
  req: Request;
  settle(o: ReadOutcome): void;
}

/**
 * Reads import files in a Web Worker so that no file can freeze the page: a read can be cancelled
 * and is stopped after `timeoutMs` (both terminate the worker; the next read starts a new one).
 * Where no worker can be started (no `Worker`, or its script fails to load before it says it is
 * ready) the same core function runs on the main thread, without cancel or timeout.
 *
 * Invariant: every read() settles exactly once; a pending read is in `#pending` until it does.
 */
export class ImportReader {
  readonly timeoutMs: number;
  readonly #create: (() => WorkerLike) | null;
  #worker: WorkerLike | null = null;
  #ready = false;
  /** Set once a worker failed to start: from then on reads run on the main thread. */
  #noWorker = false;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** The workbook snapshot (ReadRequest.workbookId) the current worker was sent: the next reads against it leave it out. */
  #sentWorkbook: number | undefined;

  constructor(opts: ReaderOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? READ_TIMEOUT_MS;
    this.#create = opts.createWorker === undefined ? defaultWorkerFactory() : opts.createWorker;
  }

  /** Whether a read is in progress. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /** Reads and previews a file; never rejects. */
  read(req: Request): Promise<ReadOutcome> {
    const w = this.#ensureWorker();
    if (!w) return readOnMainThread(req);
    return new Promise<ReadOutcome>((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#stop({ kind: 'cancelled' });
        resolve({ kind: 'timeout', seconds: Math.round(this.timeoutMs / 1000) });
      }, this.timeoutMs);
      this.#pending.set(id, {
        req,
        settle: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
      // a copy, not a transfer: the dialog keeps the bytes to read another sheet or year
      const known = req.workbookId !== undefined && req.workbookId === this.#sentWorkbook;
      w.postMessage({ ...req, id, workbook: known ? null : req.workbook } satisfies ReadRequest);
      this.#sentWorkbook = req.workbookId;
    });
  }

  /** Stops the read in progress (the worker is terminated); its read() settles as cancelled. */
  cancel(): void {
    this.#stop({ kind: 'cancelled' });
  }

  /** Stops any read and the worker (the dialog closes). */
  dispose(): void {
    this.#stop({ kind: 'cancelled' });
  }

  #ensureWorker(): WorkerLike | null {
    if (this.#worker) return this.#worker;
    if (!this.#create || this.#noWorker) return null;
    let w: WorkerLike;
    try {
      w = this.#create();
    } catch (e) {
      console.warn('import worker unavailable, reading on the main thread', e);
      this.#noWorker = true;
      return null;
    }
    this.#worker = w;
    this.#ready = false;
    w.onmessage = (ev) => this.#onMessage(w, ev.data);
    w.onmessageerror = () => this.#fail(w, 'a reply from the reading worker could not be read');
    w.onerror = (ev) => {
      // keep the page's error handler out of it: the dialog reports this
      ev.preventDefault();
      if (this.#ready) this.#fail(w, describeError(ev.message || 'the reading worker stopped'));
      else this.#fallBack(w, ev);
    };
    return w;
  }

  #onMessage(w: WorkerLike, data: unknown): void {
    if (w !== this.#worker) return;
    if (!isWorkerReply(data)) {
      this.#fail(w, 'the reading worker sent an unexpected reply');
      return;
    }
    if (data.type === 'ready') {
      this.#ready = true;
      return;
    }
    const p = this.#pending.get(data.id);
    if (!p) return;
    this.#pending.delete(data.id);
    p.settle(data.type === 'done' ? { kind: 'done', via: 'worker', result: data.result } : { kind: 'failed', detail: data.detail });
  }

  /** The worker broke while reading: every read waiting on it fails, and the next read starts a new one. */
  #fail(w: WorkerLike, detail: string): void {
    if (w !== this.#worker) return;
    this.#stop({ kind: 'failed', detail });
  }

  /** The worker could not start (its script did not load): read on the main thread from now on. */
  #fallBack(w: WorkerLike, ev: Event): void {
    if (w !== this.#worker) return;
    console.warn('import worker failed to start, reading on the main thread', ev);
    this.#noWorker = true;
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    this.#terminate();
    for (const p of waiting) void readOnMainThread(p.req).then((o) => p.settle(o));
  }

  #stop(outcome: ReadOutcome): void {
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    this.#terminate();
    for (const p of waiting) p.settle(outcome);
  }

  #terminate(): void {
    const w = this.#worker;
    this.#worker = null;
    this.#ready = false;
    this.#sentWorkbook = undefined; // a new worker holds no snapshot
    if (w) {
      w.onmessage = w.onerror = w.onmessageerror = null;
      w.terminate();
    }
  }
}

/**
 * A workbook snapshot for a round's reads, taken once and numbered (ReadRequest.workbookId) until `renew`:
 * the reader sends it to its worker with the first file and the worker keeps it for the next ones (taking,
 * sending and rebuilding a 3,000-unit workbook for each of 30 files cost more than reading them).
 */
export class WorkbookSnapshot {
  static #next = 1;
  #taken: { workbook: WorkbookValues; workbookId: number } | null = null;

  constructor(private readonly take: () => WorkbookValues) {}

  get(): { workbook: WorkbookValues; workbookId: number } {
    return (this.#taken ??= { workbook: this.take(), workbookId: WorkbookSnapshot.#next++ });
  }

  /** The workbook the reads see changed (a unit added): the next read takes a new snapshot. */
  renew(): void {
    this.#taken = null;
  }
}

/** The same read on the main thread (no Worker): the page waits for it, as before workers. */
async function readOnMainThread(req: Request): Promise<ReadOutcome> {
  try {
    return { kind: 'done', via: 'main', result: await readForDialog(req) };
  } catch (e) {
    return { kind: 'failed', detail: describeError(e) };
  }
}
