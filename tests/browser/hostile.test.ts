/**
 * The worst files of the hostile corpus (tests/hostile/corpus.ts) through the import dialog in real
 * Chromium: the page stays responsive (the longest gap of a 10 ms timer while the file is read and
 * its result shown, asserted loosely: the benchmark, not this test, measures speed), the result names
 * the problem, no hostile text reaches the page whole or runs, and the workbook does not change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import { IMPORT_LIMITS } from '../../src/core/import/limits.ts';
import { workbookValues } from '../../src/core/import/workbook-values.ts';
import { hostileCorpus } from '../hostile/corpus.ts';
import { cleanup, freshDbName, longestStall, mountApp, testId } from './helpers.ts';

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
/** The longest stall the page may show (loose: a busy 2-core machine; the hostile run saw 16 s; 200,000 unknown names still cost ~3 s, see README). */
const MAX_STALL_MS = 6000;

const picked = hostileCorpus().filter((f) => f.worst || ['html-labels.csv', 'proto-labels.csv', 'formula-labels.csv'].includes(f.name));

describe('the worst hostile files through the import dialog', () => {
  it.each(picked.map((f) => [f.name, f] as const))('%s: the page stays responsive, the problem is named, nothing changes', { timeout: 120_000 }, async (name, f) => {
    const a = await mountApp({ dbName: freshDbName('hostile'), rules });
    const before = JSON.stringify(workbookValues(a.app.session.workbook));
    const protoBefore = Reflect.ownKeys(Object.prototype).length;
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, { timeout: 20_000 }).toBeTruthy();
    const file = new File([(await f.make()) as Uint8Array<ArrayBuffer>], name);

    const worst = await longestStall(async () => {
      const dt = new DataTransfer();
      dt.items.add(file);
      const input = inDialog('import-file') as HTMLInputElement;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      // done: a summary (read), or a refusal
      await expect.poll(() => !!(inDialog('import-summary') || inDialog('import-failure')) && !inDialog('import-reading'), { timeout: 60_000, interval: 50 }).toBe(true);
      await new Promise((r) => setTimeout(r, 300)); // what follows the result (grid of names, menus) is drawn too
    });
    console.log(`${name}: longest stall ${Math.round(worst)} ms`);
    expect(worst).toBeLessThan(MAX_STALL_MS);

    const text = dialog()!.textContent ?? '';
    // no hostile text reaches the page whole (a 19 MB name, 200,000 names): the dialog lists the first ones
    expect(text.length).toBeLessThan(300_000);
    const messages = [...dialog()!.querySelectorAll('.error, .warning, [data-testid="import-failure"]')].map((e) => e.textContent ?? '');
    if (f.expect.accepted) {
      expect(dialog()!.querySelectorAll('.error').length).toBe(0);
    } else {
      expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
      expect(messages.join('\n')).toContain(name);
    }
    expect((window as { __hostile?: unknown }).__hostile).toBeUndefined();
    expect(document.querySelector('[data-testid="import-dialog"] script, [data-testid="import-dialog"] img')).toBeNull();

    await userEvent.click(inDialog('import-cancel')!);
    await expect.poll(dialog).toBeNull();
    expect(JSON.stringify(workbookValues(a.app.session.workbook))).toBe(before);
    expect(Reflect.ownKeys(Object.prototype).length).toBe(protoBefore);
  });
});

describe('limits the dialog applies before reading and before display', () => {
  it('a file over the size limit is refused from its size, without being read', { timeout: 60_000 }, async () => {
    const a = await mountApp({ dbName: freshDbName('hostile-size'), rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, { timeout: 20_000 }).toBeTruthy();
    const file = new File([new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1)], 'too-big.csv');
    let reads = 0;
    const real = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      reads++;
      return real.call(this);
    };
    try {
      const dt = new DataTransfer();
      dt.items.add(file);
      const input = inDialog('import-file') as HTMLInputElement;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await expect.poll(() => inDialog('import-failure')?.textContent ?? '').toContain('too-big.csv');
    } finally {
      Blob.prototype.arrayBuffer = real;
    }
    expect(inDialog('import-failure')!.textContent).toContain(`超过导入上限 ${(IMPORT_LIMITS.maxFileBytes / 1048576).toFixed(1)} MB`);
    expect(inDialog('import-failure')!.textContent).toContain('工作簿没有任何改动');
    expect(reads).toBe(0);
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('of 300 warnings the worker sends the first ones, and the dialog still counts all', { timeout: 60_000 }, async () => {
    const a = await mountApp({ dbName: freshDbName('hostile-count'), rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, { timeout: 20_000 }).toBeTruthy();
    // each name is longer than a name may be: 300 "name cut" warnings (the unmatched names themselves are listed in the name table, not as messages)
    const lines = ['指标,2020年', ...Array.from({ length: 300 }, (_, i) => `虚构指标${i}${'长'.repeat(250)},${i}`)];
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'many.csv'));
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', { timeout: 20_000 }).toContain('新增 0 格');
    expect(dialog()!.querySelectorAll('p.warning').length).toBe(51); // 50 listed + the count of the rest
    expect(dialog()!.textContent).toContain('另有 250 条未列出');
  });
});
