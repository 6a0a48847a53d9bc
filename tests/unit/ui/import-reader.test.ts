import { describe, expect, it } from 'vitest';
import { rebasePreview, workbookValues } from '../../../src/core/import/index.ts';
import { describeError, isWorkerReply, readForDialog, REMAP_RECORDS_MAX, WorkerReads, type ReadRequest, type WorkerReply } from '../../../src/ui/import-protocol.ts';
import { ImportReader, WorkbookSnapshot, type WorkerLike } from '../../../src/ui/import-reader.ts';
import { baselineWorkbook, utf8 } from '../import/helpers.ts';

/** A worker the test drives by hand: it records what it is sent and whether it was terminated. */
class FakeWorker implements WorkerLike {
  sent: ReadRequest[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(m: unknown): void {
    this.sent.push(m as ReadRequest);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerReply | unknown): void {
    this.onmessage?.({ data: m } as MessageEvent);
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const CSV = '指标,2020\n各级各类学校(幼儿园)数,941\n';
const request = () => ({ fileId: 1, bytes: utf8(CSV), file: 'county.csv', workbook: workbookValues(baselineWorkbook()), opts: {} });

function withFakes(timeoutMs = 60_000): { reader: ImportReader; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const reader = new ImportReader({
    timeoutMs,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { reader, workers };
}

describe('ImportReader', () => {
  it('sends the file to the worker and returns its preview', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    expect(reader.busy).toBe(true);
    const [w] = workers;
    w.reply({ type: 'ready' });
    expect(w.sent[0]).toMatchObject({ id: 1, fileId: 1, file: 'county.csv' });
    const main = await new ImportReader({ createWorker: null }).read(request());
    if (main.kind !== 'done') throw new Error('main-thread read failed');
    w.reply({ type: 'done', id: 1, result: main.result });
    expect(await pending).toEqual({ kind: 'done', via: 'worker', result: main.result });
    expect(reader.busy).toBe(false);
    expect(w.terminated).toBe(false);
  });

  it('cancel terminates the worker and settles the read as cancelled; the next read starts a new worker', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    workers[0].reply({ type: 'ready' });
    reader.cancel();
    expect(await pending).toEqual({ kind: 'cancelled' });
    expect(workers[0].terminated).toBe(true);
    expect(reader.busy).toBe(false);
    // a late reply from the stopped worker is ignored
    workers[0].reply({ type: 'done', id: 1, result: { read: {}, preview: {} } });
    void reader.read(request());
    expect(workers).toHaveLength(2);
    reader.dispose();
  });

  it('a read that takes longer than the timeout terminates the worker and says how long it waited', async () => {
    const { reader, workers } = withFakes(50);
    const pending = reader.read(request());
    workers[0].reply({ type: 'ready' });
    expect(await pending).toEqual({ kind: 'timeout', seconds: 0 });
    expect(workers[0].terminated).toBe(true);
    expect(reader.busy).toBe(false);
  });

  it('the default timeout is 30 seconds', () => {
    expect(new ImportReader({ createWorker: null }).timeoutMs).toBe(30_000);
  });

  it('a worker that breaks after starting fails the read with its message', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    workers[0].reply({ type: 'ready' });
    workers[0].fail('Uncaught RangeError: Array buffer allocation failed');
    expect(await pending).toEqual({ kind: 'failed', detail: 'Uncaught RangeError: Array buffer allocation failed' });
    expect(workers[0].terminated).toBe(true);
  });

  it('an error the worker reports is a failed read', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    workers[0].reply({ type: 'ready' });
    workers[0].reply({ type: 'failed', id: 1, detail: 'the spreadsheet library could not be loaded' });
    expect(await pending).toEqual({ kind: 'failed', detail: 'the spreadsheet library could not be loaded' });
  });

  it('a reply of another shape is a failed read, not a crash', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    workers[0].reply({ type: 'done', id: 1 });
    expect(await pending).toEqual({ kind: 'failed', detail: 'the reading worker sent an unexpected reply' });
  });

  it('a worker that cannot start (its script fails before it is ready) falls back to the main thread for good', async () => {
    const { reader, workers } = withFakes();
    const pending = reader.read(request());
    workers[0].fail('');
    const got = await pending;
    expect(got.kind === 'done' && got.via).toBe('main');
    expect(got.kind === 'done' && got.result.preview.changes.map((c) => c.key)).toEqual(['schools_total@2020']);
    const again = await reader.read(request());
    expect(again.kind === 'done' && again.via).toBe('main');
    expect(workers).toHaveLength(1);
  });

  it('without Worker (or when it cannot be constructed) reads on the main thread', async () => {
    const none = await new ImportReader({ createWorker: null }).read(request());
    expect(none.kind === 'done' && none.via).toBe('main');
    const throwing = new ImportReader({
      createWorker: () => {
        throw new Error('SecurityError');
      },
    });
    const got = await throwing.read(request());
    expect(got.kind === 'done' && got.via).toBe('main');
    // in Node there is no Worker: the default is the main thread (the CLI never uses this class)
    const dflt = await new ImportReader().read(request());
    expect(dflt.kind === 'done' && dflt.via).toBe('main');
  });

  it('the main-thread read drops the cells as the worker does, and a bad file is a result, not a failure', async () => {
    const r = await new ImportReader({ createWorker: null }).read({ ...request(), bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), file: 'cut.xlsx' });
    if (r.kind !== 'done') throw new Error('expected a result');
    expect(r.result.read.cells).toEqual([]);
    expect(r.result.read.errors.map((e) => e.code)).toEqual(['xlsx-truncated']);
    expect(r.result.read.errors[0].message.zh).toContain('cut.xlsx');
  });
});

describe('the dialog read', () => {
  it('posts back the mapping and preview, and the figures a remap on the page needs, but not the table lines', async () => {
    const { fileId: _f, ...req } = request();
    const r = await readForDialog({ ...req, bytes: utf8('指标,单位,2021年\n小学,所,45\n在校生,人,30100\n'), file: 'x.csv' });
    expect(r.read.mapping.map((m) => m.indicatorId)).toEqual(['schools_primary', 'students_primary']);
    expect(r.preview.changes).toHaveLength(2);
    expect([r.read.cells, r.read.lines]).toEqual([[], undefined]);
    expect(r.read.records).toHaveLength(2);
  });
});

describe('the worker protocol', () => {
  const cases: [unknown, boolean][] = [
    [{ type: 'ready' }, true],
    [{ type: 'done', id: 3, result: { read: {}, preview: {} } }, true],
    [{ type: 'failed', id: 3, detail: 'x' }, true],
    [{ type: 'done', id: 3 }, false],
    [{ type: 'done', id: '3', result: { read: {}, preview: {} } }, false],
    [{ type: 'done', id: 3, result: { read: null, preview: {} } }, false],
    [{ type: 'failed', id: 3 }, false],
    [{ type: 'other', id: 3 }, false],
    [null, false],
    ['ready', false],
  ];
  for (const [m, ok] of cases) it(`isWorkerReply(${JSON.stringify(m)}) is ${ok}`, () => expect(isWorkerReply(m)).toBe(ok));

  it('describeError gives one short line', () => {
    expect(describeError(new RangeError('out of\n  memory'))).toBe('out of memory');
    expect(describeError('x'.repeat(500))).toHaveLength(200);
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(new Error(''))).toBe('Error');
  });
});

describe('readForDialog keeps the figures for remapping on the page, up to a limit', () => {
  const table = (n: number) => utf8(['指标,2020', ...Array.from({ length: n }, (_, i) => `名称${i},${i}`)].join('\n') + '\n');
  it.each([
    [10, true],
    [REMAP_RECORDS_MAX, true],
    [REMAP_RECORDS_MAX + 1, false],
  ])('%i figures kept: %s', async (n, kept) => {
    const r = await readForDialog({ bytes: table(n), file: 't.csv', workbook: workbookValues(baselineWorkbook()), opts: {} });
    expect(r.read.records?.length).toBe(kept ? n : undefined);
    expect(r.read.lines).toBeUndefined(); // only the matching used them
  });

  it('the memory travels with the workbook snapshot: a remembered row is matched in the read', async () => {
    const wb = baselineWorkbook();
    wb.importMemory.set({ label: '名称3', unit: null, indicator: 'schools_primary', how: 'user' });
    const r = await readForDialog({ bytes: table(5), file: 't.csv', workbook: structuredClone(workbookValues(wb)), opts: {} });
    expect(r.read.mapping.find((m) => m.label === '名称3')).toMatchObject({ indicatorId: 'schools_primary', how: 'remembered' });
  });
});

describe("a round's files are read against one workbook snapshot, sent to the worker once", () => {
  const COUNTY = (n: number) => utf8(`指标,2020\n各级各类学校(幼儿园)数,${900 + n}\n小学在校生数,${1000 + n}\n`);
  const roundRequest = (fileId: number, snap: { workbook: ReturnType<typeof workbookValues>; workbookId: number }) => ({ fileId, bytes: COUNTY(fileId), file: `county${fileId}.csv`, ...snap, opts: {} });

  it('the reader leaves the snapshot out of the next reads against it, and sends it again to a new worker or with another snapshot', () => {
    const { reader, workers } = withFakes();
    const snap = new WorkbookSnapshot(() => workbookValues(baselineWorkbook()));
    void reader.read(roundRequest(1, snap.get()));
    void reader.read(roundRequest(2, snap.get()));
    void reader.read(roundRequest(3, snap.get()));
    expect(workers[0].sent.map((m) => m.workbook !== null)).toEqual([true, false, false]);
    const id = snap.get().workbookId;
    expect(workers[0].sent.map((m) => m.workbookId)).toEqual([id, id, id]);
    reader.cancel(); // the worker is gone, and its snapshot with it
    void reader.read(roundRequest(4, snap.get()));
    expect(workers[1].sent[0].workbook).not.toBeNull();
    snap.renew(); // a unit was added: another snapshot
    void reader.read(roundRequest(5, snap.get()));
    void reader.read({ ...request(), fileId: 6 }); // the single-file dialog numbers none: always sent
    void reader.read({ ...request(), fileId: 7 });
    expect(workers[1].sent.slice(1).map((m) => m.workbook !== null)).toEqual([true, true, true]);
    reader.dispose();
  });

  it('WorkbookSnapshot takes the workbook once until renewed, each snapshot with a new number', () => {
    let taken = 0;
    const snap = new WorkbookSnapshot(() => (taken++, workbookValues(baselineWorkbook())));
    const a = snap.get();
    expect(snap.get()).toBe(a);
    snap.renew();
    const b = snap.get();
    expect(taken).toBe(2);
    expect(b.workbookId).not.toBe(a.workbookId);
  });

  it('the worker previews a file sent without the snapshot against the one it kept: the same result as sending it', async () => {
    const reads = new WorkerReads();
    const snap = { workbook: structuredClone(workbookValues(baselineWorkbook())), workbookId: 41 };
    await reads.read({ id: 1, ...roundRequest(1, snap) });
    const kept = await reads.read({ id: 2, ...roundRequest(2, snap), workbook: null });
    expect(kept).toEqual(await readForDialog(roundRequest(2, snap)));
    expect(kept.preview.changes.map((c) => c.key)).toEqual(['schools_total@2020', 'students_primary@2020']);
  });

  it('a worker that does not hold the snapshot named fails the read (nothing is previewed against another workbook)', async () => {
    const reads = new WorkerReads();
    const snap = { workbook: workbookValues(baselineWorkbook()), workbookId: 7 };
    await expect(reads.read({ id: 1, ...roundRequest(1, snap), workbook: null })).rejects.toThrow('the workbook snapshot was not sent');
    await reads.read({ id: 2, ...roundRequest(2, snap) });
    await expect(reads.read({ id: 3, ...roundRequest(3, { ...snap, workbookId: 8 }), workbook: null })).rejects.toThrow('the workbook snapshot was not sent');
  });
});

describe('a round file read for the batch view sends back no changes and no figures; the page rebases its preview', () => {
  it('rebased on the workbook, the batch reply previews what the single-file read previews', async () => {
    const wb = baselineWorkbook();
    const bytes = utf8('指标,2019,2020\n各级各类学校(幼儿园)数,934,941\n小学在校生数,1,2\n');
    const full = await readForDialog({ bytes, file: 'c.csv', workbook: workbookValues(wb), opts: {} });
    const batch = await readForDialog({ bytes, file: 'c.csv', workbook: workbookValues(wb, { values: false }), batch: true, opts: {} });
    expect(batch.read.records).toBeUndefined();
    expect(batch.preview.changes).toEqual([]);
    const { records: _records, ...read } = full.read;
    expect(batch.read).toEqual(read);
    expect(rebasePreview(wb, batch.preview)).toEqual(full.preview);
    // (the table has a figure the workbook holds unchanged, one it holds otherwise and new ones)
    expect(full.preview.cells.map((c) => c.status).sort()).toEqual(['changed', 'new', 'new', 'unchanged']);
  });
});
