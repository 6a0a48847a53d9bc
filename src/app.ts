import { mount, unmount } from 'svelte';
import { CATALOG } from './core/data/catalog.ts';
import type { ExportFormat } from './core/io/export.ts';
import type { Catalog } from './core/model/catalog.ts';
import type { Workbook } from './core/model/workbook.ts';
import { loadRuleFile } from './core/rules/load.ts';
import type { RuleFile } from './core/rules/types.ts';
import { idbStoreFactory } from './storage/idb-store.ts';
import { memoryStoreFactory } from './storage/memory-store.ts';
import { DEFAULT_WORKBOOK, type StoreFactory, type UiLang, type WorkbookStore } from './storage/store.ts';
import App from './ui/App.svelte';
import type { GridController } from './ui/grid.ts';
import type { ReaderOptions } from './ui/import-reader.ts';
import { t } from './ui/i18n.ts';
import { Session } from './ui/session.svelte.ts';
import { ViewState } from './ui/view.svelte.ts';
import { download } from './ui/download.ts';

/**
 * The composition root: builds the catalog, rules, store, session and screen, and hands each what it
 * needs. Everything else receives its collaborators; nothing else constructs them.
 */

export const DEFAULT_DB_NAME = 'edu-stats-workbook';

/** The baseline's published year: locked until the user unlocks it in the year's column header. */
export const BASELINE_LOCKED: readonly string[] = ['2019'];

// data/rules.json is picked up when it exists (the report's rule set is written separately).
const ruleModules = import.meta.glob<unknown>('../data/rules.json', { eager: true, import: 'default' });

/** The report's rule set, or no cross-field rules (per-value checks still run) until data/rules.json exists. */
export function defaultRules(catalog: Catalog = CATALOG): RuleFile {
  const json = Object.values(ruleModules)[0];
  return json === undefined ? { version: 'none', rules: [] } : loadRuleFile(json, catalog, 'data/rules.json');
}

/** The 2019 report's figures as a workbook (data/baseline-2019.json, re-parsed and checked). */
export async function baselineWorkbook(catalog: Catalog = CATALOG): Promise<Workbook> {
  // only the first start and "reset" need it: the figures and the workbook-file checks load then
  const [{ BASELINE_2019_JSON, BASELINE_2019_FILE }, { workbookFromJson }] = await Promise.all([import('./core/data/baseline.ts'), import('./core/io/workbook-json.ts')]);
  return workbookFromJson(BASELINE_2019_JSON, catalog, BASELINE_2019_FILE);
}

export interface AppOptions {
  target: HTMLElement;
  /** IndexedDB database name (tests give each test its own). */
  dbName?: string;
  workbookId?: string;
  /** Replaces IndexedDB (tests: a failing or in-memory factory). */
  storeFactory?: StoreFactory;
  rules?: RuleFile;
  catalog?: Catalog;
  /** The workbook on first start (default: the 2019 report); the benchmark starts from a generated one. */
  baseline?: () => Workbook | Promise<Workbook>;
  /** How the import dialog reads files (tests: a short timeout, or no worker). Default: a worker, 30 s. */
  importReader?: ReaderOptions;
  /** While storage is full, how often saving is tried again (ms; tests: short). */
  saveRetryMs?: number;
  /** Years locked against edits until the user unlocks them (default: the report's own year, 2019). */
  defaultLocked?: readonly string[];
}

export interface AppHandle {
  session: Session;
  view: ViewState;
  /** The grid once mounted (null before mount and after destroy). */
  grid(): GridController | null;
  /** Downloads the workbook as JSON with its validation report. */
  exportJson(): void;
  /** Time from start to a ready session, in ms (for the open-time measurement). */
  openMs: number;
  /** Unmounts the screen; resolves when queued writes are stored and the database is closed. */
  destroy(): Promise<void>;
}

function initialLang(): UiLang {
  try {
    const l = localStorage.getItem('edu-stats:lang');
    if (l === 'zh' || l === 'en') return l;
  } catch {
    // storage blocked: default
  }
  return 'zh';
}

function reasonOf(e: unknown): string {
  return e instanceof Error || e instanceof DOMException ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Downloads the workbook in one format with its validation report. Exporting with errors is allowed,
 * but the user is first told how many there are (the file itself then says it is not valid).
 */
export async function exportAs(
  session: Session,
  format: ExportFormat,
  ask: (message: string) => Promise<boolean>,
  notify: (message: string) => void,
): Promise<boolean> {
  const result = session.validationResult();
  if (result.counts.error > 0 && !(await ask(t(session.lang, 'exportWithErrors', { n: result.counts.error })))) return false;
  // valid but incomplete is said plainly too (the file says "complete": false and names what is missing)
  const done = session.completeness;
  if (result.counts.error === 0 && !done.complete && !(await ask(t(session.lang, 'exportIncomplete', { m: done.missing.length, u: done.unchecked.length })))) return false;
  let file;
  try {
    // the export code (CSV, the report, SheetJS for Excel) loads on first use, not with the page
    const [{ exportWorkbook }, { buildValidationReport }] = await Promise.all([import('./core/io/export.ts'), import('./core/io/report.ts')]);
    const validation = buildValidationReport(session.workbook, session.rules, result, new Date().toISOString());
    file = await exportWorkbook(session.workbook, format, { lang: session.lang, validation });
  } catch (e) {
    // any failure is said, never a button that does nothing
    console.error('export failed', e);
    notify(t(session.lang, 'exportFailed', { format: format.toUpperCase(), detail: reasonOf(e) }));
    return false;
  }
  download(`workbook-${session.periods.join('-')}.${file.ext}`, file.bytes, file.mime);
  // texts cut to fit Excel's cell limit: the user is told where
  if (file.warnings.length) {
    const shown = file.warnings.slice(0, 10).map((w) => `• ${w[session.lang]}`);
    if (file.warnings.length > 10) shown.push(t(session.lang, 'importMore', { n: file.warnings.length - 10 }));
    notify(`${t(session.lang, 'exportCut', { n: file.warnings.length })}\n${shown.join('\n')}`);
  }
  return true;
}

/**
 * Opens the import dialog over the screen; it unmounts itself when closed (commit or cancel).
 * Loaded on first use: the dialog and the import pipeline (CSV parser included) stay out of the
 * initial bundle.
 */
async function openImport(session: Session, reader?: ReaderOptions): Promise<void> {
  const { default: ImportDialog } = await import('./ui/ImportDialog.svelte');
  const host = document.createElement('div');
  document.body.append(host);
  const dialog = mount(ImportDialog, {
    target: host,
    props: {
      session,
      reader,
      onclose: () => {
        void unmount(dialog);
        host.remove();
        // the dialog gives focus back to its opener; an opener gone meanwhile (the first screen's button) → the toolbar's 导入…
        if (document.activeElement === document.body) document.querySelector<HTMLElement>('[data-testid="import"]')?.focus();
      },
    },
  });
}

/** Opens storage (falling back to memory when IndexedDB is unavailable), the session, and mounts the screen. */
export async function startApp(opts: AppOptions): Promise<AppHandle> {
  const t0 = performance.now();
  const catalog = opts.catalog ?? CATALOG;
  const rules = opts.rules ?? defaultRules(catalog);
  const baseline = opts.baseline ?? (() => baselineWorkbook(catalog));
  const factory = opts.storeFactory ?? idbStoreFactory(opts.dbName ?? DEFAULT_DB_NAME);
  const workbookId = opts.workbookId ?? DEFAULT_WORKBOOK;
  const defaultLocked = opts.defaultLocked ?? BASELINE_LOCKED;
  let store: WorkbookStore;
  let storageUnavailable: string | undefined;
  try {
    store = await factory(workbookId);
  } catch (e) {
    console.warn('IndexedDB unavailable, working in memory', e);
    store = await memoryStoreFactory()(workbookId);
    storageUnavailable = reasonOf(e);
  }
  let session: Session;
  try {
    session = await Session.open({ catalog, rules, baseline, store, storageUnavailable, lang: initialLang(), saveRetryMs: opts.saveRetryMs, defaultLocked });
  } catch (e) {
    // The store opened but could not be read (malformed records, quota on first write): keep going in memory.
    console.warn('stored workbook unreadable, working in memory', e);
    store.close();
    store = await memoryStoreFactory()(workbookId);
    session = await Session.open({ catalog, rules, baseline, store, storageUnavailable: reasonOf(e), lang: initialLang(), defaultLocked });
  }
  const view = new ViewState();
  let grid: GridController | null = null;
  // an export with errors asks in the app's own modal dialog (ConfirmDialog), not the browser's confirm()
  const askExport = (message: string) => new Promise<boolean>((resolve) => view.open({ kind: 'ask', message, proceed: () => resolve(true), cancel: () => resolve(false) }));
  const notify = (message: string) => view.open({ kind: 'notice', message });
  const exportJson = () => void exportAs(session, 'json', askExport, notify);
  const component = mount(App, {
    target: opts.target,
    props: {
      session,
      view,
      actions: { exportJson, importFile: () => void openImport(session, opts.importReader), exportAs: (format: 'csv' | 'xlsx') => void exportAs(session, format, askExport, notify), resetToBaseline: async () => session.replaceWith(await baseline()) },
      gridReady: (g: GridController | null) => (grid = g),
    },
  });
  // Closing the page while a write is in flight, or with changes kept only in memory, would lose
  // them: ask the browser to confirm first.
  const beforeUnload = (ev: BeforeUnloadEvent) => {
    if (session.saveState === 'saving' || (session.saveState === 'memory' && session.canUndo)) ev.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);
  const openMs = performance.now() - t0;
  return {
    session,
    view,
    grid: () => grid,
    exportJson,
    openMs,
    async destroy() {
      window.removeEventListener('beforeunload', beforeUnload);
      await unmount(component);
      await session.close();
    },
  };
}
