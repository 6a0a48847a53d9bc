import baselineJson from '../../../data/baseline-2019.json' with { type: 'json' };

/**
 * The 2019 baseline as shipped: a file in the workbook format (every figure of the report for 2019,
 * four derived 2018 values). Unchecked JSON: read it through the workbook file loader, which re-parses
 * every raw value; tests/unit/data/baseline.test.ts keeps it consistent with the catalog and parser.
 */
export const BASELINE_2019_JSON: unknown = baselineJson;

/** Where the baseline lives in the repository, for messages. */
export const BASELINE_2019_FILE = 'data/baseline-2019.json';
