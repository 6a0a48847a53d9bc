/**
 * What a statistician knows about one figure besides its value (DHIS2's comments, follow-up marks and
 * audit log; Excel's comments): a note, a follow-up flag, and the history of its changes. Keyed by
 * cellKey on the Workbook; stored, exported and shown in the side panel.
 */

/** A note on a figure (Shift+F2). */
export interface Note {
  text: string;
  /** ISO time of the last edit. */
  time: string;
}

/** A figure flagged to be checked again (filterable). */
export interface FollowUp {
  time: string;
  reason?: string;
}

/** How a figure changed. */
export type ChangeHow = 'typed' | 'pasted' | 'filled' | 'cleared' | 'imported' | 'suggestion' | 'undo' | 'redo' | 'derived' | 'reset';

/** One change of one figure: old → new raw text, when and how (with the file and row for an import). */
export interface ChangeRecord {
  time: string;
  before: string;
  after: string;
  how: ChangeHow;
  /** For 'imported': the file name, sheet and 1-based row the figure came from. */
  file?: string;
  sheet?: string;
  row?: number;
  /** On the oldest record kept: how many older changes were dropped to keep the history bounded. */
  dropped?: number;
}

/** One import: which file, when, what it changed, with which mapping. */
export interface ImportLogEntry {
  time: string;
  /**
   * 'reset': not an import but the workbook reset to the report's figures (恢复为报告数据): `file` names
   * the figures it was reset to (the bundled baseline), no file was read (size 0, no mapping). Absent: an import.
   */
  kind?: 'reset';
  file: string;
  /** Bytes. */
  size: number;
  cellsNew: number;
  cellsChanged: number;
  /** The reporting unit the file was read for (absent: the city). */
  unit?: string;
  /** Row name → indicator id (null: left out) as used by this import. */
  mapping: { label: string; indicator: string | null }[];
}
