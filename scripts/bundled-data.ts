/**
 * The data files the app bundles (data/catalog.json, data/rules.json) are constants of the build: the
 * build checks them against their schemas and the invariants and stops, naming file, path and rule, when
 * one is wrong. The app itself then checks only what depends on the workbook (the rules' references to
 * its catalog) and does not carry the schema validators in its first load.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { DataFileError } from '../src/core/data/errors.ts';
import { loadCatalog } from '../src/core/data/load-catalog.ts';
import { loadRuleFile } from '../src/core/rules/load.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLED_FILES = ['data/catalog.json', 'data/rules.json'] as const;

/** What is wrong with the bundled data files under `root` (English; empty when they are fine). */
export function bundledDataProblems(root = ROOT): string[] {
  const read = (f: string): unknown => JSON.parse(readFileSync(join(root, f), 'utf8'));
  try {
    const catalog = loadCatalog(read('data/catalog.json'), 'data/catalog.json');
    if (existsSync(join(root, 'data/rules.json'))) loadRuleFile(read('data/rules.json'), catalog, 'data/rules.json');
    return [];
  } catch (e) {
    if (e instanceof DataFileError) return e.issues.map((t) => t.en);
    return [e instanceof Error ? e.message : String(e)];
  }
}

/** Vite plugin: the check at the start of every build and dev server (and again when a file changes). */
export function bundledDataCheck(root = ROOT): Plugin {
  return {
    name: 'bundled-data-check',
    buildStart() {
      for (const f of BUNDLED_FILES) if (existsSync(join(root, f))) this.addWatchFile(join(root, f));
      const problems = bundledDataProblems(root);
      if (problems.length) this.error(`bundled data files do not pass their checks:\n${problems.join('\n')}`);
    },
  };
}
