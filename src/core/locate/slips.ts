/**
 * Typing slips: the ways a figure is commonly mistyped, used to explain a suggested correction
 * ("256,665 entered as 265,665?") and to prefer the correction a slip explains.
 *
 * Slips are taken on the figure's digits at the indicator's published decimals, so "14.7" typed as
 * "41.7" is a swap and "52.08" typed as "5208" a misplaced decimal point.
 */

export type SlipKind = 'transposition' | 'digit' | 'dropped' | 'doubled' | 'decimal' | 'wan';

/** In order of preference when two kinds give the same value. */
export const SLIP_KINDS: readonly SlipKind[] = ['transposition', 'digit', 'dropped', 'doubled', 'decimal', 'wan'];

export interface SlipCandidate {
  /** The value the user probably meant. */
  value: number;
  kind: SlipKind;
}

function fromDigits(digits: string, decimals: number, negative: boolean): number {
  const v = Number(digits) / 10 ** decimals;
  return negative ? -v : v;
}

function round(x: number, decimals: number): number {
  return Number(x.toFixed(decimals));
}

/**
 * Every value the entered figure could have been meant as, by one slip each: two adjacent digits
 * swapped, one digit wrong, a digit dropped (the intended value has one more), a digit doubled (one
 * fewer), a misplaced decimal point (×10^±1..3) or 万 confused with units (×10^±4).
 */
export function slipCandidates(entered: number, decimals: number): SlipCandidate[] {
  if (!Number.isFinite(entered)) return [];
  const d = Math.max(0, Math.min(decimals, 6));
  const negative = entered < 0;
  const digits = Math.abs(entered).toFixed(d).replace('.', '');
  const out = new Map<number, SlipKind>();
  const add = (v: number, kind: SlipKind) => {
    const r = round(v, d);
    if (r !== round(entered, d) && Number.isFinite(r) && !out.has(r)) out.set(r, kind);
  };
  // a swap that moves a 0 to the front is a dropped digit, not a swap
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] !== digits[i + 1] && !(i === 0 && digits[1] === '0')) add(fromDigits(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2), d, negative), 'transposition');
  }
  // a single figure "wrong by one digit" is any other figure: not evidence of a slip
  for (let i = 0; i < (digits.replace(/^0+(?=\d)/, '').length > 1 ? digits.length : 0); i++) {
    for (let c = 0; c <= 9; c++) {
      if (String(c) !== digits[i]) add(fromDigits(digits.slice(0, i) + c + digits.slice(i + 1), d, negative), 'digit');
    }
  }
  for (let i = 0; i <= digits.length; i++) {
    for (let c = 0; c <= 9; c++) add(fromDigits(digits.slice(0, i) + c + digits.slice(i), d, negative), 'dropped');
  }
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] === digits[i + 1]) add(fromDigits(digits.slice(0, i) + digits.slice(i + 1), d, negative), 'doubled');
  }
  // a shifted point must keep every digit: 2 is not 0.2 rounded to a whole number
  const shifted = (v: number, kind: SlipKind) => {
    if (Math.abs(round(v, d) - v) <= 1e-9 * Math.max(1, Math.abs(v))) add(v, kind);
  };
  for (const k of [1, 2, 3, -1, -2, -3]) shifted(entered * 10 ** k, 'decimal');
  for (const k of [4, -4]) shifted(entered * 10 ** k, 'wan');
  return [...out].map(([value, kind]) => ({ value, kind }));
}

/** Which slip turns `meant` into `entered` at the given decimals, or null when no single slip does. */
export function classifySlip(entered: number, meant: number, decimals: number): SlipKind | null {
  const target = round(meant, Math.max(0, Math.min(decimals, 6)));
  return slipCandidates(entered, decimals).find((c) => c.value === target)?.kind ?? null;
}

/**
 * The figure as typed with one slip of the given kind, for tests and demonstrations: the `variant`-th
 * possibility (wrapping around), or null when the kind does not apply (no two different adjacent
 * digits to swap, no doubled digit to make…). The inverse direction of slipCandidates.
 */
export function applySlip(value: number, decimals: number, kind: SlipKind, variant = 0): number | null {
  const d = Math.max(0, Math.min(decimals, 6));
  const negative = value < 0;
  const digits = Math.abs(value).toFixed(d).replace('.', '');
  const options: string[] = [];
  switch (kind) {
    case 'transposition':
      for (let i = 0; i + 1 < digits.length; i++) {
        if (digits[i] !== digits[i + 1] && !(i === 0 && digits[1] === '0')) options.push(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
      }
      break;
    case 'digit':
      for (let i = 0; i < digits.length; i++) options.push(digits.slice(0, i) + ((Number(digits[i]) + 1 + (variant % 8)) % 10) + digits.slice(i + 1));
      break;
    case 'dropped':
      // the typed figure lost a digit: only when one is left
      if (digits.length > 1) for (let i = 0; i < digits.length; i++) options.push(digits.slice(0, i) + digits.slice(i + 1));
      break;
    case 'doubled':
      for (let i = 0; i < digits.length; i++) options.push(digits.slice(0, i + 1) + digits.slice(i));
      break;
    case 'decimal':
      return round(value * 10 ** [1, -1, 2][variant % 3], d + 3);
    case 'wan':
      return value / 1e4;
  }
  // a figure does not start with 0 (except a lone 0 before the decimals)
  const kept = options.filter((o) => !/^0\d/.test(o.slice(0, Math.max(1, o.length - d))));
  if (!kept.length) return null;
  const v = fromDigits(kept[variant % kept.length], d, negative);
  return v === value ? null : v;
}
