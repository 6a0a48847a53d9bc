/**
 * Running a command-line tool as a pipe and as files (tests/unit/cli/pipe.test.ts, round.test.ts): every byte
 * of stdout and stderr must reach a reader that starts late, with the same exit code as when writing to files.
 */
import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const TSX = join(ROOT, 'node_modules/.bin/tsx');

/**
 * Runs a CLI in a shell pipeline whose readers start a second late, as `… | python3 -m json.tool`
 * does: stdout and stderr are OS pipes that fill (64 KiB) before anyone reads, so a write still
 * pending when the process exits is lost. (A reader that drains at once, like spawnSync's, hides that.)
 */
export function piped(dir: string, cli: string, args: string[]) {
  const o = join(dir, 'piped-out.txt');
  const e = join(dir, 'piped-err.txt');
  const c = join(dir, 'piped-code.txt');
  const script = '{ "$TSX" "$CLI" "$@" 2>&3 | (sleep 1; cat > "$OUT"); echo "${PIPESTATUS[0]}" > "$CODE"; } 3>&1 | (sleep 1; cat > "$ERR")';
  const r = spawnSync('bash', ['-c', script, 'piped', ...args], {
    cwd: dir,
    env: { ...process.env, TSX, CLI: join(ROOT, cli), OUT: o, ERR: e, CODE: c },
    timeout: 90_000,
  });
  expect(r.status).toBe(0);
  return { code: Number(readFileSync(c, 'utf8')), out: readFileSync(o, 'utf8'), err: readFileSync(e, 'utf8') };
}

/** The same run with stdout and stderr going to files. */
export function toFiles(dir: string, cli: string, args: string[]) {
  const o = join(dir, 'stdout.txt');
  const e = join(dir, 'stderr.txt');
  const fo = openSync(o, 'w');
  const fe = openSync(e, 'w');
  try {
    const r = spawnSync(TSX, [join(ROOT, cli), ...args], { cwd: dir, stdio: ['ignore', fo, fe], timeout: 90_000 });
    return { code: r.status, out: readFileSync(o, 'utf8'), err: readFileSync(e, 'utf8') };
  } finally {
    closeSync(fo);
    closeSync(fe);
  }
}
