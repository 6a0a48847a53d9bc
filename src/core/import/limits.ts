/**
 * Hard limits on what an import will read, so that no file can exhaust memory or hang the page.
 * A yearly statistics table has a few hundred rows; these leave two orders of magnitude of room.
 *
 * The one place the limits live: the import dialog (and its worker), `npm run validate` and
 * `npm run export` all read them from here, README.md and SECURITY.md state them, and the tests read
 * them from here (tests/unit/hostile/). Every limit is checked before the work it bounds.
 */
export const IMPORT_LIMITS = {
  /** Largest file accepted, in bytes (20 MB); checked from the file's size before it is read (CLI: fs.stat, dialog: File.size). */
  maxFileBytes: 20 * 1024 * 1024,
  /** Most cells (rows × columns of the used range) read from one sheet or CSV; most values in a workbook JSON. */
  maxCells: 1_000_000,
  /** Most rows read from one sheet or CSV. */
  maxRows: 200_000,
  /** Most columns holding anything in one sheet (an XLSX cell can sit at column XFD, 16384). */
  maxColumns: 1_000,
  /** Largest total uncompressed size of an XLSX's parts (guards against zip bombs), in bytes. */
  maxUnzippedBytes: 100 * 1024 * 1024,
  /** Largest uncompressed size of one XLSX part (a sheet, the shared strings), in bytes; checked on the stated size before inflating and while inflating. */
  maxPartBytes: 48 * 1024 * 1024,
  /** Longest text of one cell, in characters (Excel's own cell limit, 32,767). */
  maxCellChars: 32_767,
  /** Longest name (label) shown in full; a longer one is cut with "…" where it is displayed and a warning names its row. */
  maxLabelChars: 200,
  /** Most periods (years) a file may bring; a workbook covers a few decades at most. */
  maxPeriods: 100,
  /** How many rows from the top are searched for the header row. */
  headerSearchRows: 50,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof IMPORT_LIMITS]: number };

