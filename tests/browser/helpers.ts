import { expect, vi } from 'vitest';
import { startApp, type AppHandle, type AppOptions } from '../../src/app.ts';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import type { RuleFile } from '../../src/core/rules/types.ts';

/** A unique IndexedDB name per test, so tests never see each other's data. */
export function freshDbName(test: string): string {
  return `test-${test}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A small real rule set: the report's school total and the split of senior high schools. */
export const TEST_RULES: RuleFile = loadRuleFile(
  {
    version: 'browser-test',
    rules: [
      {
        id: 'schools_total_balance',
        kind: 'balance',
        severity: 'error',
        total: 'schools_total',
        parts: ['schools_university', 'schools_open_university', 'schools_senior_high', 'schools_vocational', 'schools_compulsory', 'schools_kindergarten', 'schools_special'],
      },
      { id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] },
      { id: 'schools_jump', kind: 'previous', severity: 'warning', mode: 'jump', indicator: 'schools_kindergarten', threshold: 0.3 },
    ],
  },
  CATALOG,
);

export interface Mounted {
  app: AppHandle;
  target: HTMLElement;
  /** Unmounts the app (the database stays). */
  unmount(): Promise<void>;
}

const mounted = new Set<Mounted>();
const databases = new Set<string>();

/** Mounts the whole app into a fresh element, as main.ts does, and waits for the grid's rows. */
export async function mountApp(opts: Omit<AppOptions, 'target'>): Promise<Mounted> {
  const target = document.createElement('div');
  target.style.height = '768px';
  document.body.append(target);
  if (opts.dbName) databases.add(opts.dbName);
  // Tests type into 2019 freely unless they ask for the app's default lock (BASELINE_LOCKED).
  const app = await startApp({ rules: TEST_RULES, defaultLocked: [], ...opts, target });
  await expect.poll(() => target.querySelector('.ag-row[row-id="schools_total"] [col-id="p:2019"]')).toBeTruthy();
  // the find bar loads right after the first paint (not part of the first load)
  await expect.poll(() => target.querySelector('[data-testid="find"]'), { timeout: 5000 }).toBeTruthy();
  const m: Mounted = {
    app,
    target,
    async unmount() {
      if (!mounted.delete(m)) return;
      await app.destroy();
      target.remove();
    },
  };
  mounted.add(m);
  return m;
}

/** Unmounts every app and deletes the test databases (afterEach). */
export async function cleanup(): Promise<void> {
  for (const m of [...mounted]) await m.unmount();
  for (const name of databases) {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  }
  databases.clear();
  // The language choice is also remembered in localStorage; each test starts in Chinese.
  localStorage.removeItem('edu-stats:lang');
}

/** The grid cell element of an indicator in a period. */
export function cellEl(m: Mounted, indicator: string, period: string): HTMLElement {
  const el = m.target.querySelector<HTMLElement>(`.ag-row[row-id="${indicator}"] [col-id="p:${period}"]`);
  if (!el) throw new Error(`no cell ${indicator} ${period}`);
  return el;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** Scrolls a row into view and returns its cell element once rendered and settled. */
export async function visibleCell(m: Mounted, indicator: string, period: string): Promise<HTMLElement> {
  const node = m.app.grid()?.api.getRowNode(indicator);
  if (node?.rowIndex != null) m.app.grid()?.api.ensureIndexVisible(node.rowIndex, 'middle');
  await expect.poll(() => m.target.querySelector(`.ag-row[row-id="${indicator}"] [col-id="p:${period}"]`)).toBeTruthy();
  // The grid renders scrolled rows on animation frames: let it finish before anyone clicks.
  await frame();
  await frame();
  return cellEl(m, indicator, period);
}

export function focusedKey(m: Mounted): string | null {
  const f = m.app.grid()?.api.getFocusedCell();
  if (!f) return null;
  const d = m.app.grid()?.api.getDisplayedRowAtIndex(f.rowIndex)?.data;
  return d ? `${d.id}@${f.column.getColId().replace('p:', '')}` : null;
}

export function testId(m: Mounted, id: string): HTMLElement {
  const el = m.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no [data-testid=${id}]`);
  return el;
}

/** Fires a real paste event with text/plain on the focused element, as a browser does on Ctrl+V. */
export function paste(text: string): void {
  const dt = new DataTransfer();
  dt.setData('text/plain', text);
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
}

/** Fires a copy event on the focused element and returns what the app put on the clipboard. */
export function copy(): string {
  const dt = new DataTransfer();
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
  return dt.getData('text/plain');
}

/**
 * Focuses a cell through the grid (keyboard focus lands on it, as after a click). Used after the grid
 * re-rendered cells: a clicked element is re-resolved by position in the DOM, which AG Grid reorders.
 */
export async function focusCell(m: Mounted, indicator: string, period: string): Promise<HTMLElement> {
  const el = await visibleCell(m, indicator, period);
  const api = m.app.grid()!.api;
  api.setFocusedCell(api.getRowNode(indicator)!.rowIndex!, `p:${period}`);
  await frame();
  return el;
}

/** Captures what the app hands to the browser's download (the Blob behind the object URL). */
export function captureDownloads(): Blob[] {
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    blobs.push(b as Blob);
    return 'blob:captured';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return blobs;
}

/** Measures the longest gap between timer ticks (asked for every 10 ms) until `done` resolves. */
export async function longestStall(done: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await done();
  } finally {
    clearInterval(timer);
  }
  return Math.max(worst, performance.now() - last);
}

/** The import dialog's body, or null when it is closed. */
export const importDialog = (): HTMLElement | null => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');

/**
 * Imports one file through the import dialog as a user does: 导入, the file given to the dialog's file input,
 * 导入 once the preview allows it; resolves when the dialog has closed. The dialog's code loads on first use,
 * so a loaded machine may take a few seconds.
 */
export async function importThroughDialog(m: Mounted, file: File): Promise<void> {
  // loaded here, not at the top: this module is also loaded by the second tab (tab/entry.ts), outside the test runner
  const { userEvent } = await import('vitest/browser');
  await userEvent.click(testId(m, 'import'));
  await expect.poll(importDialog, { timeout: 10_000 }).toBeTruthy();
  const dt = new DataTransfer();
  dt.items.add(file);
  const input = importDialog()!.querySelector<HTMLInputElement>('[data-testid="import-file"]')!;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const commit = () => importDialog()?.querySelector<HTMLElement>('[data-testid="import-commit"]') ?? null;
  await expect.poll(commit, { timeout: 10_000 }).toBeTruthy();
  await userEvent.click(commit()!);
  await expect.poll(importDialog, { timeout: 10_000 }).toBeNull();
}
