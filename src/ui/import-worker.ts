/**
 * The import dialog's reader, off the main thread: bytes → tables → layout, matching, cells →
 * preview against a snapshot of the workbook. A thin adapter over the pure core (the same
 * `readAndPreview` the dialog calls when no worker can be started), so both give the same result.
 * The dialog terminates this worker to cancel a read or when it takes too long.
 */
import { describeError, WorkerReads, type ReadRequest, type WorkerReply } from './import-protocol.ts';

/** The worker's global scope, typed by what is used (the DOM and WebWorker type libraries cannot both be loaded). */
const scope = self as unknown as { postMessage(m: WorkerReply): void; onmessage: ((ev: MessageEvent<ReadRequest>) => void) | null };
const post = (m: WorkerReply) => scope.postMessage(m);

const reads = new WorkerReads();

scope.onmessage = async (ev: MessageEvent<ReadRequest>) => {
  const req = ev.data;
  try {
    post({ type: 'done', id: req.id, result: await reads.read(req) });
  } catch (e) {
    post({ type: 'failed', id: req.id, detail: describeError(e) });
  }
};

post({ type: 'ready' });
