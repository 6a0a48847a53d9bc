import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { baselineWorkbook } from '../../src/app.ts';
import { workbookValues } from '../../src/core/import/index.ts';
import { ImportReader, type ReadOutcome, type ReaderOptions, type WorkerLike } from '../../src/ui/import-reader.ts';
import wideUrl from '../../data/samples/next-year-2020-wide-utf8.csv?url';
import gbUrl from '../../data/samples/next-year-2020-label-value-gb18030.csv?url';
import longUrl from '../../data/samples/next-year-2020-long.csv?url';
import xlsxUrl from '../../data/samples/next-year-2020-merged-header.xlsx?url';
import { cleanup, freshDbName, longestStall, mountApp, testId, type Mounted } from './helpers.ts';

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
const SLOW = { timeout: 30_000 };

/**
 * A multi-MB CSV that takes the reader most of a second on the main thread: `rows` long-layout lines
 * of three of the catalog's names for 2020, each given many times with the same figure (so the
 * preview, and showing it, stays small), with a note column to make the bytes.
 */
function bigCsv(rows: number): File {
  const names = ['schools_total', 'schools_senior_high', 'schools_kindergarten'].map((id) => CATALOG.indicators.find((i) => i.id === id)!.label.zh);
  const lines = ['指标,年份,数值,备注'];
  for (let i = 0; i < rows; i++) lines.push(`${names[i % 3]},2020,${100 + (i % 3)},第${i}行：县里报来的说明文字，只为让文件变大而不影响读出的数`);
  return new File([new TextEncoder().encode(lines.join('\n') + '\n')], 'big-2020.csv');
}

/** A CSV whose names are all unknown (each gets ranked suggestions, and the dialog lists 200 of them). */
function slowCsv(rows: number): File {
  const lines = ['指标,2019,2020'];
  for (let i = 0; i < rows; i++) lines.push(`某县第${i}所学校上报的一个目录中没有的很长的指标名称,${i},${i + 1}`);
  return new File([new TextEncoder().encode(lines.join('\n') + '\n')], 'slow-2020.csv');
}

function choose(file: File): void {
  const dt = new DataTransfer();
  dt.items.add(file);
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function openDialog(m: Mounted): Promise<void> {
  await userEvent.click(testId(m, 'import'));
  await expect.poll(dialog, SLOW).toBeTruthy();
}

/** Every figure of the workbook, as text: what "nothing changed" is checked against. */
const figures = (m: Mounted) => JSON.stringify([...m.app.session.workbook.values].sort(([a], [b]) => a.localeCompare(b)));


/** Opens the dialog of a fresh app, chooses `file` and returns the app once the choice is made. */
async function importWith(reader: ReaderOptions, file: File): Promise<Mounted> {
  const a = await mountApp({ dbName: freshDbName('import-worker'), rules, importReader: reader });
  await openDialog(a);
  choose(file);
  return a;
}

/**
 * A worker that loads and then never answers: a read that does not end. Stopping and the timeout are
 * tested with it, not with a slow file, since matching names got fast enough (20,000 unknown names in
 * ~0.2 s) that no file within the limits reliably keeps the real worker busy for seconds.
 */
function stuckWorker(): WorkerLike {
  const url = URL.createObjectURL(new Blob([`postMessage({ type: 'ready' }); onmessage = () => {};`], { type: 'text/javascript' }));
  return new Worker(url, { type: 'module' });
}

/** The worker `make` starts, with its terminations counted. */
function countedWorker(make: () => WorkerLike): { factory: () => WorkerLike; terminated: () => number } {
  let n = 0;
  return {
    factory: () => {
      const w = make();
      const terminate = w.terminate.bind(w);
      w.terminate = () => {
        n++;
        terminate();
      };
      return w;
    },
    terminated: () => n,
  };
}

const summary = () => inDialog('import-summary')?.textContent ?? '';
const failure = () => inDialog('import-failure')?.textContent ?? '';
const commitDisabled = () => (inDialog('import-commit') as HTMLButtonElement).disabled;

describe('the import reads files in a worker', () => {
  it('the page stays responsive while a multi-MB CSV is read (a timer asked for every 10 ms is never late by 2 s)', async () => {
    const file = bigCsv(60_000);
    expect(file.size).toBeGreaterThan(5_000_000);
    const a = await mountApp({ dbName: freshDbName('import-responsive'), rules });
    await openDialog(a);
    const stall = await longestStall(async () => {
      choose(file);
      await expect.poll(summary, SLOW).toMatch(/新增 3 格/);
    });
    // read on the main thread, the same file stalls the page for 0.8–3 s on this machine
    console.log(`longest stall while reading ${(file.size / 1e6).toFixed(1)} MB in the worker: ${stall.toFixed(0)} ms`);
    // what remains is the task that takes the reply and shows the preview (~100–250 ms here, idle). The bound is
    // loose on purpose (a shared 2-core machine): it tells a worker read from a frozen page, not a speed goal;
    // the speed is measured in npm run bench.
    expect(stall).toBeLessThan(2_000);
  });

  it('showing 20,000 names the catalog lacks does not freeze the page (a timer asked for every 10 ms is never late by 3 s)', async () => {
    const a = await mountApp({ dbName: freshDbName('import-unknown-names'), rules });
    await openDialog(a);
    const stall = await longestStall(async () => {
      choose(slowCsv(20_000));
      await expect.poll(() => inDialog('import-mapping')?.querySelectorAll('tbody tr[data-testid^="row-"]').length ?? 0, SLOW).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
    });
    // each listed name's menu held every indicator before it was focused: the same file stalled the page ~1.6 s
    console.log(`longest stall while showing 20,000 unknown names: ${stall.toFixed(0)} ms`);
    expect(inDialog('import-mapping')!.querySelectorAll('option').length).toBeLessThan(200 * 6);
    // loose on purpose, as above: the freeze this guards against lasted many seconds
    expect(stall).toBeLessThan(3_000);
  });

  it('"停止读取" terminates the worker: no preview arrives, nothing can be imported, the workbook is unchanged', async () => {
    const w = countedWorker(stuckWorker);
    const a = await importWith({ createWorker: w.factory }, slowCsv(12_000));
    const before = figures(a);
    await expect.poll(() => inDialog('import-reading')?.textContent ?? '', SLOW).toContain('正在读取“slow-2020.csv”');
    await userEvent.click(inDialog('import-stop')!);
    await expect.poll(failure).toContain('已停止读取“slow-2020.csv”');
    expect(w.terminated()).toBe(1);
    expect(inDialog('import-reading')).toBeNull();
    // nothing turns up afterwards either
    await new Promise((r) => setTimeout(r, 3_000));
    expect(summary()).toBe('');
    expect(commitDisabled()).toBe(true);
    await userEvent.click(inDialog('import-cancel')!);
    await expect.poll(dialog).toBeNull();
    expect(figures(a)).toBe(before);
    expect(a.app.session.canUndo).toBe(false);
  });

  it('a read that takes longer than the timeout is stopped with a message naming the file', async () => {
    const w = countedWorker(stuckWorker);
    const a = await importWith({ createWorker: w.factory, timeoutMs: 2_000 }, slowCsv(40_000));
    const before = figures(a);
    await expect.poll(failure, SLOW).toContain('读取“slow-2020.csv”超过 2 秒，已停止');
    expect(w.terminated()).toBe(1);
    expect(dialog()!.querySelector('[role="alert"]')!.textContent).toContain('slow-2020.csv');
    expect(summary()).toBe('');
    expect(commitDisabled()).toBe(true);
    expect(figures(a)).toBe(before);
    // in English too
    await a.app.session.setLang('en');
    await expect.poll(failure).toContain('Reading “slow-2020.csv” took more than 2 seconds and was stopped');
  });

  it('a worker that breaks while reading gives a message naming the file; the workbook is unchanged', async () => {
    const script = `postMessage({ type: 'ready' }); onmessage = () => { throw new Error('worker broke'); };`;
    const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    const a = await importWith({ createWorker: () => new Worker(url, { type: 'module' }) }, new File(['指标,2020\n各级各类学校(幼儿园)数,941\n'], 'county.csv'));
    const before = figures(a);
    await expect.poll(failure, SLOW).toMatch(/无法读取“county\.csv”（.*worker broke.*），工作簿没有任何改动/);
    expect(commitDisabled()).toBe(true);
    expect(figures(a)).toBe(before);
  });

  it('where no worker can start, the file is read on the main thread and imports as before', async () => {
    const bytes = await (await fetch(xlsxUrl)).arrayBuffer();
    for (const reader of [{ createWorker: null }, { createWorker: () => new Worker('/no-such-worker.js', { type: 'module' }) }] as ReaderOptions[]) {
      const a = await importWith(reader, new File([bytes], 'next-year-2020-merged-header.xlsx'));
      await expect.poll(summary, SLOW).toMatch(/新增 \d+ 格/);
      expect(failure()).toBe('');
      await userEvent.click(inDialog('import-commit')!);
      await expect.poll(dialog, SLOW).toBeNull();
      expect(a.app.session.workbook.get('teachers_total', '2020').raw).toBe('34,890');
      await a.unmount();
    }
  });
});

describe('the worker reads exactly what the main thread reads', () => {
  const samples: [string, string][] = [
    [wideUrl, 'next-year-2020-wide-utf8.csv'],
    [gbUrl, 'next-year-2020-label-value-gb18030.csv'],
    [longUrl, 'next-year-2020-long.csv'],
    [xlsxUrl, 'next-year-2020-merged-header.xlsx'],
  ];
  for (const [url, name] of samples) {
    it(`data/samples/${name}`, async () => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const workbook = workbookValues(await baselineWorkbook());
      const req = { fileId: 1, bytes, file: name, workbook, opts: name.includes('label-value') ? { period: '2020' } : {} };
      const inWorker = new ImportReader();
      const onMain = new ImportReader({ createWorker: null });
      const w: ReadOutcome = await inWorker.read(req);
      const m: ReadOutcome = await onMain.read(req);
      inWorker.dispose();
      expect(w.kind === 'done' && w.via).toBe('worker');
      expect(m.kind === 'done' && m.via).toBe('main');
      if (w.kind !== 'done' || m.kind !== 'done') return;
      expect(w.result.read.errors).toEqual([]);
      expect(w.result.preview.cells.length).toBeGreaterThan(10);
      expect(w.result).toEqual(m.result);
    });
  }
});
