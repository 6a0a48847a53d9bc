import { readAndPreview, workbookFromValues, type ReadAndPreview, type ReadFiguresOptions, type ReadResult, type WorkbookValues } from '../core/import/index.ts';

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
  workbook: WorkbookValues;
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
 * The dialog's read, the same in the worker and on the main thread: the file's figures previewed
 * against the workbook. The dialog shows the preview, not the cells it was made of, so they are
 * dropped (half the data need not be copied back from a worker).
 */
export async function readForDialog(req: Omit<ReadRequest, 'id' | 'fileId'>, tables?: ReadResult): Promise<ReadAndPreview> {
  const result = await readAndPreview(req.bytes, req.file, workbookFromValues(req.workbook), req.opts, tables);
  result.read.cells = [];
  // Likewise what only a remap from the read records needs (remapAndPreview): a figure per cell again.
  delete result.read.records;
  delete result.read.lines;
  delete result.read.readIssues;
  return result;
}
