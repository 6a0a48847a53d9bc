/**
 * `npx tsx scripts/gen-report-numbers.ts`: writes data/report-numbers.json, every number of the report's
 * scope with the text around it, from the seed (../shared/seed/, or EDU_STATS_SEED). The completeness
 * test checks the catalog and the baseline against this list on any machine, and the list against the
 * report text where the text is present.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CONTEXT, listNumbers, NUMBERS_FILE, readScope, SEED_PATH, type NumbersFile } from '../tests/unit/data/completeness.ts';

const file: NumbersFile = {
  description:
    'Every Arabic-digit number of the source report (the page header, the title, parts 一 and 二 and the pairing sentence of part 三) with the text around it. Generated from the seed by scripts/gen-report-numbers.ts; do not edit by hand.',
  seed: basename(SEED_PATH),
  context: CONTEXT,
  numbers: listNumbers(readScope()),
};
writeFileSync(NUMBERS_FILE, JSON.stringify(file, null, 1) + '\n');
console.log(`wrote ${NUMBERS_FILE}: ${file.numbers.length} numbers`);
