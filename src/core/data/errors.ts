import type { Text } from '../model/catalog.ts';

/**
 * A data file (catalog, baseline, rule file, workbook) that cannot be used as it is.
 * Thrown by the loaders: a broken bundled file is a programming error, and a broken user file is
 * caught at the UI boundary, where `issues` are shown as they are (each names the file and the place).
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: Text[],
  ) {
    super(`${file}: ${issues.length} issue(s)\n${issues.map((i) => `- ${i.en}`).join('\n')}`);
    this.name = 'DataFileError';
  }
}
