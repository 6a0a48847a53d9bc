/**
 * One figure as the user wrote it and as the rules read it.
 *
 * Invariant: `raw` is never changed by parsing; what cannot be read stays as typed with
 * state "invalid" (the product never drops or silently coerces a figure).
 */

/**
 * - value: a figure was given (a typed 0 is a confirmed zero)
 * - empty: not yet reported
 * - na: not applicable (written — or -)
 * - invalid: text that could not be read as the indicator's kind; kept as typed and flagged
 */
export type CellState = 'value' | 'empty' | 'na' | 'invalid';

/**
 * How the report qualifies an approximate figure.
 * - about: 约 / 近 / 左右 — close to n
 * - over: 以上 / 超过 / 逾 — at least n
 * - odd: 余 / 多 — n and a bit ("1千余" lies in [1000, 2000))
 * - under: 以下 / 不足 / 不到 — at most n
 */
export type Qualifier = 'about' | 'over' | 'odd' | 'under';

export interface CellValue {
  /** Exactly what was typed or imported. */
  raw: string;
  state: CellState;
  /** The value in the indicator's unit (for a split: the first side; for a ratio 1:x: x). */
  n?: number;
  /** A split's second side. */
  n2?: number;
  /**
   * The interval the written figure stands for: published rounding ("98.23" → [98.225, 98.235]),
   * 万-rounding ("1.6万" → [15500, 16500]) and qualifiers ("约", "以上"). Exact counts have lo = hi = n.
   */
  lo?: number;
  hi?: number;
  /** Same for a split's second side. */
  lo2?: number;
  hi2?: number;
  qualifier?: Qualifier;
  /** Why an invalid value could not be read: a message code (see core/i18n). */
  error?: string;
}

/** The empty cell. */
export const EMPTY: CellValue = Object.freeze({ raw: '', state: 'empty' }) as CellValue;

/** The reporting unit every value belongs to until a later capability adds districts and schools. */
export const CITY = 'city';

/** Where a value lives: indicator × period × reporting unit. */
export interface CellRef {
  indicator: string;
  period: string;
  /** Defaults to CITY. */
  unit?: string;
}

/** A stable string key for a cell; the reporting unit is left out when it is the city. */
export function cellKey(indicator: string, period: string, unit: string = CITY): string {
  return unit === CITY ? `${indicator}@${period}` : `${indicator}@${period}#${unit}`;
}

/** The inverse of cellKey. */
export function parseCellKey(key: string): Required<CellRef> {
  const at = key.indexOf('@');
  const hash = key.indexOf('#', at);
  return {
    indicator: key.slice(0, at),
    period: hash < 0 ? key.slice(at + 1) : key.slice(at + 1, hash),
    unit: hash < 0 ? CITY : key.slice(hash + 1),
  };
}
