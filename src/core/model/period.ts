/**
 * Periods are calendar years written with four digits ("2019"). Rules that compare with "last year"
 * read the calendar year before, never merely the previous column: with 2019 and 2021 in a workbook,
 * 2021's "比上年增加" needs 2020.
 */

const YEAR = /^\d{4}$/;

/** Whether a period id is a four-digit year. */
export function isYear(p: string): boolean {
  return YEAR.test(p);
}

/** The calendar year before `p` ("2021" → "2020"); undefined for a period that is not a year (or year 0000). */
export function previousYear(p: string): string | undefined {
  if (!isYear(p)) return undefined;
  const y = Number(p) - 1;
  return y >= 0 ? String(y).padStart(4, '0') : undefined;
}

/** The calendar year after `p`; undefined for a period that is not a year (or 9999). */
export function nextYear(p: string): string | undefined {
  if (!isYear(p)) return undefined;
  const y = Number(p) + 1;
  return y <= 9999 ? String(y).padStart(4, '0') : undefined;
}
