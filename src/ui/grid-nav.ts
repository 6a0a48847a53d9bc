/**
 * Where the grid's keys move to, as in Excel/WPS, over the displayed rows: sections are headers (never a
 * stop), indicator rows are the cells. Pure functions of the rows' kinds, so they are tested in Node.
 */
export type RowKind = 'section' | 'indicator';

/** The next indicator row from `row` in direction `dir` (not `row` itself), or -1 when there is none. */
export function nextIndicatorRow(kindAt: (i: number) => RowKind | undefined, count: number, row: number, dir: 1 | -1): number {
  for (let r = row + dir; r >= 0 && r < count; r += dir) if (kindAt(r) === 'indicator') return r;
  return -1;
}

/** The first (dir -1: last) indicator row of the grid, or -1 when there is none (Ctrl+Home, Ctrl+End). */
export function edgeIndicatorRow(kindAt: (i: number) => RowKind | undefined, count: number, dir: 1 | -1): number {
  return nextIndicatorRow(kindAt, count, dir === 1 ? -1 : count, dir);
}

/**
 * Ctrl+ArrowDown / Ctrl+ArrowUp: to the last (first) row of the current section; from there, to the
 * first (last) row of the next (previous) section, as Excel jumps across the edges of a block of data.
 * Stays put at the grid's edge.
 */
export function sectionEdgeRow(kindAt: (i: number) => RowKind | undefined, count: number, row: number, dir: 1 | -1): number {
  let edge = row;
  while (edge + dir >= 0 && edge + dir < count && kindAt(edge + dir) === 'indicator') edge += dir;
  if (edge !== row) return edge;
  const next = nextIndicatorRow(kindAt, count, row, dir);
  return next < 0 ? row : next;
}
