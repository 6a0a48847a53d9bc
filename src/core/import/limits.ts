/**
 * Hard limits on what an import will read, so that no file can exhaust memory or hang the page.
 * A yearly statistics table has a few hundred rows; these leave two orders of magnitude of room.
 */
export const IMPORT_LIMITS = {
  /** Largest file accepted, in bytes (20 MB). */
  maxFileBytes: 20 * 1024 * 1024,
  /** Most cells (rows × columns of the used range) read from one sheet or CSV. */
  maxCells: 1_000_000,
  /** Most rows read from one sheet or CSV. */
  maxRows: 200_000,
  /** Most columns holding anything in one sheet (an XLSX cell can sit at column XFD, 16384). */
  maxColumns: 1_000,
  /** Largest total uncompressed size of an XLSX's parts (guards against zip bombs), in bytes. */
  maxUnzippedBytes: 200 * 1024 * 1024,
  /** How many rows from the top are searched for the header row. */
  headerSearchRows: 50,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof IMPORT_LIMITS]: number };
