import { readAndPreview, readTables, workbookFromValues, type ReadAndPreview, type ReadFiguresOptions, type ReadResult, type WorkbookValues } from '../core/import/index.ts';
import type { Workbook } from '../core/model/workbook.ts';

/**
 * The messages between the import dialog and its reading worker (import-worker.ts). Everything is
 * plain data that survives structured cloning.
 */

/** Main thread → worker: read `bytes` (file number `fileId`) and preview them against a workbook. */
export interface ReadRequest {
  id: number;
  /** Numbers the files chosen in one dialog: the worker keeps the last file's tables, so another sheet, year or mapping is not read again. */
  fileId: number;
  bytes: Uint8Array;
  file: string;
  /**
   * The workbook to preview against; null on the wire when the worker already holds the snapshot numbered
   * `workbookId` (a round's files are read against one snapshot: sending and rebuilding it per file cost
   * more than reading the files). The ImportReader leaves it out; callers always give it.
   */
  workbook: WorkbookValues | null;
  /** Numbers a snapshot: the same number, the same workbook (the dialog takes a new one when it changes). */
  workbookId?: number;
  /**
   * A file of a round (ImportBatch): the page rebases the preview on the workbook (rebasePreview makes the
   * changes again) and remaps nothing, so the changes and the figures are not sent back.
   */
  batch?: boolean;
  opts: Omit<ReadFiguresOptions, 'limits'>;
}

/** Worker → main thread. `ready` is posted once the worker's code has loaded. */
export type WorkerReply = { type: 'ready' } | { type: 'done'; id: number; result: ReadAndPreview } | { type: 'failed'; id: number; detail: string };

/** Checks a message from the worker before it is trusted (a reply of another shape is a failure, not a crash). */
export function isWorkerReply(x: unknown): x is WorkerReply {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  if (m.type === 'ready') return true;
  if (typeof m.id !== 'number') return false;
  if (m.type === 'failed') return typeof m.detail === 'string';
  if (m.type !== 'done' || typeof m.result !== 'object' || m.result === null) return false;
  const r = m.result as Record<string, unknown>;
  return typeof r.read === 'object' && r.read !== null && typeof r.preview === 'object' && r.preview !== null;
}

/** A short, single-line description of whatever was thrown (for the message that names the file). */
export function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : typeof e === 'string' ? e : String(e);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line || 'unknown error';
}

/**
 * Up to this many figures, the read keeps them for the dialog, which previews another mapping from them
 * on the page at once (remapAndPreview); a larger file is read again in the worker instead.
 */
export const REMAP_RECORDS_MAX = 20_000;

/**
 * The dialog's read, the same in the worker and on the main thread: the file's figures previewed
 * against the workbook. The dialog shows the preview, not the cells it was made of, so they are
 * dropped (half the data need not be copied back from a worker), and only the first messages.
 */
export async function readForDialog(req: Omit<ReadRequest, 'id' | 'fileId'>, tables?: ReadResult, workbook?: Workbook): Promise<ReadAndPreview> {
  const wb = workbook ?? (req.workbook ? workbookFromValues(req.workbook) : null);
  if (!wb) throw new Error('no workbook to preview against');
  const result = await readAndPreview(req.bytes, req.file, wb, req.opts, tables);
  const read = result.read;
  read.cells = [];
  // A name no indicator matched is shown in the dialog's name table (with its suggestions), not as a
  // message: such warnings are neither sent nor counted among the messages left out.
  read.warnings = read.warnings.filter((w) => w.code !== 'unmatched-row');
  // The dialog lists the first messages only; 200,000 of them (one per unknown name) would take the page
  // seconds just to receive from the worker. The counts of the rest are kept.
  if (read.errors.length > DIALOG_MESSAGES || read.warnings.length > DIALOG_MESSAGES) {
    read.omitted = { errors: Math.max(0, read.errors.length - DIALOG_MESSAGES), warnings: Math.max(0, read.warnings.length - DIALOG_MESSAGES) };
    read.errors = read.errors.slice(0, DIALOG_MESSAGES);
    read.warnings = read.warnings.slice(0, DIALOG_MESSAGES);
  }
  // the table's lines only served the matching; the figures serve remapping while there are not too many
  delete read.lines;
  if (req.batch || (read.records?.length ?? 0) > REMAP_RECORDS_MAX) delete read.records;
  if (req.batch) result.preview.changes = [];
  return result;
}

/**
 * The worker's reads (import-worker.ts), with what it keeps between them: the last file's tables (choosing
 * another sheet, year or mapping does not read the file again) and the last workbook snapshot, built once
 * (the next files of a round come without it: ReadRequest.workbookId).
 */
export class WorkerReads {
  #tables: { fileId: number; tables: ReadResult } | null = null;
  #snapshot: { id: number; workbook: Workbook } | null = null;

  async read(req: ReadRequest): Promise<ReadAndPreview> {
    // the snapshot first: kept for the next files even when this one fails
    let workbook: Workbook;
    if (req.workbook) {
      workbook = workbookFromValues(req.workbook);
      this.#snapshot = req.workbookId === undefined ? null : { id: req.workbookId, workbook };
    } else if (this.#snapshot && this.#snapshot.id === req.workbookId) workbook = this.#snapshot.workbook;
    else throw new Error('the workbook snapshot was not sent');
    const tables = this.#tables?.fileId === req.fileId ? this.#tables.tables : await readTables(req.bytes, req.file);
    this.#tables = { fileId: req.fileId, tables };
    return readForDialog(req, tables, workbook);
  }
}

/** How many errors and how many warnings of a read reach the dialog (it shows fewer). */
export const DIALOG_MESSAGES = 100;
