/**
 * `npm run bench -- --hostile`: every file of the hostile corpus (tests/hostile/corpus.ts) through
 * `npm run validate -- FILE --json` as a child process, with its wall and CPU time and peak memory (GNU time's
 * maximum resident set, of the process tree's largest process). Goal from issue 13: under 10 s and
 * 1 GB on any input. Run alone (it is not part of the full run, which has its own import figures).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileCorpus } from '../tests/hostile/corpus.ts';
import type { Figure } from './table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

export interface HostileRun {
  name: string;
  bytes: number;
  exit: number | null;
  seconds: number;
  /** Peak resident memory in MB, or null without GNU time. */
  peakMB: number | null;
  /** CPU time (user + system) in seconds, or null without GNU time: steadier than wall time on a shared machine. */
  cpuSeconds: number | null;
}

/** Runs the corpus (files whose name contains `filter`, when given). */
export async function benchHostile(filter?: string): Promise<{ runs: HostileRun[]; figures: Figure[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  const runs: HostileRun[] = [];
  const haveTime = existsSync(TIME);
  try {
    for (const f of hostileCorpus()) {
      if (filter && !f.name.includes(filter)) continue;
      const bytes = await f.make();
      const file = join(dir, f.name);
      writeFileSync(file, bytes);
      const rss = join(dir, 'rss.txt');
      const cmd = [join(ROOT, 'node_modules/.bin/tsx'), join(ROOT, 'src/cli/validate.ts'), file, '--json', ...(f.args ?? [])];
      const t0 = performance.now();
      const r = haveTime
        ? spawnSync(TIME, ['-f', '%M %U %S', '-o', rss, ...cmd], { stdio: 'ignore', timeout: 120_000 })
        : spawnSync(cmd[0], cmd.slice(1), { stdio: 'ignore', timeout: 120_000 });
      const seconds = (performance.now() - t0) / 1000;
      const [kb, user, sys] = haveTime && existsSync(rss) ? readFileSync(rss, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [];
      runs.push({ name: f.name, bytes: bytes.length, exit: r.status, seconds, peakMB: kb === undefined ? null : kb / 1024, cpuSeconds: user === undefined ? null : user + sys });
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const worstTime = runs.reduce((a, b) => (b.seconds > a.seconds ? b : a), runs[0]);
  const worstCpu = runs.reduce((a, b) => ((b.cpuSeconds ?? 0) > (a.cpuSeconds ?? 0) ? b : a), runs[0]);
  const worstMem = runs.reduce((a, b) => ((b.peakMB ?? 0) > (a.peakMB ?? 0) ? b : a), runs[0]);
  const figures: Figure[] = runs.length
    ? [
        { name: `hostile corpus, CLI: slowest file (${worstTime.name})`, value: worstTime.seconds * 1000, unit: 'ms', goal: { max: 10_000 } },
        { name: `hostile corpus, CLI: most CPU time (${worstCpu.name})`, value: worstCpu.cpuSeconds === null ? null : worstCpu.cpuSeconds * 1000, unit: 'ms', goal: { max: 10_000 } },
        { name: `hostile corpus, CLI: most memory (${worstMem.name})`, value: worstMem.peakMB, unit: 'MB', goal: { max: 1024 } },
      ]
    : [];
  return { runs, figures };
}

/** The per-file table. */
export function formatHostile(runs: HostileRun[]): string {
  const lines = ['| file | size | exit | wall time | CPU time | peak memory |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of runs) {
    const size = r.bytes >= 1048576 ? `${(r.bytes / 1048576).toFixed(1)} MB` : `${(r.bytes / 1024).toFixed(1)} kB`;
    const cpu = r.cpuSeconds === null ? '—' : `${r.cpuSeconds.toFixed(2)} s`;
    lines.push(`| ${r.name} | ${size} | ${r.exit} | ${r.seconds.toFixed(2)} s | ${cpu} | ${r.peakMB === null ? '—' : `${Math.round(r.peakMB)} MB`} |`);
  }
  return lines.join('\n');
}
