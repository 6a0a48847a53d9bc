import type { Text } from '../model/catalog.ts';
import { DataFileError } from '../data/errors.ts';

/**
 * A file the user gave us (workbook JSON, CSV, XLSX) that cannot be read as it is. Every issue names
 * the file and the place. A DataFileError, so the UI boundary that shows data-file issues shows these too.
 */
export class FileReadError extends DataFileError {
  constructor(file: string, issues: Text[]) {
    super(file, issues);
    this.name = 'FileReadError';
  }
}
