/**
 * How a figure is shown in the grid and the print: as typed, or — by the user's preference — a plain
 * number with thousands separators, so that a column does not mix 541261 and 552,310. Only the
 * display changes: the raw text stays as typed (what is stored, edited, exported and checked).
 * Text that is more than a plain number (1.2万, 约12, 98.23%, 55.5:44.5, —, unreadable text) is shown as typed.
 */
import type { CellValue } from '../model/value.ts';

export type NumberDisplay = 'typed' | 'grouped';

/** A plain number as people type it: optional sign, digits (with or without , separators), optional decimals. */
const PLAIN = /^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

export function displayText(v: CellValue, mode: NumberDisplay): string {
  if (mode === 'typed' || v.state !== 'value' || v.n === undefined || v.n2 !== undefined || v.qualifier) return v.raw;
  const m = PLAIN.exec(v.raw.trim());
  if (!m) return v.raw;
  const [, sign, int, dec = ''] = m;
  const digits = int.replace(/,/g, '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign === '-' ? '−' : sign}${grouped}${dec}`;
}
