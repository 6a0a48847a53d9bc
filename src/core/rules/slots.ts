import type { CellValue } from '../model/value.ts';

/**
 * Cell values as the plan reads them: one slot per cell, so every rule kind runs as a loop over typed
 * arrays. The interval is interleaved (`iv[2s]` = lo, `iv[2s + 1]` = hi) so a rule reading a cell at a
 * scattered slot touches one cache line, not two; the point value `n` and the `state` are read only to
 * explain a finding or when the interval says the cell has no value.
 *
 * Invariant: a slot whose state is not VALUE holds n = 0 and lo = hi = NaN, so any sum over it is NaN
 * and the kinds take their slow path, which reads the states (na counts as 0, empty blocks unless the
 * rule says missing counts as zero, invalid blocks).
 */

/** State bits; a set of operands is checked by OR-ing its states. */
export const ST_VALUE = 0;
export const ST_EMPTY = 1;
export const ST_NA = 2;
export const ST_INVALID = 4;
/**
 * An empty cell of an optional indicator (a category some years report): in a sum it is absent and
 * counts as 0; a quotient or a comparison with last year cannot use it (like an empty cell).
 */
export const ST_ABSENT = 8;

export class Slots {
  n: Float64Array;
  /** lo, hi interleaved. */
  iv: Float64Array;
  state: Uint8Array;
  /** A split's second side; allocated on first use (only split cells need it). */
  n2: Float64Array | null = null;
  lo2: Float64Array | null = null;
  hi2: Float64Array | null = null;
  /** Slots whose empty cell is absent rather than missing (optional indicators); null when none. */
  optional: Uint8Array | null = null;

  /** All slots start empty. */
  constructor(readonly size: number) {
    this.n = new Float64Array(size);
    this.iv = new Float64Array(2 * size).fill(NaN);
    this.state = new Uint8Array(size).fill(ST_EMPTY);
  }

  /** Empties every slot (an optional indicator's slot is absent), as a new Slots of this size. */
  clear(): void {
    this.n.fill(0);
    this.iv.fill(NaN);
    this.state.fill(ST_EMPTY);
    const opt = this.optional;
    if (opt) for (let s = 0; s < this.size; s++) if (opt[s]) this.state[s] = ST_ABSENT;
    if (this.n2) {
      this.n2.fill(0);
      this.lo2!.fill(0);
      this.hi2!.fill(0);
    }
  }

  /** Sets a slot to a plain value with its interval. */
  setValue(slot: number, n: number, lo = n, hi = n): void {
    this.n[slot] = n;
    this.iv[2 * slot] = lo;
    this.iv[2 * slot + 1] = hi;
    this.state[slot] = ST_VALUE;
  }

  /** Sets a slot to a state without a value (ST_EMPTY, ST_NA or ST_INVALID). */
  setState(slot: number, state: number): void {
    this.n[slot] = 0;
    this.iv[2 * slot] = NaN;
    this.iv[2 * slot + 1] = NaN;
    this.state[slot] = state;
  }

  /** Copies a CellValue into a slot. */
  setCell(slot: number, v: CellValue): void {
    switch (v.state) {
      case 'value': {
        const n = v.n ?? 0;
        this.setValue(slot, n, v.lo ?? n, v.hi ?? n);
        if (v.n2 !== undefined) {
          this.ensureSecond();
          this.n2![slot] = v.n2;
          this.lo2![slot] = v.lo2 ?? v.n2;
          this.hi2![slot] = v.hi2 ?? v.n2;
        } else if (this.n2) {
          this.n2[slot] = this.lo2![slot] = this.hi2![slot] = 0;
        }
        return;
      }
      case 'na':
        return this.setState(slot, ST_NA);
      case 'invalid':
        return this.setState(slot, ST_INVALID);
      default:
        return this.setState(slot, this.optional?.[slot] ? ST_ABSENT : ST_EMPTY);
    }
  }

  lo(slot: number): number {
    return this.iv[2 * slot];
  }

  hi(slot: number): number {
    return this.iv[2 * slot + 1];
  }

  /** Marks a slot as belonging to an optional indicator (call before loading its cell). */
  markOptional(slot: number): void {
    this.optional ??= new Uint8Array(this.size);
    this.optional[slot] = 1;
  }

  /** Allocates the second-side arrays. */
  ensureSecond(): void {
    if (this.n2) return;
    this.n2 = new Float64Array(this.size);
    this.lo2 = new Float64Array(this.size);
    this.hi2 = new Float64Array(this.size);
  }
}
