/**
 * The production build's size: `vite build` (the project's own config) into a temporary directory with
 * a manifest, every emitted JS and CSS file gzipped (level 9, as a server would). "Initial" is what the
 * first page load fetches: the entry chunk, its static imports and their CSS; the rest loads on demand
 * (the import dialog, SheetJS for Excel files).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Figure } from './table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Builds the app and returns the gzip sizes; `outDir` is kept for the Chromium benchmark when given. */
export async function benchBundle(outDir?: string): Promise<{ figures: Figure[]; outDir: string }> {
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'bench-build-'));
  await build({ root: ROOT, logLevel: 'error', build: { outDir: dir, emptyOutDir: true, manifest: true } });
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const initial = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c || initial.has(c.file)) return;
    initial.add(c.file);
    for (const css of c.css ?? []) initial.add(css);
    for (const k of c.imports ?? []) visit(k);
  };
  for (const [k, c] of Object.entries(manifest)) if (c.isEntry) visit(k);
  const assets = files(dir).filter((f) => /\.(js|css)$/.test(f));
  const total = assets.reduce((s, f) => s + gz(f), 0);
  const first = [...initial].reduce((s, f) => s + gz(join(dir, f)), 0);
  if (!outDir) rmSync(dir, { recursive: true, force: true });
  return {
    outDir: dir,
    figures: [
      { name: 'bundle size (gzip): initial load', value: first, unit: 'kB', goal: { max: 300 }, note: `${initial.size} files` },
      { name: 'bundle size (gzip): everything incl. on-demand chunks', value: total, unit: 'kB', note: `${assets.length} files` },
    ],
  };
}
