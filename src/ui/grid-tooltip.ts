/** The grid element the pointer rests on: a body cell (its row id) or a header cell (`rowId` null). */
export interface TipTarget {
  rowId: string | null;
  colId: string;
}

export interface GridTooltipOptions {
  /** ms the pointer rests on a cell before the tooltip shows. */
  showDelay: number;
  /** ms a shown tooltip stays while the pointer does not move to another cell. */
  hideDelay: number;
}

/**
 * One tooltip for the whole grid, driven by pointer events delegated to the grid's host element.
 *
 * AG Grid's own tooltips attach a feature with its listeners to every cell it renders and destroy it
 * again when the row scrolls away: about a sixth of the script time of scrolling through 10,000 rows,
 * and garbage that made the longest frames. This costs nothing per cell; the text is asked for only
 * when the pointer has rested on a cell. Lines are kept (`\n`), which AG Grid's tooltip folded.
 */
export class GridTooltip {
  readonly el: HTMLDivElement;
  /** The cell the pointer is on (a tooltip pending or shown for it), or null. */
  private cell: HTMLElement | null = null;
  private showTimer: ReturnType<typeof setTimeout> | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly text: (t: TipTarget) => string | undefined,
    private readonly opts: GridTooltipOptions,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'grid-tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.hidden = true;
    document.body.append(this.el);
    const listen = <K extends keyof HTMLElementEventMap>(type: K, f: (e: HTMLElementEventMap[K]) => void, capture = false) => {
      host.addEventListener(type, f, capture);
      this.off.push(() => host.removeEventListener(type, f, capture));
    };
    listen('pointerover', (e) => this.over(e.target));
    listen('pointerleave', () => this.hide());
    // Anything the user does in the grid puts the tooltip away until the pointer moves to another cell.
    const dismiss = () => this.hide(true);
    listen('pointerdown', dismiss, true);
    listen('keydown', dismiss, true);
    listen('wheel', dismiss, true);
    // scroll does not bubble: the capture phase sees the scrolling of the grid's viewports
    listen('scroll', dismiss, true);
  }

  private over(target: EventTarget | null): void {
    const cell = target instanceof Element ? target.closest<HTMLElement>('.ag-cell[col-id], .ag-header-cell[col-id]') : null;
    if (cell === this.cell) return;
    this.hide();
    if (!cell || !this.host.contains(cell)) return;
    this.cell = cell;
    this.showTimer = setTimeout(() => this.show(cell), this.opts.showDelay);
  }

  private show(cell: HTMLElement): void {
    // the row may have been scrolled away (and its element destroyed) while the timer ran
    if (cell !== this.cell || !cell.isConnected) return;
    const colId = cell.getAttribute('col-id');
    const header = cell.classList.contains('ag-header-cell');
    const rowId = header ? null : cell.closest('[row-id]')?.getAttribute('row-id');
    if (!colId || rowId === undefined) return;
    const text = this.text({ rowId, colId });
    if (!text) return;
    const el = this.el;
    el.textContent = text;
    el.hidden = false;
    // below the cell, or above it when there is no room; never past the window's right edge
    const r = cell.getBoundingClientRect();
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const top = r.bottom + 4 + h <= window.innerHeight ? r.bottom + 4 : Math.max(0, r.top - 4 - h);
    el.style.left = `${Math.max(0, Math.min(r.left, window.innerWidth - w - 4))}px`;
    el.style.top = `${top}px`;
    this.hideTimer = setTimeout(() => this.hide(true), this.opts.hideDelay);
  }

  /** Hides the tooltip; `stay`: the pointer is still on the cell but it should not show again there. */
  hide(stay = false): void {
    clearTimeout(this.showTimer);
    clearTimeout(this.hideTimer);
    // scroll events call this at every frame: leave the element alone when it is hidden already
    if (!this.el.hidden) this.el.hidden = true;
    if (!stay) this.cell = null;
  }

  destroy(): void {
    this.hide();
    for (const f of this.off) f();
    this.el.remove();
  }
}
