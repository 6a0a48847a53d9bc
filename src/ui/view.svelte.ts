import type { GridView } from './grid.ts';

/** What the screen shows besides the workbook: the focused cell and the open dialog. */
export type Dialog =
  | { kind: 'removePeriod'; period: string }
  | { kind: 'addPeriod' }
  | { kind: 'reset' }
  | { kind: 'explain'; finding: string }
  /** An edit of locked (published) years waits for a yes. */
  | { kind: 'locked'; periods: string[]; proceed: () => void }
  /** A question (an export with errors, or valid but incomplete) waits for a yes. */
  | { kind: 'ask'; message: string; proceed: () => void; cancel: () => void }
  /** A message to read (an export that failed, texts cut to fit Excel). */
  | { kind: 'notice'; message: string }
  /** The note editor of a figure (Shift+F2). */
  | { kind: 'note'; key: string }
  | null;

export class ViewState {
  focusedKey = $state<string | null>(null);
  dialog = $state<Dialog>(null);
  /** The finding chosen in the issues panel. */
  selectedFinding = $state<string | null>(null);
  /** The grid's view: one unit over the years (the city by default) or one year over the units (issue 17). */
  gridView = $state.raw<GridView>({ kind: 'unit', unit: 'city' });
  /** The units editor or the collection board (loaded on demand), or null. */
  unitsPanel = $state<'editor' | 'board' | null>(null);
  /** The focused figure's side panel is shown (toolbar 详情, Alt+I). */
  panelOpen = $state(false);
  /** A figure's menu (right click, Shift+F10) and where it opens. */
  menu = $state<{ key: string; x: number; y: number } | null>(null);
  /** The grid shows a trend line of each indicator's years. */
  sparklines = $state(false);

  focus(key: string | null): void {
    this.focusedKey = key;
  }

  open(d: Exclude<Dialog, null>): void {
    this.dialog = d;
  }

  close(): void {
    this.dialog = null;
  }

  select(findingId: string | null): void {
    this.selectedFinding = findingId;
  }
}

/** What the composition root (app.ts) provides: actions that need more than the session. */
export interface AppActions {
  exportJson: () => void;
  /** Downloads CSV or XLSX (after saying how many errors there are, if any). */
  exportAs: (format: 'csv' | 'xlsx') => void;
  resetToBaseline: () => void;
  /** Opens the import dialog; the button shows only when provided. */
  importFile?: () => void;
}
