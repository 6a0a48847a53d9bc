import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  createGrid,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowStyleModule,
  ScrollApiModule,
  ValidationModule,
  themeQuartz,
  type CellClassParams,
  type CellPosition,
  type ColDef,
  type Column,
  type GridApi,
  type ICellRendererParams,
  type IHeaderComp,
  type IHeaderParams,
  type IRowNode,
  type NavigateToNextCellParams,
  type TabToNextCellParams,
  type ValueGetterParams,
  type ValueFormatterParams,
} from 'ag-grid-community';
import { unitLabel } from '../core/model/units.ts';
import { formatTsv, parseTsv } from '../core/clipboard/tsv.ts';
import type { Text } from '../core/model/catalog.ts';
import { CITY, cellKey, parseCellKey } from '../core/model/value.ts';
import { previousYear } from '../core/model/period.ts';
import type { UiLang } from '../storage/store.ts';
import { CellEditor, type EditTarget } from './cell-editor.ts';
import { GridTooltip, type TipTarget } from './grid-tooltip.ts';
import { edgeIndicatorRow, nextIndicatorRow, sectionEdgeRow } from './grid-nav.ts';
import { t } from './i18n.ts';
import { sparklineElement } from './panel/sparkline.ts';
import { readingLine } from './reading.ts';
import type { Session, SessionEvent } from './session.svelte.ts';

let registered = false;
function registerModules(): void {
  if (registered) return;
  registered = true;
  // Only what we use (TECH-NOTES: ~231 kB gzip instead of ~321 kB for AllCommunityModule); no Enterprise.
  // No editing modules: the text editor is ours (cell-editor.ts), 29 kB gzip less in the first load.
  ModuleRegistry.registerModules([
    ClientSideRowModelModule,
    ClientSideRowModelApiModule,
    CellStyleModule,
    CellApiModule,
    RowStyleModule,
    RowApiModule,
    ScrollApiModule,
    RenderApiModule,
    ColumnApiModule,
        ...(import.meta.env.DEV ? [ValidationModule] : []),
  ]);
}

/** A row as the grid sees it: a plain snapshot, rebuilt from the workbook when its cells change. */
export type GridRow =
  | { kind: 'section'; id: string; label: Text }
  | { kind: 'indicator'; id: string; depth: number; label: Text; unit: Text; note?: Text; custom: boolean; raw: Record<string, string> };

/** What the figure panel (issue 18) asks of the grid: the note editor, the cell menu and the side panel. */
export interface GridHooks {
  /** Shift+F2 on a figure: edit its note. */
  note?: (key: string) => void;
  /** Right click, Shift+F10 or the menu key on a figure: its menu at (x, y) in the viewport. */
  menu?: (key: string, x: number, y: number) => void;
}

/** Deeper rows are indented as much as this depth (App.svelte has a class per depth up to it). */
const MAX_INDENT = 8;

const PERIOD_PREFIX = 'p:';
export const periodColId = (p: string): string => PERIOD_PREFIX + p;
const periodOf = (colId: string): string | null => (colId.startsWith(PERIOD_PREFIX) ? colId.slice(PERIOD_PREFIX.length) : null);
const UNIT_PREFIX = 'u:';
export const unitColId = (u: string): string => UNIT_PREFIX + u;

/**
 * What the grid shows (issue 17): one unit × indicators × years (columns are years; the city by
 * default), or one year × indicators × units (the "各县（市、区）" table: columns are the units in tree
 * order, parent first).
 */
export type GridView = { kind: 'unit'; unit: string } | { kind: 'units'; period: string };

/** A value column's cell: the period and unit of the cells it shows. */
interface Slot {
  period: string;
  unit: string;
}

/** A rectangular block of cells in display coordinates (rows by index, columns by displayed position). */
export interface CellRange {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

const theme = themeQuartz.withParams({
  fontSize: 13,
  rowHeight: 28,
  headerHeight: 34,
  spacing: 5,
  fontFamily: ['system-ui', '"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', 'sans-serif'],
  headerFontWeight: 600,
  wrapperBorderRadius: 0,
});

// toLocaleString builds a new Intl.NumberFormat on every call: too slow for every cell of a scrolled grid
const FORMATS = new Map<string, Intl.NumberFormat>();
function fmtNumber(x: number, decimals: number, lang: UiLang): string {
  const k = `${lang}|${decimals}`;
  let f = FORMATS.get(k);
  if (!f) FORMATS.set(k, (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 })));
  return f.format(x);
}

/**
 * The editable grid: AG Grid community with our own Excel-like layer on top (block selection, copy,
 * paste, Delete, undo keys), since range selection and clipboard are Enterprise features.
 *
 * The session's workbook is the source of truth: edits arrive as `cellEditRequest` (readOnlyEdit) and
 * go to the session; the grid is redrawn from snapshots when the session says cells changed.
 */
export class GridController {
  readonly api: GridApi<GridRow>;
  private lang: UiLang;
  private anchor: CellPosition | null = null;
  private range: CellRange | null = null;
  private highlighted = new Set<string>();
  private readonly tooltip: GridTooltip;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly session: Session,
    private readonly onFocus: (key: string | null) => void = () => undefined,
    /** Alt+E on a cell with an open warning: explain it. */
    private readonly onExplain: (key: string) => void = () => undefined,
    /** Asks before an edit of a locked year; calls proceed when the user agrees. Without it, locked years stay unedited. */
    private readonly askLocked: (periods: string[], proceed: () => void) => void = () => undefined,
    /** The grid changed its view itself (to show a cell the issues panel asked for, or its unit was removed). */
    private readonly onView: (v: GridView) => void = () => undefined,
    private readonly hooks: GridHooks = {},
  ) {
    registerModules();
    this.lang = session.lang;
    this.api = createGrid<GridRow>(host, {
      theme,
      columnDefs: this.columnDefs(),
      rowData: this.rows(),
      getRowId: (p) => p.data.id,
      enterNavigatesVertically: true,
      // the editor follows its cell when the grid scrolls (AG Grid keeps the focused row drawn); its row removed ends the edit, keeping the text
      onBodyScroll: () => this.editor?.place(),
      onVirtualRowRemoved: (e) => {
        if (e.rowIndex === this.editor?.target?.rowIndex) this.editor.commit();
      },
      suppressMovableColumns: true,
      // Our tooltips are GridTooltip's; AG Grid's own would give every rendered cell a tooltip manager
      // with its own listeners unless it is told to use the browser's title attribute, which our columns never set.
      enableBrowserTooltips: true,
      embedFullWidthRows: true,
      isFullWidthRow: (p) => p.rowNode.data?.kind === 'section',
      fullWidthCellRenderer: (p: ICellRendererParams<GridRow>) => {
        const el = document.createElement('div');
        el.className = 'section-row';
        // a row needs a cell for screen readers' table navigation: the section's name is the row's header
        el.setAttribute('role', p.pinned === 'left' ? 'rowheader' : 'gridcell');
        // Embedded full-width rows are drawn once per column section: label only in the pinned part.
        if (p.pinned === 'left') el.textContent = p.data ? p.data.label[this.lang] : '';
        return el;
      },
      getRowClass: (p) => (p.data?.kind === 'indicator' && p.data.custom ? 'custom-row' : undefined),
      navigateToNextCell: (p) => this.skipSections(p),
      tabToNextCell: (p) => this.skipSectionsTab(p),
      onCellFocused: (e) => {
        // A section header row is never a stop: focus moving onto one (Enter after an edit, a click)
        // goes on to the next indicator row in the same direction.
        if (e.rowIndex != null && this.isSection(e.rowIndex) && this.lastFocus) {
          const dir = e.rowIndex >= this.lastFocus.rowIndex ? 1 : -1;
          let r = e.rowIndex;
          const count = this.api.getDisplayedRowCount();
          do r += dir;
          while (r >= 0 && r < count && this.isSection(r));
          if (r < 0 || r >= count) r = this.lastFocus.rowIndex;
          this.api.setFocusedCell(r, this.lastFocus.column);
          return;
        }
        if (e.rowIndex == null || !e.column || typeof e.column === 'string') {
          this.onFocus(null);
          return;
        }
        const pos: CellPosition = { rowIndex: e.rowIndex, column: e.column as Column, rowPinned: null };
        this.lastFocus = pos;
        // Grid events arrive asynchronously: a focus we asked for while extending a block is recognised
        // by its position, not by a flag set around the call.
        const k = `${pos.rowIndex}|${pos.column.getColId()}`;
        if (this.extendTargets.delete(k) && this.anchor) {
          // An intermediate step of a fast shift+arrow run: the range is already set by the key handler.
          if (this.extendTargets.size === 0) this.setRange(this.anchor, pos);
        } else {
          this.extendTargets.clear();
          this.anchor = pos;
          this.setRange(pos, pos);
        }
        this.onFocus(this.keyAt(pos));
        this.describeFocused();
      },
    });
    this.tooltip = new GridTooltip(host, (tip) => this.tooltipText(tip), { showDelay: 400, hideDelay: 20000 });
    this.editor = new CellEditor(host, {
      cellElement: (rowIndex, colId) => this.cellElement(rowIndex, colId),
      commit: (target, raw) => this.commitEdit(target, raw),
      keydown: (ev, target) => this.editorKey(ev, target),
      label: (target) => this.editLabel(target.key),
    });
    this.off.push(() => this.editor.cancel());
    // Capture phase: our keys run before the grid's own handling of the same keys.
    const keydown = (ev: KeyboardEvent) => this.keydown(ev);
    const paste = (ev: ClipboardEvent) => this.paste(ev);
    const copy = (ev: ClipboardEvent) => this.copy(ev);
    const mousedown = (ev: MouseEvent) => this.mousedown(ev);
    const dblclick = (ev: MouseEvent) => this.dblclick(ev);
    const contextmenu = (ev: MouseEvent) => this.contextmenu(ev);
    host.addEventListener('contextmenu', contextmenu);
    this.off.push(() => host.removeEventListener('contextmenu', contextmenu));
    host.addEventListener('dblclick', dblclick, true);
    this.off.push(() => host.removeEventListener('dblclick', dblclick, true));
    host.addEventListener('keydown', keydown, true);
    host.addEventListener('mousedown', mousedown, true);
    host.addEventListener('paste', paste);
    host.addEventListener('copy', copy);
    this.off.push(
      () => host.removeEventListener('keydown', keydown, true),
      () => host.removeEventListener('mousedown', mousedown, true),
      () => host.removeEventListener('paste', paste),
      () => host.removeEventListener('copy', copy),
      session.on((e) => this.onSession(e)),
    );
  }

  /** The cell a shift+arrow or shift+click is extending the block to (see onCellFocused). */
  private readonly extendTargets = new Set<string>();
  private lastFocus: CellPosition | null = null;
  private readonly editor: CellEditor;

  // --- view: one unit × years, or one year × units (issue 17) ----------------------------------

  private view: GridView = { kind: 'unit', unit: CITY };
  /** colId → the cells the column shows; rebuilt with the columns. */
  private slots = new Map<string, Slot>();

  /** Shows another view (the toolbar's unit picker); the same view again does nothing. */
  setView(v: GridView): void {
    if (JSON.stringify(v) === JSON.stringify(this.view)) return;
    this.view = v;
    this.anchor = null;
    this.range = null;
    // the focused position means another cell in the new view: start without one
    this.api.clearFocusedCell();
    this.rebuild();
  }

  /** The view as it can be shown now: a removed unit falls back to the city, a removed year to the last. */
  private validView(): GridView {
    const v = this.view;
    const wb = this.session.workbook;
    if (v.kind === 'unit' && !wb.units.has(v.unit)) return { kind: 'unit', unit: CITY };
    if (v.kind === 'units' && !wb.periods.includes(v.period)) return wb.periods.length ? { kind: 'units', period: wb.periods[wb.periods.length - 1] } : { kind: 'unit', unit: CITY };
    return v;
  }

  /** The value columns of the view: their ids and cells. */
  private slotList(): [string, Slot][] {
    const v = this.view;
    if (v.kind === 'unit') return this.session.workbook.periods.map((p) => [periodColId(p), { period: p, unit: v.unit }]);
    return this.session.workbook.units.all().map((u) => [unitColId(u.id), { period: v.period, unit: u.id }]);
  }

  private slot(colId: string): Slot | null {
    return this.slots.get(colId) ?? null;
  }

  /** The cell key an indicator's row shows in a column (null: not a value column). */
  private keyOf(id: string, colId: string): string | null {
    const s = this.slots.get(colId);
    return s ? cellKey(id, s.period, s.unit) : null;
  }

  /** The cell keys an indicator's row shows in this view (the find bar's filters count these). */
  rowKeys(id: string): string[] {
    return [...this.slots.values()].map((s) => cellKey(id, s.period, s.unit));
  }

  /** The column showing a cell in this view, if any. */
  private colOfKey(key: string): string | null {
    const { period, unit } = parseCellKey(key);
    for (const [colId, s] of this.slots) if (s.period === period && s.unit === unit) return colId;
    return null;
  }

  // --- rows and columns ----------------------------------------------------------------------

  /**
   * The rows shown: every section and indicator, or under a row filter those that pass it and the
   * sections holding them. Filtering is done here rather than with AG Grid's external filter module
   * (2.4 kB of the first load): rows a filter hides have no row node.
   */
  private rows(): GridRow[] {
    const idx = this.session.index;
    const out: GridRow[] = [];
    let section = '';
    for (const ind of idx.ordered) {
      // a section's heading comes with its first row shown, so a section with none shown has none
      if (this.rowFilter && !this.rowFilter(ind.id)) continue;
      if (ind.section !== section) {
        section = ind.section;
        const s = idx.sectionById.get(section);
        const ref = s?.reportRef ? `${s.reportRef} ` : '';
        out.push({ kind: 'section', id: `§${section}`, label: { zh: ref + (s?.label.zh ?? section), en: ref + (s?.label.en ?? section) } });
      }
      out.push(this.rowOf(ind.id));
    }
    return out;
  }

  private rowOf(id: string): GridRow {
    const idx = this.session.index;
    const ind = idx.indicator(id);
    // keyed by column id (a year in the unit view, a unit in the units view)
    const raw = Object.create(null) as Record<string, string>;
    for (const [colId, s] of this.slots) raw[colId] = this.session.value(cellKey(id, s.period, s.unit)).raw;
    const row: GridRow = { kind: 'indicator', id, depth: idx.depth(ind), label: ind.label, unit: idx.unitOf(ind).label, custom: Boolean(ind.custom), raw };
    if (ind.note) row.note = ind.note;
    return row;
  }

  private columnDefs(): ColDef<GridRow>[] {
    const lang = this.lang;
    this.view = this.validView();
    this.slots = new Map(this.slotList());
    const unitView = this.view.kind === 'unit';
    const periods = unitView ? this.session.workbook.periods : [];
    const cols: ColDef<GridRow>[] = [
      {
        colId: 'name',
        headerName: t(lang, 'colIndicator'),
        pinned: 'left',
        width: 330,
        valueGetter: (p) => (p.data ? p.data.label[this.lang] : ''),
        // The text straight in the cell, indented by a class (App.svelte): a cell renderer would add an
        // element and AG Grid's renderer machinery to every row drawn while scrolling.
        cellClass: (p: CellClassParams<GridRow>) => (p.data?.kind === 'indicator' && p.data.depth ? ['ind-name', 'ind-child', `ind-depth-${Math.min(p.data.depth, MAX_INDENT)}`] : 'ind-name'),
      },
      {
        colId: 'unit',
        headerName: t(lang, 'colUnit'),
        width: 74,
        valueGetter: (p) => (p.data?.kind === 'indicator' ? p.data.unit[this.lang] : ''),
        cellClass: 'unit-cell',
      },
    ];
    for (const [colId, slot] of this.slots) {
      const unit = this.session.workbook.units.get(slot.unit);
      const derived = this.session.isDerived(slot.unit);
      cols.push({
        colId,
        headerName: unitView ? t(lang, 'periodLabel', { p: slot.period }) : (unit ? unitLabel(unit, lang) : slot.unit) + (derived ? t(lang, 'unitDerivedSuffix') : ''),
        // Period columns share the spare width, so the grid fills the screen at 1366×768.
        flex: 1,
        minWidth: unitView ? 104 : 80,
        maxWidth: 200,
        ...(unitView ? { headerComponent: YearHeader, headerComponentParams: { period: slot.period, controller: this } } : { headerClass: derived ? 'unit-header derived-unit-header' : 'unit-header' }),
        valueGetter: (p: ValueGetterParams<GridRow>) => (p.data?.kind === 'indicator' ? (p.data.raw[colId] ?? '') : ''),
        // the display preference (thousands separators) changes what is shown, never the text (edited, copied, stored)
        valueFormatter: (p: ValueFormatterParams<GridRow>) => {
          const key = p.data?.kind === 'indicator' ? this.keyOf(p.data.id, colId) : null;
          return key ? this.session.shown(key) : String(p.value ?? '');
        },
        // One function instead of a cellClassRules entry per mark: AG Grid would call eight rules and
        // toggle eight classes for every cell it renders while scrolling. AG Grid removes the classes a
        // cellClass function returned before applying the new ones, so a cleared mark goes away.
        cellClass: (p: CellClassParams<GridRow>) => this.cellClasses(p, colId),
      });
    }
    if (this.sparklines) {
      cols.push({
        colId: 'spark',
        headerName: t(lang, 'colSpark'),
        width: 80,
        cellClass: 'spark-cell',
        // the years' figures as text (copy, screen readers); the renderer draws them as a line
        valueGetter: (p) => (p.data?.kind === 'indicator' ? this.sparkValues(p.data.id).map((v) => (v === null ? '' : String(v))).join(' ') : ''),
        cellRenderer: (p: ICellRendererParams<GridRow>) => {
          if (p.data?.kind !== 'indicator') return '';
          const el = sparklineElement(this.sparkValues(p.data.id));
          el.setAttribute('aria-hidden', 'true');
          return el;
        },
      });
    }
    if (periods.length >= 2) {
      // 增减 compare the last year with the calendar year before it; without that year they stay empty
      const last = periods[periods.length - 1];
      const prev = previousYear(last) ?? '';
      cols.push(
        {
          colId: 'change',
          headerName: t(lang, 'colChange'),
          width: 92,
          cellClass: 'num-cell change-cell',
          valueGetter: (p) => this.change(p.data, prev, last)?.abs ?? '',
        },
        {
          colId: 'changePct',
          headerName: t(lang, 'colChangePct'),
          width: 80,
          cellClass: 'num-cell change-cell',
          valueGetter: (p) => this.change(p.data, prev, last)?.pct ?? '',
        },
      );
    }
    cols.push({
      colId: 'status',
      headerName: t(lang, 'colStatus'),
      width: 84,
      cellClass: 'status-cell',
      valueGetter: (p) => this.statusText(p.data),
    });
    return cols;
  }

  /**
   * change() by row snapshot: both change columns ask for it, and a row gets a new snapshot (rowOf)
   * whenever its cells change, so a snapshot's change never goes stale.
   */
  private readonly changes = new WeakMap<GridRow, { at: string; r: { abs: string; pct: string } | null }>();

  private change(d: GridRow | undefined, prev: string, last: string): { abs: string; pct: string } | null {
    if (d?.kind !== 'indicator') return null;
    const at = `${this.lang}|${prev}|${last}`;
    const known = this.changes.get(d);
    if (known?.at === at) return known.r;
    const r = this.computeChange(d.id, prev, last);
    this.changes.set(d, { at, r });
    return r;
  }

  private computeChange(id: string, prev: string, last: string): { abs: string; pct: string } | null {
    const unit = this.view.kind === 'unit' ? this.view.unit : CITY;
    const a = this.session.value(cellKey(id, prev, unit));
    const b = this.session.value(cellKey(id, last, unit));
    if (a.state !== 'value' || b.state !== 'value' || a.n === undefined || b.n === undefined || a.n2 !== undefined) return null;
    const ind = this.session.index.indicator(id);
    const diff = b.n - a.n;
    const sign = diff > 0 ? '+' : diff < 0 ? '−' : '';
    const abs = sign + fmtNumber(Math.abs(diff), Math.max(ind.decimals, 0) + 1, this.lang);
    // A change of a rate is read in points; a percentage of a percentage confuses more than it helps.
    const pct = ind.kind === 'percentage' || ind.kind === 'growth' || ind.kind === 'change' || a.n === 0 ? '' : `${sign}${fmtNumber(Math.abs((diff / a.n) * 100), 1, this.lang)}%`;
    return { abs, pct };
  }

  /** Redraws the figures after the number display preference changed. */
  refreshNumbers(): void {
    if (!this.api.isDestroyed()) this.api.refreshCells({ force: true });
  }

  /** Whether the grid shows the trend-line column (issue 18, sparklines). */
  private sparklines = false;

  setSparklines(on: boolean): void {
    if (on === this.sparklines) return;
    this.sparklines = on;
    this.api.setGridOption('columnDefs', this.columnDefs());
  }

  /** An indicator's figures, one per year (null: no figure), for its sparkline. */
  private sparkValues(id: string): (number | null)[] {
    // the years of the unit shown (the city in the by-unit view, whose columns are units, not years)
    const unit = this.view.kind === 'unit' ? this.view.unit : CITY;
    return this.session.workbook.periods.map((p) => {
      const v = this.session.value(cellKey(id, p, unit));
      return v.state === 'value' && v.n !== undefined ? v.n : null;
    });
  }

  /** Puts the keyboard focus back on a figure's cell (after its menu or note editor closed). */
  refocus(key: string): void {
    if (this.api.isDestroyed()) return;
    const { indicator } = parseCellKey(key);
    const node = this.api.getRowNode(indicator);
    const colId = this.colOfKey(key);
    const col = colId ? this.api.getColumn(colId) : null;
    if (!node || node.rowIndex == null || !col) return;
    this.api.ensureIndexVisible(node.rowIndex);
    this.api.setFocusedCell(node.rowIndex, col);
  }

  /** The classes of a period cell: its number alignment, its marks, selection and highlight. */
  private cellClasses(p: CellClassParams<GridRow>, colId: string): string[] {
    const classes = ['num-cell'];
    if (this.inRange(p)) classes.push('in-range');
    const key = p.data?.kind === 'indicator' ? this.keyOf(p.data.id, colId) : null;
    if (!key) return classes;
    const s = this.session;
    const invalid = s.value(key).state === 'invalid';
    const mark = this.markOf(key, invalid);
    if (mark) classes.push(`mark-${mark}`);
    if (invalid) classes.push('mark-invalid');
    if (s.suspectOf(key) !== undefined) classes.push('mark-suspect');
    if (s.valueMeta(key)?.derived) classes.push('derived-cell');
    if (s.noteOf(key)) classes.push('mark-note');
    if (s.followUpOf(key)) classes.push('mark-follow');
    if (this.highlighted.has(key)) classes.push('flash-cell');
    if (this.session.isDerived(this.slots.get(colId)!.unit)) classes.push('derived-unit-cell');
    return classes;
  }

  private markOf(key: string, invalid: boolean): 'error' | 'warning' | 'nc' | null {
    const m = this.session.marksOf(key);
    if (!m) return null;
    return m.errors.some((f) => f.kind !== 'value') || (m.errors.length && !invalid) ? 'error' : m.warnings.length ? 'warning' : m.notComputable.length && !m.errors.length ? 'nc' : null;
  }

  /** The tooltip of a cell or column header (see GridTooltip): marks, notes and the change columns' periods. */
  private tooltipText({ rowId, colId }: TipTarget): string | undefined {
    const periods = this.session.workbook.periods;
    if (rowId === null) {
      const n = periods.length;
      if (!(colId === 'change' || colId === 'changePct') || n < 2) return undefined;
      const last = periods[n - 1];
      const prev = previousYear(last) ?? '';
      return t(this.lang, periods.includes(prev) ? 'changeTitle' : 'changeNeeds', { p: last, q: prev });
    }
    const d = this.api.getRowNode(rowId)?.data;
    if (d?.kind !== 'indicator') return undefined;
    if (colId === 'name') return [d.label[this.lang], d.note?.[this.lang]].filter(Boolean).join('\n');
    if (colId === 'status') return this.statusTooltip(d);
    const key = this.keyOf(d.id, colId);
    return key ? this.cellTooltip(key) : undefined;
  }

  private cellTooltip(key: string): string | undefined {
    const lang = this.lang;
    const lines: string[] = [];
    const m = this.session.marksOf(key);
    // what the figure was read as ("1.2万 = 12,000 人"), or why it could not be read
    const reading = readingLine(this.session, key, lang);
    if (reading) lines.push(reading.kind === 'invalid' ? `◇ ${reading.text}` : reading.text);
    const unit = parseCellKey(key).unit;
    if (this.session.isDerived(unit)) lines.push(t(lang, 'unitDerivedCell', { u: this.session.unitName(unit) }));
    for (const f of m?.errors ?? []) lines.push(`✖ ${f.message[lang]}`);
    for (const f of m?.warnings ?? []) lines.push(`▲ ${f.message[lang]}`);
    for (const f of m?.notComputable ?? []) lines.push(`○ ${f.message[lang]}`);
    const suspect = this.session.suspectOf(key);
    for (const s of suspect?.suggestions ?? []) lines.push(`? ${s.message[lang]}`);
    if (suspect?.suggestions.some((s) => s.raw !== undefined)) lines.push(t(lang, 'suspectKey'));
    const meta = this.session.valueMeta(key);
    const earlier = this.session.earlierTexts(key);
    if (earlier.length) lines.push(t(lang, 'historyLabel', { h: earlier.join(' → ') }));
    if (meta?.derived && meta.derivation) lines.push(t(lang, 'derived', { d: meta.derivation }));
    if (meta?.source) lines.push(t(lang, 'sourceLabel', { s: meta.source }));
    const note = this.session.noteOf(key);
    if (note) lines.push(`✎ ${t(lang, 'noteLabel', { text: note.text })}`);
    const follow = this.session.followUpOf(key);
    if (follow) lines.push(`⚑ ${follow.reason ? t(lang, 'followUpWithReason', { reason: follow.reason }) : t(lang, 'followUpMark')}`);
    return lines.length ? lines.join('\n') : undefined;
  }

  private statusText(d: GridRow | undefined): string {
    if (d?.kind !== 'indicator') return '';
    const s = this.session.rowMarks(d.id, this.rowKeys(d.id));
    const parts: string[] = [];
    if (s.errors) parts.push(`✖${s.errors}`);
    if (s.warnings) parts.push(`▲${s.warnings}`);
    if (s.invalid) parts.push(`◇${s.invalid}`);
    if (!parts.length && s.notComputable) parts.push(`○${s.notComputable}`);
    if (!parts.length && this.rowKeys(d.id).some((k) => this.session.value(k).state === 'value')) parts.push('✓');
    // notes and follow-up flags of the row's figures, in text (the cell marks are shapes)
    const keys = this.rowKeys(d.id);
    const notes = keys.filter((k) => this.session.noteOf(k)).length;
    const follow = keys.filter((k) => this.session.followUpOf(k)).length;
    if (notes) parts.push(`✎${notes}`);
    if (follow) parts.push(`⚑${follow}`);
    return parts.join(' ');
  }

  private statusTooltip(d: GridRow | undefined): string | undefined {
    if (d?.kind !== 'indicator') return undefined;
    const lines: string[] = [];
    for (const k of this.rowKeys(d.id)) {
      const tip = this.cellTooltip(k);
      if (tip && (this.session.marksOf(k) || this.session.noteOf(k) || this.session.followUpOf(k))) lines.push(tip);
    }
    return lines.length ? lines.join('\n') : undefined;
  }

  // --- session events ------------------------------------------------------------------------

  private onSession(e: SessionEvent): void {
    if (e.type === 'structure') {
      this.rebuild();
      return;
    }
    const ids = new Set(e.keys.map((k) => parseCellKey(k).indicator));
    if (e.type === 'cells') {
      // setData refreshes one row; a transaction would run the row model over every row (slow at 10,000).
      // It redraws every cell of the row (values, marks, status), so those rows need no refresh after it.
      for (const id of ids) {
        const node = this.session.index.byId.has(id) ? this.api.getRowNode(id) : undefined;
        if (!node) continue;
        node.setData(this.rowOf(id));
        ids.delete(id);
      }
    }
    this.refreshRows(ids);
    this.describeFocused();
  }

  /**
   * The focused figure carries its meaning for a screen reader (aria-description, read after the value):
   * what it was read as and its marks (error, warning, likely wrong, unreadable) in words, as the
   * tooltip says them, never colour alone. Set after the grid has drawn the focus.
   */
  private describeFocused(): void {
    requestAnimationFrame(() => {
      // the grid may be gone by the next frame (the workbook closed, the page torn down)
      if (this.api.isDestroyed()) return;
      for (const el of this.host.querySelectorAll('[aria-description]')) el.removeAttribute('aria-description');
      const pos = this.api.getFocusedCell();
      const key = pos ? this.keyAt(pos) : null;
      const el = pos && key ? this.host.querySelector<HTMLElement>(`.ag-row[row-index="${pos.rowIndex}"] .ag-cell[col-id="${pos.column.getColId()}"]`) : null;
      const text = key ? this.cellTooltip(key) : undefined;
      if (el && text) el.setAttribute('aria-description', text.replace(/\n/g, '；'));
    });
  }

  private refreshRows(ids: Iterable<string>): void {
    const rowNodes: IRowNode<GridRow>[] = [];
    for (const id of ids) {
      const n = this.api.getRowNode(id);
      if (n) rowNodes.push(n);
    }
    if (rowNodes.length) this.api.refreshCells({ rowNodes, force: true });
  }

  /** Periods, catalog or language changed: new columns and rows, keeping the focused cell. */
  rebuild(): void {
    // new rows and columns: an open editor keeps its text first (its cell may move or go)
    if (this.editing()) this.editor.commit();
    const focused = this.api.getFocusedCell();
    const was = JSON.stringify(this.view);
    this.api.setGridOption('columnDefs', this.columnDefs());
    this.api.setGridOption('rowData', this.rows());
    // the unit shown was removed (or the year): the view fell back, tell the picker
    if (JSON.stringify(this.view) !== was) this.onView(this.view);
    if (focused) {
      const col = this.api.getColumn(focused.column.getColId());
      if (col) this.api.setFocusedCell(focused.rowIndex, col);
    }
  }

  setLang(lang: UiLang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.api.setGridOption('columnDefs', this.columnDefs());
    this.api.refreshCells({ force: true });
    this.api.redrawRows();
  }

  /** The session became read-only or editable again. */
  refreshEditable(): void {
    this.api.setGridOption('columnDefs', this.columnDefs());
  }

  // --- focus, selection, navigation ----------------------------------------------------------

  private keyAt(pos: { rowIndex: number; column: Column }): string | null {
    const d = this.api.getDisplayedRowAtIndex(pos.rowIndex)?.data;
    return d?.kind === 'indicator' ? this.keyOf(d.id, pos.column.getColId()) : null;
  }

  private isSection(rowIndex: number): boolean {
    return this.api.getDisplayedRowAtIndex(rowIndex)?.data?.kind === 'section';
  }

  private skipSections(p: NavigateToNextCellParams<GridRow>): CellPosition | null {
    let next: CellPosition | null = p.nextCellPosition;
    if (!next) return null;
    const down = p.key === 'ArrowDown';
    const up = p.key === 'ArrowUp';
    const count = this.api.getDisplayedRowCount();
    while (next && (up || down) && this.isSection(next.rowIndex)) {
      const r: number = next.rowIndex + (down ? 1 : -1);
      // above the first section's header is the column header (the year's lock): AG Grid's row -1
      if (r < 0) return { rowIndex: -1, column: next.column, rowPinned: null };
      if (r >= count) return p.previousCellPosition;
      next = { ...next, rowIndex: r };
    }
    if (next && this.isSection(next.rowIndex)) return p.previousCellPosition;
    return next;
  }

  private skipSectionsTab(p: TabToNextCellParams<GridRow>): CellPosition | boolean {
    const next = p.nextCellPosition;
    if (!next) return false;
    if (!this.isSection(next.rowIndex)) return next;
    const r = next.rowIndex + (p.backwards ? -1 : 1);
    if (r < 0 || r >= this.api.getDisplayedRowCount()) return false;
    return { ...next, rowIndex: r };
  }

  private colIndex(col: Column): number {
    return this.api.getAllDisplayedColumns().indexOf(col);
  }

  private setRange(a: CellPosition, b: CellPosition): void {
    const next: CellRange = {
      r0: Math.min(a.rowIndex, b.rowIndex),
      r1: Math.max(a.rowIndex, b.rowIndex),
      c0: Math.min(this.colIndex(a.column as Column), this.colIndex(b.column as Column)),
      c1: Math.max(this.colIndex(a.column as Column), this.colIndex(b.column as Column)),
    };
    const prev = this.range;
    this.range = next;
    const single = next.r0 === next.r1 && next.c0 === next.c1;
    const wasSingle = !prev || (prev.r0 === prev.r1 && prev.c0 === prev.c1);
    if (single && wasSingle) return;
    const rows = new Set<number>();
    for (const rg of [prev, next]) if (rg) for (let i = rg.r0; i <= rg.r1; i++) rows.add(i);
    const rowNodes = [...rows].map((i) => this.api.getDisplayedRowAtIndex(i)).filter((n): n is IRowNode<GridRow> => Boolean(n));
    this.api.refreshCells({ rowNodes, force: true });
  }

  private inRange(p: CellClassParams<GridRow>): boolean {
    const r = this.range;
    if (!r || (r.r0 === r.r1 && r.c0 === r.c1) || p.rowIndex == null) return false;
    if (p.rowIndex < r.r0 || p.rowIndex > r.r1) return false;
    const c = this.colIndex(p.column as Column);
    return c >= r.c0 && c <= r.c1;
  }

  /** The selected block (or the focused cell) in display coordinates. */
  selection(): CellRange | null {
    const f = this.api.getFocusedCell();
    if (this.range) return this.range;
    if (!f) return null;
    const c = this.colIndex(f.column as Column);
    return { r0: f.rowIndex, r1: f.rowIndex, c0: c, c1: c };
  }

  /** Cell keys of the editable cells in the selection. */
  selectedKeys(): string[] {
    const r = this.selection();
    if (!r) return [];
    const cols = this.api.getAllDisplayedColumns();
    const out: string[] = [];
    for (let i = r.r0; i <= r.r1; i++) {
      for (let c = r.c0; c <= r.c1; c++) {
        const k = this.keyAt({ rowIndex: i, column: cols[c] });
        if (k) out.push(k);
      }
    }
    return out;
  }

  private editing(): boolean {
    return this.editor.target !== null;
  }

  /** The figure whose editor is open (null: none). */
  editingKey(): string | null {
    return this.editor.target?.key ?? null;
  }

  /**
   * Whether a figure's cell takes typing: a figure of a year column, the session editable, not a derived
   * unit's (computed from its children), and its year not locked unless the user agreed to this one edit.
   */
  private canEdit(rowIndex: number, colId: string): string | null {
    const d = this.api.getDisplayedRowAtIndex(rowIndex)?.data;
    const s = this.slots.get(colId);
    if (d?.kind !== 'indicator' || !s || !this.session.editable || this.session.isDerived(s.unit)) return null;
    const key = cellKey(d.id, s.period, s.unit);
    return !this.session.isLocked(s.period) || this.allowed.has(key) ? key : null;
  }

  private cellElement(rowIndex: number, colId: string): HTMLElement | null {
    return this.host.querySelector<HTMLElement>(`.ag-row[row-index="${rowIndex}"] .ag-cell[col-id="${CSS.escape(colId)}"]`);
  }

  /**
   * Opens the editor on a figure's cell (scrolled into view) with `text`: the figure's own text when
   * undefined (F2, double click), a typed character, or '' for an input method. False when the cell does not take typing.
   */
  private startEdit(rowIndex: number, column: Column, text?: string): boolean {
    const colId = column.getColId();
    const key = this.canEdit(rowIndex, colId);
    if (!key) return false;
    this.api.ensureIndexVisible(rowIndex);
    this.api.ensureColumnVisible(column);
    const base = this.session.value(key).raw;
    return this.editor.open({ key, rowIndex, colId, base }, text ?? base);
  }

  /** The editor closed keeping its text: the figure is set (base: the text shown when typing began; another tab may have changed it since). */
  private commitEdit(target: EditTarget, raw: string): void {
    // a locked cell the user agreed to edit is editable for that one edit
    this.allowed.clear();
    if (raw !== this.session.value(target.key).raw) this.session.setCells([{ key: target.key, raw, base: target.base }]);
  }

  /** Keys in the open editor: Enter / Shift+Enter keep the text and move down / up, Tab / Shift+Tab right / left, Escape cancels. */
  private editorKey(ev: KeyboardEvent, target: EditTarget): void {
    const mod = ev.ctrlKey || ev.metaKey || ev.altKey;
    const col = this.api.getColumn(target.colId);
    if (ev.key === 'Escape') {
      ev.preventDefault();
      this.editor.cancel();
      this.allowed.clear();
      if (col) this.api.setFocusedCell(target.rowIndex, col);
      return;
    }
    if (ev.key === 'Enter' && !mod) {
      ev.preventDefault();
      this.editor.commit();
      const r = nextIndicatorRow(this.kindAt, this.api.getDisplayedRowCount(), target.rowIndex, ev.shiftKey ? -1 : 1);
      if (col) this.moveTo(r >= 0 ? r : target.rowIndex, col);
      return;
    }
    if (ev.key === 'Tab' && !mod) {
      // the wrap at the row's last / first year is tabWrap's (it ran first, in the capture phase)
      ev.preventDefault();
      this.editor.commit();
      const cols = this.api.getAllDisplayedColumns();
      const i = col ? cols.indexOf(col) : -1;
      const next = cols[i + (ev.shiftKey ? -1 : 1)] ?? col;
      if (next) this.moveTo(target.rowIndex, next);
    }
  }

  /** The editor's name for screen readers: the figure's indicator and year (and unit outside the city). */
  private editLabel(key: string): string {
    const { indicator, period, unit } = parseCellKey(key);
    const ind = this.session.index.byId.get(indicator);
    const name = ind ? ind.label[this.lang] : indicator;
    const u = unit === CITY ? '' : ` · ${this.session.unitName(unit)}`;
    return `${name} · ${t(this.lang, 'periodLabel', { p: period })}${u}`;
  }

  private keydown(ev: KeyboardEvent): void {
    // an input method composing in the editor owns every key (Enter, Esc, Tab), the Tab wrap included
    if (this.editing() && this.editor.imeKey(ev)) return;
    if (this.headerKey(ev)) return;
    if (ev.key === 'Tab' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && this.tabWrap(ev)) return;
    if (this.editing()) return;
    const mod = ev.ctrlKey || ev.metaKey;
    const key = ev.key;
    if (mod && !ev.altKey && !ev.shiftKey && (key === 'Home' || key === 'End' || key.startsWith('Arrow')) && this.jump(key)) {
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    if ((key === 'F2' && ev.shiftKey && !mod && !ev.altKey) || (key === 'F10' && ev.shiftKey && !mod) || key === 'ContextMenu') {
      const f = this.api.getFocusedCell();
      const at = f ? this.keyAt({ rowIndex: f.rowIndex, column: f.column as Column }) : null;
      if (!at) return;
      ev.preventDefault();
      ev.stopPropagation();
      if (key === 'F2') this.hooks.note?.(at);
      else {
        const r = this.cellRect(at);
        this.hooks.menu?.(at, r ? r.left + 8 : 0, r ? r.bottom : 0);
      }
      return;
    }
    if (this.guardLocked(ev)) return;
    if (mod && !ev.altKey && (key === 'z' || key === 'Z' || key === 'y' || key === 'Y')) {
      ev.preventDefault();
      ev.stopPropagation();
      if (key.toLowerCase() === 'y' || ev.shiftKey) this.session.redo();
      else this.session.undo();
      return;
    }
    if (key === 'Enter' && ev.altKey && !mod) {
      ev.preventDefault();
      ev.stopPropagation();
      const f = this.api.getFocusedCell();
      const at = f ? this.keyAt({ rowIndex: f.rowIndex, column: f.column as Column }) : null;
      if (at) this.acceptAt(at);
      return;
    }
    if (ev.altKey && !mod && ev.code === 'KeyE') {
      ev.preventDefault();
      ev.stopPropagation();
      const f = this.api.getFocusedCell();
      const at = f ? this.keyAt({ rowIndex: f.rowIndex, column: f.column as Column }) : null;
      if (at) this.onExplain(at);
      return;
    }
    if ((key === 'Delete' || key === 'Backspace') && !mod) {
      const keys = this.selectedKeys();
      if (keys.length) {
        ev.preventDefault();
        ev.stopPropagation();
        this.session.clearCells(keys);
      }
      return;
    }
    if (ev.shiftKey && !mod && key.startsWith('Arrow')) {
      const f = this.api.getFocusedCell();
      if (!f) return;
      ev.preventDefault();
      ev.stopPropagation();
      const cols = this.api.getAllDisplayedColumns();
      let r = f.rowIndex;
      let c = this.colIndex(f.column as Column);
      const count = this.api.getDisplayedRowCount();
      if (key === 'ArrowDown') do r++; while (r < count && this.isSection(r));
      if (key === 'ArrowUp') do r--; while (r >= 0 && this.isSection(r));
      if (key === 'ArrowRight') c++;
      if (key === 'ArrowLeft') c--;
      if (r < 0 || r >= count || c < 0 || c >= cols.length) return;
      this.extendTargets.add(`${r}|${cols[c].getColId()}`);
      this.anchor ??= { rowIndex: f.rowIndex, column: f.column, rowPinned: null };
      this.setRange(this.anchor, { rowIndex: r, column: cols[c], rowPinned: null });
      this.api.ensureIndexVisible(r);
      this.api.ensureColumnVisible(cols[c]);
      this.api.setFocusedCell(r, cols[c]);
      return;
    }
    // An input method (Chinese, full-width digits) announces itself with key "Process" and composes
    // into whatever is focused: open the editor first so the composed text lands in it.
    if ((key === 'Process' || ev.keyCode === 229) && this.session.editable) {
      const f = this.api.getFocusedCell();
      if (f) this.startEdit(f.rowIndex, f.column as Column, '');
      return;
    }
    // a printable key starts an edit with that character, replacing the figure; F2 edits the figure's text
    if ((key.length === 1 && !mod && !ev.altKey) || (key === 'F2' && !ev.shiftKey && !mod && !ev.altKey)) {
      const f = this.api.getFocusedCell();
      if (f && this.startEdit(f.rowIndex, f.column as Column, key === 'F2' ? undefined : key)) {
        ev.preventDefault();
        ev.stopPropagation();
      }
    }
  }

  // --- Excel keys: Tab wrap, Ctrl jumps, locked years ----------------------------------------

  private readonly kindAt = (i: number) => this.api.getDisplayedRowAtIndex(i)?.data?.kind;

  private periodCols(): Column[] {
    return this.api.getAllDisplayedColumns().filter((c) => this.slots.has(c.getColId()));
  }

  /** The first year column not locked (all locked: the first), for a new row of typing. */
  private firstEditableCol(): Column | undefined {
    const cols = this.periodCols();
    return cols.find((c) => !this.session.isLocked(this.slot(c.getColId())!.period)) ?? cols[0];
  }

  private moveTo(r: number, col: Column): void {
    this.api.ensureIndexVisible(r);
    this.api.ensureColumnVisible(col);
    this.anchor = null;
    this.api.setFocusedCell(r, col);
  }

  /** Where the current run of Tabs started (row and year column): a wrap returns to that column, as Excel's Enter does. */
  private tabRun: { rowIndex: number; column: Column } | null = null;

  /**
   * Tab at the last year column goes to the next row, with the editor closed (an open edit is committed
   * first): to the year column where this row's run of Tabs started, as in Excel — so typing 2020 and
   * Tab goes on in 2020, never into a past year — or, when that year is locked or no year, to the first
   * year not locked. Shift+Tab at the first year column goes to the previous row's last year.
   */
  private tabWrap(ev: KeyboardEvent): boolean {
    const f = this.api.getFocusedCell();
    const cols = this.periodCols();
    if (!f || !cols.length) return false;
    const back = ev.shiftKey;
    if (this.tabRun?.rowIndex !== f.rowIndex) this.tabRun = { rowIndex: f.rowIndex, column: f.column as Column };
    if (f.column !== (back ? cols[0] : cols[cols.length - 1])) return false;
    const r = nextIndicatorRow(this.kindAt, this.api.getDisplayedRowCount(), f.rowIndex, back ? -1 : 1);
    const start = this.tabRun.column;
    const startOk = cols.includes(start) && !this.session.isLocked(this.slot(start.getColId())!.period);
    const col = back ? cols[cols.length - 1] : startOk ? start : this.firstEditableCol();
    if (r < 0 || !col) return false;
    ev.preventDefault();
    ev.stopPropagation();
    if (this.editing()) this.editor.commit();
    this.moveTo(r, col);
    this.tabRun = { rowIndex: r, column: col };
    return true;
  }

  /** Ctrl+Home/End: first/last figure; Ctrl+ArrowUp/Down: the section's edges; Ctrl+ArrowLeft/Right: first/last year. */
  private jump(key: string): boolean {
    const f = this.api.getFocusedCell();
    const count = this.api.getDisplayedRowCount();
    const cols = this.periodCols();
    if (!cols.length) return false;
    if (key === 'Home' || key === 'End') {
      const r = edgeIndicatorRow(this.kindAt, count, key === 'Home' ? 1 : -1);
      if (r >= 0) this.moveTo(r, key === 'Home' ? cols[0] : cols[cols.length - 1]);
      return r >= 0;
    }
    if (!f) return false;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      this.moveTo(sectionEdgeRow(this.kindAt, count, f.rowIndex, key === 'ArrowDown' ? 1 : -1), f.column as Column);
      return true;
    }
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      this.moveTo(f.rowIndex, key === 'ArrowLeft' ? cols[0] : cols[cols.length - 1]);
      return true;
    }
    return false;
  }

  /** Keys that edit a cell of a locked year ask first (typing, F2, Delete, an input method); the edit follows a yes. */
  private guardLocked(ev: KeyboardEvent): boolean {
    if (!this.session.editable || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
    const f = this.api.getFocusedCell();
    const key = f ? this.keyAt({ rowIndex: f.rowIndex, column: f.column as Column }) : null;
    if (!f || !key) return false;
    const k = ev.key;
    if (k === 'Delete' || k === 'Backspace') {
      const keys = this.selectedKeys();
      const locked = this.lockedOf(keys);
      if (!locked.length) return false;
      ev.preventDefault();
      ev.stopPropagation();
      this.askLocked(locked, () => this.session.clearCells(keys));
      return true;
    }
    const period = parseCellKey(key).period;
    const ime = k === 'Process' || ev.keyCode === 229;
    const typing = k.length === 1 || k === 'F2' || ime;
    if (!typing || !this.session.isLocked(period) || this.allowed.has(key)) return false;
    ev.preventDefault();
    ev.stopPropagation();
    // an input method's key opens an empty editor (its composition is the input method's to send again), never the old figure
    const start = ime ? '' : k.length === 1 ? k : undefined;
    this.askLocked([period], () => this.editOnce(key, f.rowIndex, f.column as Column, start));
    return true;
  }

  private lockedOf(keys: readonly string[]): string[] {
    return [...new Set(keys.map((k) => parseCellKey(k).period))].filter((p) => this.session.isLocked(p));
  }

  private editOnce(key: string, rowIndex: number, column: Column, start?: string): void {
    this.allowed.add(key);
    this.moveTo(rowIndex, column);
    this.startEdit(rowIndex, column, start);
  }

  /** The screen rectangle of a figure's cell, when it is drawn. */
  cellRect(key: string): DOMRect | null {
    const { indicator, period } = parseCellKey(key);
    const el = this.host.querySelector(`.ag-row[row-id="${CSS.escape(indicator)}"] [col-id="${CSS.escape(periodColId(period))}"]`);
    return el ? el.getBoundingClientRect() : null;
  }

  /** Right click on a figure: the figure's menu (focus moves to the cell first, as in Excel). */
  private contextmenu(ev: MouseEvent): void {
    const cell = (ev.target as HTMLElement | null)?.closest<HTMLElement>('[col-id]');
    const rowIndex = Number(cell?.closest<HTMLElement>('[row-index]')?.getAttribute('row-index'));
    const period = periodOf(cell?.getAttribute('col-id') ?? '');
    const d = Number.isInteger(rowIndex) ? this.api.getDisplayedRowAtIndex(rowIndex)?.data : undefined;
    if (!period || d?.kind !== 'indicator' || !this.hooks.menu || this.editing()) return;
    ev.preventDefault();
    const col = this.api.getColumn(periodColId(period));
    if (col) this.api.setFocusedCell(rowIndex, col);
    this.hooks.menu(cellKey(d.id, period), ev.clientX, ev.clientY);
  }

  /** Double-click on a figure edits its text; on a locked year's cell it asks before the editor opens. */
  private dblclick(ev: MouseEvent): void {
    const cell = (ev.target as HTMLElement | null)?.closest<HTMLElement>('[col-id]');
    const rowIndex = Number(cell?.closest<HTMLElement>('[row-index]')?.getAttribute('row-index'));
    const colId = cell?.getAttribute('col-id') ?? '';
    const period = this.slot(colId)?.period;
    const d = Number.isInteger(rowIndex) ? this.api.getDisplayedRowAtIndex(rowIndex)?.data : undefined;
    const col = this.api.getColumn(colId);
    if (!period || d?.kind !== 'indicator' || !this.session.editable || !col) return;
    const key = this.keyOf(d.id, colId)!;
    ev.preventDefault();
    ev.stopPropagation();
    if (!this.session.isLocked(period) || this.allowed.has(key)) this.startEdit(rowIndex, col);
    else this.askLocked([period], () => this.editOnce(key, rowIndex, col));
  }

  // --- find and filter ----------------------------------------------------------------------

  private rowFilter: ((id: string) => boolean) | null = null;

  /** Shows only the indicator rows passing `pass` (null: every row); returns how many are shown. */
  setRowFilter(pass: ((id: string) => boolean) | null): number {
    this.rowFilter = pass;
    this.anchor = null;
    this.range = null;
    const rows = this.rows();
    this.api.setGridOption('rowData', rows);
    return rows.filter((r) => r.kind === 'indicator').length;
  }

  /** Whether an indicator's row is shown (not hidden by the filter). */
  isShown(id: string): boolean {
    return this.api.getRowNode(id)?.displayed === true;
  }

  /** The year a found row is opened at: the latest year not locked (all locked: the latest). */
  private findCol(): Column | undefined {
    const cols = this.periodCols();
    return cols.findLast((c) => !this.session.isLocked(this.slot(c.getColId())!.period)) ?? cols.at(-1);
  }

  /**
   * Scrolls an indicator's row into view (the grid draws only the rows on screen) and highlights its
   * cell; with `focus`, the cell also takes the keyboard focus, ready for typing.
   */
  revealIndicator(id: string, focus: boolean, period?: string): string | null {
    const node = this.api.getRowNode(id);
    // a note's hit opens the noted year; a name's hit the latest year not locked
    const col = (period !== undefined ? this.api.getColumn(periodColId(period)) : null) ?? this.findCol();
    if (!node || node.rowIndex == null || !col) return null;
    const key = this.keyOf(id, col.getColId())!;
    if (focus) {
      this.focusCells([key]);
      return key;
    }
    const prev = this.highlighted;
    this.highlighted = new Set([key]);
    this.refreshRows(new Set([...prev, key].map((k) => parseCellKey(k).indicator)));
    this.api.ensureIndexVisible(node.rowIndex, 'middle');
    return key;
  }

  /**
   * The grid keeps keyboard focus on a header cell, not on the lock button inside it: Enter or Space on
   * a year's header toggles its lock, so it is reached by keyboard too (arrow up from the first row).
   */
  private headerKey(ev: KeyboardEvent): boolean {
    if ((ev.key !== 'Enter' && ev.key !== ' ') || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
    const period = periodOf((ev.target as HTMLElement | null)?.closest('.ag-header-cell')?.getAttribute('col-id') ?? '');
    if (!period) return false;
    ev.preventDefault();
    ev.stopPropagation();
    this.toggleLock(period);
    return true;
  }

  /** Cells of locked years the user agreed to edit once (cleared when the edit stops). */
  private readonly allowed = new Set<string>();

  /** The locks changed: redraw the year headers' lock buttons. */
  refreshLocks(): void {
    this.api.refreshHeader();
  }

  /** Locks or unlocks a year (the year header's button). */
  toggleLock(period: string): void {
    this.session.setLocked(period, !this.session.isLocked(period));
  }

  isLocked(period: string): boolean {
    return this.session.isLocked(period);
  }

  get uiLang(): UiLang {
    return this.lang;
  }

  /** Shift+click extends the block from the anchor (captured before the grid moves the focus). */
  private mousedown(ev: MouseEvent): void {
    if (!ev.shiftKey || !this.anchor) return;
    const cell = (ev.target as HTMLElement | null)?.closest<HTMLElement>('[col-id]');
    const row = cell?.closest<HTMLElement>('[row-index]');
    const colId = cell?.getAttribute('col-id');
    const rowIndex = Number(row?.getAttribute('row-index'));
    if (colId && Number.isInteger(rowIndex)) this.extendTargets.add(`${rowIndex}|${colId}`);
  }

  private paste(ev: ClipboardEvent): void {
    if (this.editing() || !this.session.editable) return;
    const text = ev.clipboardData?.getData('text/plain') ?? '';
    ev.preventDefault();
    const block = parseTsv(text);
    const start = this.selection();
    if (!block.length || !start) return;
    if (block.length === 1 && block[0].length === 1 && (start.r0 !== start.r1 || start.c0 !== start.c1)) {
      // One value onto a selected block fills the block, as in Excel.
      const fill = this.selectedKeys().map((key) => ({ key, raw: block[0][0] }));
      const locked = this.lockedOf(fill.map((e) => e.key));
      if (locked.length) this.askLocked(locked, () => this.session.setCells(fill, 'filled'));
      else this.session.setCells(fill, 'filled');
      return;
    }
    const cols = this.api.getAllDisplayedColumns();
    // Editable target columns from the start column rightwards (non-editable ones are skipped).
    const targetCols = cols.slice(start.c0).filter((c) => this.slots.has(c.getColId()));
    const edits: { key: string; raw: string }[] = [];
    let r = start.r0;
    const count = this.api.getDisplayedRowCount();
    for (const line of block) {
      while (r < count && this.isSection(r)) r++;
      if (r >= count) break;
      const d = this.api.getDisplayedRowAtIndex(r)?.data;
      if (d?.kind === 'indicator') {
        line.forEach((raw, i) => {
          const col = targetCols[i];
          const key = col ? this.keyOf(d.id, col.getColId()) : null;
          if (key) edits.push({ key, raw });
        });
      }
      r++;
    }
    const locked = this.lockedOf(edits.map((e) => e.key));
    if (locked.length) this.askLocked(locked, () => this.session.setCells(edits, 'pasted'));
    else this.session.setCells(edits, 'pasted');
  }

  private copy(ev: ClipboardEvent): void {
    if (this.editing()) return;
    const r = this.selection();
    if (!r || !ev.clipboardData) return;
    const cols = this.api.getAllDisplayedColumns().slice(r.c0, r.c1 + 1);
    const rows: string[][] = [];
    for (let i = r.r0; i <= r.r1; i++) {
      const node = this.api.getDisplayedRowAtIndex(i);
      if (!node?.data || node.data.kind === 'section') continue;
      rows.push(cols.map((c) => String(this.api.getCellValue({ rowNode: node, colKey: c }) ?? '')));
    }
    ev.clipboardData.setData('text/plain', formatTsv(rows));
    ev.preventDefault();
  }

  /** Accepts the first suggestion set that gives this cell a value (Alt+Enter). */
  private acceptAt(key: string): void {
    const s = this.session.suspectOf(key);
    if (!s) return;
    const loc = s.localisation;
    const i = loc.sets.findIndex((set) => set.cells.some((c) => c.cell === key && c.raw !== undefined));
    if (i >= 0) this.session.acceptSuggestion(loc.id, i);
  }

  /** Scrolls to and focuses the first of the cells, highlighting all of them (from the issues panel). */
  focusCells(keys: readonly string[]): void {
    const prev = this.highlighted;
    this.highlighted = new Set(keys);
    const ids = new Set([...prev, ...keys].map((k) => parseCellKey(k).indicator));
    this.refreshRows(ids);
    const first = keys[0];
    if (!first) return;
    const { indicator, period, unit } = parseCellKey(first);
    if (!this.colOfKey(first)) {
      // the cell is not in this view: show its unit (or, in the units view, its year)
      const v: GridView = this.view.kind === 'unit' ? { kind: 'unit', unit } : { kind: 'units', period };
      if (!this.session.workbook.units.has(unit) || !this.session.workbook.periods.includes(period)) return;
      this.setView(v);
      this.onView(this.view);
    }
    const node = this.api.getRowNode(indicator);
    const colId = this.colOfKey(first);
    const col = colId ? this.api.getColumn(colId) : null;
    if (!node || node.rowIndex == null || !col) return;
    this.api.ensureIndexVisible(node.rowIndex, 'middle');
    this.api.ensureColumnVisible(col);
    this.anchor = null;
    this.api.setFocusedCell(node.rowIndex, col);
  }

  destroy(): void {
    this.tooltip.destroy();
    for (const f of this.off) f();
    this.api.destroy();
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/** A 10×12 padlock icon, closed or open; decorative (the button has the spoken name). */
function padlock(closed: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 10 12');
  svg.setAttribute('width', '10');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const body = document.createElementNS(SVG, 'rect');
  for (const [k, v] of Object.entries({ x: '0.5', y: '5.5', width: '9', height: '6', rx: '1', fill: closed ? 'currentColor' : 'none', stroke: 'currentColor' })) body.setAttribute(k, v);
  const shackle = document.createElementNS(SVG, 'path');
  shackle.setAttribute('d', closed ? 'M2.5 5.5V3.5a2.5 2.5 0 0 1 5 0v2' : 'M2.5 5.5V3.5a2.5 2.5 0 0 1 5 0v-0.5');
  shackle.setAttribute('fill', 'none');
  shackle.setAttribute('stroke', 'currentColor');
  svg.append(body, shackle);
  return svg;
}

/**
 * A year column's header: the year and its lock (a closed padlock: an edit asks first; an open one: free). The lock is a
 * button with a spoken name, so it is reached and pressed by keyboard and screen reader as well.
 */
class YearHeader implements IHeaderComp {
  private el!: HTMLElement;
  private button!: HTMLButtonElement;
  private params!: IHeaderParams<GridRow> & { period: string; controller: GridController };

  init(params: IHeaderParams<GridRow> & { period: string; controller: GridController }): void {
    this.params = params;
    this.el = document.createElement('div');
    this.el.className = 'year-header';
    const label = document.createElement('span');
    label.className = 'year-label';
    label.textContent = params.displayName;
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'year-lock';
    this.button.dataset.testid = `lock-${params.period}`;
    this.button.addEventListener('click', this.onClick);
    this.el.append(label, this.button);
    this.draw();
  }

  private readonly onClick = (ev: MouseEvent): void => {
    ev.stopPropagation();
    this.params.controller.toggleLock(this.params.period);
  };

  private draw(): void {
    const { period, controller } = this.params;
    const locked = controller.isLocked(period);
    const lang = controller.uiLang;
    // a drawn padlock (an emoji needs a colour-emoji font many office PCs lack): shackle closed or open
    this.button.replaceChildren(padlock(locked));
    this.button.setAttribute('aria-pressed', String(locked));
    const title = t(lang, locked ? 'yearLocked' : 'yearUnlocked', { p: period });
    this.button.title = title;
    this.button.setAttribute('aria-label', title);
    this.el.classList.toggle('locked', locked);
  }

  getGui(): HTMLElement {
    return this.el;
  }

  refresh(params: IHeaderParams<GridRow> & { period: string; controller: GridController }): boolean {
    this.params = params;
    this.el.querySelector('.year-label')!.textContent = params.displayName;
    this.draw();
    return true;
  }

  destroy(): void {
    this.button.removeEventListener('click', this.onClick);
  }
}
