/**
 * The grid's text editor for one figure: a plain `<input>` laid over the cell. AG Grid's own editing
 * (its EditCore and text editor modules, about 29 kB gzip with the popup and tooltip services they
 * depend on) is not registered, so the first load does not carry it; the grid only ever needed a text box
 * whose text goes to the session (the workbook is the source of truth, as with AG Grid's readOnlyEdit).
 *
 * The input lives beside AG Grid's root in the grid's host, not inside a row: AG Grid redraws and recycles
 * rows and cells (another tab's figure, a mark, scrolling) and handles keys inside its rows as grid keys;
 * the editor stays open through all of that. It is placed over the cell (fixed position from the cell's
 * rectangle, clipped to what the grid shows of it) and follows it when the grid scrolls. What the keys do while it is open (Enter, Tab, Escape)
 * is decided by the grid (grid.ts), which owns navigation.
 *
 * An input method (Pinyin, full-width digits) composes in the input: while it composes, and for the key that
 * ends a composition (keyCode 229, sent by some browsers after compositionend), every key is the input
 * method's — Enter picks the candidate, Esc drops the composition, Tab stays in it — never the grid's
 * (tests/browser/cell-editor-ime.test.ts drives real compositions through Chromium's DevTools protocol).
 */
export interface EditTarget {
  /** The figure's cell key. */
  key: string;
  rowIndex: number;
  colId: string;
  /** The cell's text when the editor opened (another tab may change it meanwhile). */
  base: string;
}

export interface CellEditorHooks {
  /** The cell's element while it is drawn (null when scrolled away). */
  cellElement(rowIndex: number, colId: string): HTMLElement | null;
  /** The editor closed with `raw` to keep (not called on cancel). */
  commit(target: EditTarget, raw: string): void;
  /** Keys pressed in the editor (Enter, Tab, Escape are the grid's to decide). */
  keydown(ev: KeyboardEvent, target: EditTarget): void;
  /** A label for screen readers: the figure being edited. */
  label(target: EditTarget): string;
}

export class CellEditor {
  private input: HTMLInputElement | null = null;
  private current: EditTarget | null = null;
  /** An input method is composing in the editor (between compositionstart and compositionend). */
  private composing = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly hooks: CellEditorHooks,
  ) {}

  /** The figure being edited, or null. */
  get target(): EditTarget | null {
    return this.current;
  }

  /** The editor's element while open (tests, focus checks). */
  get element(): HTMLInputElement | null {
    return this.input;
  }

  /**
   * Whether a key belongs to an input method rather than to the grid: the editor is composing, the event
   * says so, or it carries keyCode 229 (an input method's key, also the Enter that ends a composition in
   * browsers that send compositionend first).
   */
  imeKey(ev: KeyboardEvent): boolean {
    return this.composing || ev.isComposing || ev.keyCode === 229;
  }

  /**
   * Opens the editor over a drawn cell with `text` (the cell's own text for F2 or a double click, the typed
   * character for a key, '' for an input method that composes into it), the caret at the end, focused.
   */
  open(target: EditTarget, text: string): boolean {
    if (this.current) this.commit();
    const cell = this.hooks.cellElement(target.rowIndex, target.colId);
    if (!cell) return false;
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'cell-editor';
    input.dataset.testid = 'cell-editor';
    input.dataset.key = target.key;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-label', this.hooks.label(target));
    const cs = getComputedStyle(cell);
    Object.assign(input.style, { font: cs.font, textAlign: cs.textAlign, paddingLeft: cs.paddingLeft, paddingRight: cs.paddingRight });
    input.value = text;
    input.addEventListener('compositionstart', () => {
      if (this.input === input) this.composing = true;
    });
    input.addEventListener('compositionend', () => {
      if (this.input === input) this.composing = false;
    });
    input.addEventListener('keydown', (ev) => {
      if (!this.current) return;
      if (this.imeKey(ev)) {
        // the input method's key; a Tab seen as such must not move the focus out of the composition
        if (ev.key === 'Tab') ev.preventDefault();
        return;
      }
      this.hooks.keydown(ev, this.current);
    });
    // focus leaving the editor (a click elsewhere, a button, another window) keeps what was typed
    input.addEventListener('blur', () => {
      if (this.input === input) this.commit();
    });
    this.current = target;
    this.input = input;
    this.host.append(input);
    this.place();
    input.focus();
    input.setSelectionRange(text.length, text.length);
    return true;
  }

  /** Puts the editor over its cell again (after a scroll); a cell no longer drawn ends the edit, keeping its text. */
  place(): void {
    if (!this.current || !this.input) return;
    const cell = this.hooks.cellElement(this.current.rowIndex, this.current.colId);
    if (!cell) {
      this.commit();
      return;
    }
    const r = cell.getBoundingClientRect();
    // only the part of the cell the grid shows: the scrolling viewports around it clip it (a cell scrolled
    // under the header or out of the grid keeps its editor open, hidden, as the grid keeps its row drawn)
    let top = r.top;
    let left = r.left;
    let bottom = r.bottom;
    let right = r.right;
    for (let el = cell.parentElement; el && el !== this.host; el = el.parentElement) {
      const cs = getComputedStyle(el);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const c = el.getBoundingClientRect();
      top = Math.max(top, c.top);
      left = Math.max(left, c.left);
      bottom = Math.min(bottom, c.bottom);
      right = Math.min(right, c.right);
    }
    const shown = bottom > top && right > left;
    // clipped away, not hidden: a hidden element would lose the focus (and the typing with it)
    Object.assign(this.input.style, {
      position: 'fixed',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${r.width}px`,
      height: `${r.height}px`,
      clipPath: shown ? `inset(${top - r.top}px ${r.right - right}px ${r.bottom - bottom}px ${left - r.left}px)` : 'inset(50%)',
    });
    this.input.toggleAttribute('data-out-of-sight', !shown);
  }

  /** Closes the editor keeping its text (handed to `commit` when the editor was open). */
  commit(): void {
    const target = this.current;
    const raw = this.input?.value ?? '';
    this.close();
    if (target) this.hooks.commit(target, raw);
  }

  /** Closes the editor without keeping its text. */
  cancel(): void {
    this.close();
  }

  private close(): void {
    const input = this.input;
    this.current = null;
    this.input = null;
    this.composing = false;
    input?.remove();
  }
}
