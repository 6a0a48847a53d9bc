import type { CellValue } from './value.ts';

/**
 * The workbook's figures by cell key (`indicator@place`, the place being the period or `period#unit`):
 * a Map in every way a caller sees, held as one array per indicator row indexed by place, the places
 * numbered once for the whole workbook.
 *
 * Why: at 3,000 reporting units × 120 indicators × 5 years a Map keyed by 1.8 million key strings
 * costs the strings (tens of MB), a hash of each on insertion and seconds of garbage collection to
 * build; here a row's 15,000 places share 15,000 strings and a figure is one array slot. Reading
 * from storage sets figures by indicator and place (setAt) without building their keys at all.
 *
 * Order: iteration goes row by row (rows in the order first set), places in the order first seen —
 * not the order figures were set. A key without "@" (not a cell key) is kept in a plain Map after
 * the rows, so any string is a key as in a Map.
 */
export class CellMap implements Map<string, CellValue> {
  private readonly placeIndex = new Map<string, number>();
  private readonly places: string[] = [];
  private readonly rows = new Map<string, (CellValue | undefined)[]>();
  private readonly other = new Map<string, CellValue>();
  private count = 0;
  /** The row setAtPlace wrote last (reading a stored row sets thousands of figures of one indicator in a row). */
  private lastId: string | undefined;
  private lastRow: (CellValue | undefined)[] = [];

  get size(): number {
    return this.count + this.other.size;
  }

  get [Symbol.toStringTag](): string {
    return 'CellMap';
  }

  get(key: string): CellValue | undefined {
    const at = key.indexOf('@');
    if (at < 0) return this.other.get(key);
    const row = this.rows.get(key.slice(0, at));
    if (!row) return undefined;
    const i = this.placeIndex.get(key.slice(at + 1));
    return i === undefined ? undefined : row[i];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: CellValue): this {
    const at = key.indexOf('@');
    if (at < 0) this.other.set(key, value);
    else this.setAt(key.slice(0, at), key.slice(at + 1), value);
    return this;
  }

  /** Sets the figure of `indicator` (an id without "@") at `place`: the same as set(`${indicator}@${place}`, value). */
  setAt(indicator: string, place: string, value: CellValue): void {
    this.setAtPlace(indicator, this.place(place), value);
  }

  /** The number of a place (what follows "@" in a cell key), numbered on first use. */
  place(place: string): number {
    let i = this.placeIndex.get(place);
    if (i === undefined) {
      i = this.places.length;
      this.places.push(place);
      this.placeIndex.set(place, i);
    }
    return i;
  }

  /** setAt with the place given by its number (from place()). */
  setAtPlace(indicator: string, i: number, value: CellValue): void {
    let row = indicator === this.lastId ? this.lastRow : this.rows.get(indicator);
    if (!row) this.rows.set(indicator, (row = []));
    this.lastId = indicator;
    this.lastRow = row;
    // kept dense (no holes), so the array stays a fast one
    while (row.length <= i) row.push(undefined);
    if (row[i] === undefined) this.count++;
    row[i] = value;
  }

  delete(key: string): boolean {
    const at = key.indexOf('@');
    if (at < 0) return this.other.delete(key);
    const row = this.rows.get(key.slice(0, at));
    const i = row && this.placeIndex.get(key.slice(at + 1));
    if (!row || i === undefined || row[i] === undefined) return false;
    row[i] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.lastId = undefined;
    this.rows.clear();
    this.other.clear();
    this.count = 0;
  }

  /** Each row's figures by place (undefined where a place has none), for readers that go through every figure. */
  eachRow(f: (indicator: string, places: readonly string[], row: readonly (CellValue | undefined)[]) => void): void {
    for (const [id, row] of this.rows) f(id, this.places, row);
  }

  *entries(): MapIterator<[string, CellValue]> {
    for (const [id, row] of this.rows) {
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (v !== undefined) yield [`${id}@${this.places[i]}`, v];
      }
    }
    yield* this.other.entries();
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<CellValue> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, CellValue]> {
    return this.entries();
  }

  forEach(f: (value: CellValue, key: string, map: Map<string, CellValue>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }
}
