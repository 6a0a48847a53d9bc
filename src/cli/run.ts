/**
 * How every command-line tool ends: its exit code is set on `process.exitCode` and Node exits by
 * itself once stdout and stderr are flushed. Never `process.exit()`: writes to a pipe are
 * asynchronous in Node, and exiting right after a large write cuts the output at the pipe's buffer
 * (64 KiB), which broke `validate --json | …` on any report larger than that.
 */
import { DataFileError } from '../core/data/errors.ts';
import type { Text } from '../core/model/catalog.ts';
import { failureText, UsageError } from './figures.ts';

/** A reader that went away (`validate … | head`): what is left to write has nowhere to go, which is not a failure. */
const gone = (e: unknown) => ['EPIPE', 'ERR_STREAM_DESTROYED'].includes((e as NodeJS.ErrnoException)?.code ?? '');

/** Writes `text` to `stream` and resolves once it has been handed to the system (the write's callback). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (e?: Error | null) => (e && !gone(e) ? reject(e) : resolve()));
  });
}

/**
 * Runs a command's `main` and sets the exit code it returns; a failure prints its message
 * (failureText) to stderr, plus `onFailure`'s text to stdout when given (e.g. a JSON error object
 * for --json), and exits 2.
 */
export function runCli(main: (argv: string[]) => Promise<number>, onFailure?: (e: unknown, argv: string[]) => string | null): void {
  const argv = process.argv.slice(2);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
      if (!gone(e)) throw e;
    });
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    async (e: unknown) => {
      process.exitCode = 2;
      const out = onFailure?.(e, argv);
      if (out) await write(process.stdout, out);
      await write(process.stderr, failureText(e));
    },
  );
}

/** A failure as one JSON object (what `validate --json` prints on stdout before exit 2). */
export function failureJson(e: unknown, argv: string[]): { file: string | null; valid: false; error: { kind: 'data' | 'usage' | 'internal'; issues: Text[] } } {
  const file = e instanceof DataFileError ? e.file : (argv.find((a, i) => !a.startsWith('--') && (i === 0 || !/^--(lang|sheet|period|rules)$/.test(argv[i - 1]))) ?? null);
  if (e instanceof DataFileError) return { file, valid: false, error: { kind: 'data', issues: e.issues } };
  if (e instanceof UsageError) {
    const [zh, ...en] = e.message.split(' / ');
    return { file, valid: false, error: { kind: 'usage', issues: [{ zh, en: en.length ? en.join(' / ') : zh }] } };
  }
  const m = String((e as Error)?.message ?? e);
  return { file, valid: false, error: { kind: 'internal', issues: [{ zh: `内部错误：${m}`, en: `internal error: ${m}` }] } };
}
