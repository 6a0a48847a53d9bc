import { mount, unmount } from 'svelte';
import { CATALOG } from './core/data/catalog.ts';
import type { Catalog } from './core/model/catalog.ts';
import type { Workbook } from './core/model/workbook.ts';
import { checkRuleReferences } from './core/rules/rule-file.ts';
import type { RuleFile } from './core/rules/types.ts';
import { idbStoreFactory } from './storage/idb-store.ts';
import { DEFAULT_WORKBOOK, type StoreFactory, type UiLang, type WorkbookStore } from './storage/store.ts';
import App from './ui/App.svelte';
import type { GridController } from './ui/grid.ts';
import type { ReaderOptions } from './ui/import-reader.ts';
import { reasonOf } from './ui/errors.ts';
import { loadUiLang, t, uiLangLoaded } from './ui/i18n.ts';
import { Session } from './ui/session.svelte.ts';
import { ViewState } from './ui/view.svelte.ts';

/**
 * The composition root: builds the catalog, rules, store, session and screen, and hands each what it
 * needs. Everything else receives its collaborators; nothing else constructs them.
 */

export const DEFAULT_DB_NAME = 'edu-stats-workbook';

/** The baseline's published year: locked until the user unlocks it in the year's column header. */
export const BASELINE_LOCKED: readonly string[] = ['2019'];

// data/rules.json is picked up when it exists (the report's rule set is written separately).
const ruleModules = import.meta.glob<unknown>('../data/rules.json', { eager: true, import: 'default' });

/**
 * The report's rule set, or no cross-field rules (per-value checks still run) until data/rules.json exists.
 * Its schema is checked when the app is built (scripts/bundled-data.ts); here only its references to the catalog.
 */
export function defaultRules(catalog: Catalog = CATALOG): RuleFile {
  const json = Object.values(ruleModules)[0];
  return json === undefined ? { version: 'none', rules: [] } : checkRuleReferences(json, catalog, 'data/rules.json');
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

/** The in-memory store, loaded only when IndexedDB cannot be used. */
async function memoryFactory(): Promise<StoreFactory> {
  return (await import('./storage/memory-store.ts')).memoryStoreFactory();
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
    store = await (await memoryFactory())(workbookId);
    storageUnavailable = reasonOf(e);
  }
  let session: Session;
  try {
    session = await Session.open({ catalog, rules, baseline, store, storageUnavailable, lang: initialLang(), saveRetryMs: opts.saveRetryMs, defaultLocked });
  } catch (e) {
    // The store opened but could not be read (malformed records, quota on first write): keep going in memory.
    console.warn('stored workbook unreadable, working in memory', e);
    store.close();
    store = await (await memoryFactory())(workbookId);
    session = await Session.open({ catalog, rules, baseline, store, storageUnavailable: reasonOf(e), lang: initialLang(), defaultLocked });
  }
  // English's interface strings are not in the first load: a workbook opening in English fetches them first
  if (!uiLangLoaded(session.lang)) await loadUiLang(session.lang);
  const view = new ViewState();
  let grid: GridController | null = null;
  // an export with errors asks in the app's own modal dialog (ConfirmDialog), not the browser's confirm()
  const askExport = (message: string) => new Promise<boolean>((resolve) => view.open({ kind: 'ask', message, proceed: () => resolve(true), cancel: () => resolve(false) }));
  const notify = (message: string) => view.open({ kind: 'notice', message });
  // the export (its question, the file, the download) loads on first use, not with the page
  const exportWith = (format: 'json' | 'csv' | 'xlsx') =>
    void import('./ui/export-action.ts').then(
      ({ exportAs }) => exportAs(session, format, askExport, notify),
      (e: unknown) => notify(t(session.lang, 'exportFailed', { format: format.toUpperCase(), detail: reasonOf(e) })),
    );
  const exportJson = () => exportWith('json');
  const component = mount(App, {
    target: opts.target,
    props: {
      session,
      view,
      actions: { exportJson, importFile: () => void openImport(session, opts.importReader), exportAs: (format: 'csv' | 'xlsx') => exportWith(format), resetToBaseline: async () => session.resetTo(await baseline(), opts.baseline ? 'baseline' : (await import('./core/data/baseline.ts')).BASELINE_2019_FILE) },
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
