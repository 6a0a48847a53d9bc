/**
 * `npm run bench`: prints one table and writes bench/results/latest.json. Measured: the rule engine at
 * scale against same-run baselines, the import of a 100,000-row CSV and a 20,000-row XLSX, the
 * production bundle's size, and the built app in real Chromium (open, 10,000 indicators × 5 years,
 * saves, a 200,000-cell import commit).
 * `--quick` (the unit tests' smoke run): tiny sizes, engine and import only — no build, no browser.
 * `--panel`: only the figure panel's part (bench/panel.ts: chart chunk share of the bundle, side panel update time).
 * `--hostile [NAME-PART]`: only the hostile corpus through the CLI, time and peak memory per file (bench/hostile.ts).
 * `--units [--quick]`: only reporting units at scale (bench/units.ts).
 * `--units-open [--quick] [--runs N]`: only opening the 1.8M-figure reporting-unit workbook from IndexedDB in Chromium (bench/units-open.ts).
 * `--units-app-edit [--quick] [--pairs N]`: only one edit in the real app on the 1.8M-figure workbook, Chromium (bench/units-app-edit.ts).
 * `--units-import [--quick]`: only the round's batch import at scale (bench/units.ts, benchUnitImport).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchEngine, type EngineSizes } from './engine.ts';
import { benchImport, type ImportSizes } from './import.ts';
import { benchField } from './field.ts';
import { formatTable, toJson, type Figure } from './table.ts';

export interface BenchSizes {
  engine: EngineSizes;
  import: ImportSizes;
}

export const FULL: BenchSizes = {
  engine: { cells: 1_000_000, rules: 200_000, runs: 9, edits: 20_000, jsonLogicSample: 20_000 },
  import: { csvRows: 100_000, xlsxRows: 20_000, runs: 3 },
};
export const QUICK: BenchSizes = {
  engine: { cells: 20_000, rules: 4_000, runs: 3, edits: 500, jsonLogicSample: 1_000 },
  import: { csvRows: 500, xlsxRows: 100, runs: 1 },
};
const CHROMIUM = { indicators: 10_000, importIndicators: 40_000, saves: 200, scrollPx: 600, wheelPx: 120, reloads: 5 };

export interface BenchResult {
  figures: Figure[];
  engineFailures: number;
  floorFailures: number;
  importCells: { csv: number; xlsx: number };
}

/** The Node-side benchmark (engine and import) at the given sizes. */
export async function runBench(sizes: BenchSizes): Promise<BenchResult> {
  const e = benchEngine(sizes.engine);
  const i = await benchImport(sizes.import);
  const f = await benchField(sizes.import.runs);
  return { figures: [...e.figures, ...i.figures, ...f], engineFailures: e.engineFailures, floorFailures: e.floorFailures, importCells: { csv: i.csvCells, xlsx: i.xlsxCells } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--hostile')) {
  // `npm run bench -- --hostile [NAME-PART]`: the hostile corpus through the CLI, time and memory per file
  const { benchHostile, formatHostile } = await import('./hostile.ts');
  const at = process.argv.indexOf('--hostile');
  const filter = process.argv[at + 1]?.startsWith('--') ? undefined : process.argv[at + 1];
  const { runs, figures } = await benchHostile(filter);
  console.log(formatHostile(runs));
  console.log(`\n${formatTable(figures)}`);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--units-open')) {
  // `npm run bench -- --units-open [--quick] [--runs N]`: the reporting-unit workbook opened from IndexedDB in Chromium
  const { benchUnitsOpen } = await import('./units-open.ts');
  const { UNITS_OPEN_FULL, UNITS_OPEN_QUICK } = await import('./units-stored.ts');
  const at = process.argv.indexOf('--runs');
  console.log(formatTable(await benchUnitsOpen(process.argv.includes('--quick') ? UNITS_OPEN_QUICK : UNITS_OPEN_FULL, at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 3) : 3)));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--units-app-edit')) {
  // `npm run bench -- --units-app-edit [--quick] [--pairs N]`: one edit in the real app on the 1.8M-figure workbook (bench/units-app-edit.ts)
  const { benchUnitsAppEdit } = await import('./units-app-edit.ts');
  const { UNITS_OPEN_FULL, UNITS_OPEN_QUICK } = await import('./units-stored.ts');
  const at = process.argv.indexOf('--pairs');
  console.log(formatTable(await benchUnitsAppEdit(process.argv.includes('--quick') ? UNITS_OPEN_QUICK : UNITS_OPEN_FULL, at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 25) : 25)));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--units-import')) {
  // `npm run bench -- --units-import [--quick]`: only the round's batch import at scale (bench/units.ts, benchUnitImport)
  const { benchUnitImport, UNITS_IMPORT_FULL, UNITS_IMPORT_QUICK } = await import('./units.ts');
  console.log(formatTable(await benchUnitImport(process.argv.includes('--quick') ? UNITS_IMPORT_QUICK : UNITS_IMPORT_FULL)));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--units')) {
  // `npm run bench -- --units [--quick]`: reporting units at scale (3,000 units × 120 indicators × 5 years; bench/units.ts)
  const { benchUnits, UNITS_FULL, UNITS_QUICK } = await import('./units.ts');
  console.log(formatTable(benchUnits(process.argv.includes('--quick') ? UNITS_QUICK : UNITS_FULL)));
  // the round's batch import at scale (importperf): 225,000 long rows read, previewed and committed
  const { benchUnitImport, UNITS_IMPORT_FULL, UNITS_IMPORT_QUICK } = await import('./units.ts');
  console.log(`\n${formatTable(await benchUnitImport(process.argv.includes('--quick') ? UNITS_IMPORT_QUICK : UNITS_IMPORT_FULL))}`);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--panel')) {
  // `npm run bench -- --panel`: the figure panel's part alone (chart chunk share, panel update time)
  const { benchBundle } = await import('./bundle.ts');
  const { benchPanel } = await import('./panel.ts');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const outDir = mkdtempSync(`${(await import('node:os')).tmpdir()}/bench-panel-`);
  try {
    const { figures } = await benchBundle(outDir);
    console.log(formatTable([...figures, ...(await benchPanel(outDir))]));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--bundle')) {
  // `npm run bench -- --bundle`: the production build's sizes alone (a build, no browser)
  const { benchBundle } = await import('./bundle.ts');
  console.log(formatTable((await benchBundle()).figures));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--field')) {
  // `npm run bench -- --field`: the import-matching part alone (field corpus and remap), seconds not minutes
  console.log(formatTable(await benchField(21)));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  const res = await runBench(quick ? QUICK : FULL);
  const figures = [...res.figures];
  if (!quick) {
    // loaded here so that the smoke run needs neither a build nor a browser
    const { benchBundle } = await import('./bundle.ts');
    const { benchChromium } = await import('./chromium.ts');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const appDir = mkdtempSync(join(tmpdir(), 'bench-app-'));
    try {
      figures.push(...(await benchBundle(appDir)).figures);
      figures.push(...(await benchChromium(appDir, CHROMIUM)));
      figures.push(...(await (await import('./panel.ts')).benchPanel(appDir)));
      figures.push(...(await (await import('./units-open.ts')).benchUnitsOpen()));
    } finally {
      rmSync(appDir, { recursive: true, force: true });
    }
  }
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGB} GB, node ${machine.node}${quick ? ' (--quick)' : ''}\n`);
  console.log(formatTable(figures));
  console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (!quick) {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(dir + 'latest.json', JSON.stringify({ machine, date: new Date().toISOString(), figures: toJson(figures) }, null, 2) + '\n');
  }
}
