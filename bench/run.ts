/**
 * `npm run bench` (`--quick`: tiny sizes, as the smoke test runs). Prints a table and writes
 * bench/results/latest.json. Measured: the rule engine at scale against same-run baselines.
 * Not measured yet: import, bundle size and the in-Chromium figures (listed as "not measured").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchEngine, type EngineSizes } from './engine.ts';
import { formatTable, toJson, type Figure } from './table.ts';

export const FULL: EngineSizes = { cells: 1_000_000, rules: 200_000, runs: 9, edits: 20_000, jsonLogicSample: 20_000 };
export const QUICK: EngineSizes = { cells: 20_000, rules: 4_000, runs: 3, edits: 500, jsonLogicSample: 1_000 };

const NOT_MEASURED: Figure[] = [
  { name: 'import: 100,000-row CSV (read, match, parse, validate)', value: null, unit: 'ms' },
  { name: 'import: 20,000-row XLSX (read, match, parse, validate)', value: null, unit: 'ms' },
  { name: 'bundle size (gzip)', value: null, unit: 'kB', goal: { max: 300 } },
  { name: 'Chromium: open to interactive', value: null, unit: 'ms', goal: { max: 1000 } },
  { name: 'Chromium: longest scroll frame (10,000 × 5)', value: null, unit: 'ms', goal: { max: 50 } },
  { name: 'Chromium: save one edit p95', value: null, unit: 'ms', goal: { max: 10 } },
  { name: 'Chromium: commit 200,000-cell import', value: null, unit: 'ms', goal: { max: 2000 } },
];

export interface BenchResult {
  figures: Figure[];
  engineFailures: number;
  floorFailures: number;
}

/** Runs the benchmark core in-process at the given sizes. */
export function runBench(sizes: EngineSizes): BenchResult {
  const e = benchEngine(sizes);
  return { figures: [...e.figures, ...NOT_MEASURED], engineFailures: e.engineFailures, floorFailures: e.floorFailures };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const res = runBench(quick ? QUICK : FULL);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}${quick ? ' (--quick)' : ''}\n`);
  console.log(formatTable(res.figures));
  if (!quick) {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(dir + 'latest.json', JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, figures: toJson(res.figures) }, null, 2) + '\n');
  }
}
