import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { captureDownloads, cleanup, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});


describe('downloads from the toolbar', () => {
  it.each([
    ['export', 'json'],
    ['export-csv', 'csv'],
    ['export-xlsx', 'xlsx'],
  ])('%s downloads %s; with errors it says how many first and a refusal downloads nothing', async (button, format) => {
    const blobs = captureDownloads();
    // the question is the app's modal dialog (ConfirmDialog), never the browser's confirm()
    const confirm = vi.spyOn(window, 'confirm');
    const asked = () => document.querySelector<HTMLDialogElement>('dialog[open]');
    const a = await mountApp({ dbName: freshDbName(`dl-${format}`) });

    // the 2019 report has no errors: no question, straight to the download
    await userEvent.click(testId(a, button));
    await expect.poll(() => blobs.length).toBe(1);
    expect(asked()).toBeNull();
    const bytes = new Uint8Array(await blobs[0].arrayBuffer());
    if (format === 'json') {
      const json = JSON.parse(new TextDecoder().decode(bytes));
      expect(json.validation.valid).toBe(true);
      expect(json.values.length).toBeGreaterThan(100);
    } else if (format === 'csv') {
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes)).toContain('各级各类学校(幼儿园)数');
    } else {
      expect(String.fromCharCode(bytes[0], bytes[1])).toBe('PK');
    }

    // one deliberate error: the user is told the count; refusing downloads nothing
    a.app.session.setCells([{ key: 'schools_total@2019', raw: '935' }]);
    await userEvent.click(testId(a, button));
    await expect.poll(asked).not.toBeNull();
    expect(asked()!.textContent).toContain('1 个错误');
    await userEvent.click(asked()!.querySelector<HTMLElement>('[data-testid="cancel"]')!);
    await new Promise((r) => setTimeout(r, 100));
    expect(blobs.length).toBe(1);

    // accepting downloads a file that says it is not valid
    await userEvent.click(testId(a, button));
    await expect.poll(asked).not.toBeNull();
    await userEvent.click(asked()!.querySelector<HTMLElement>('[data-testid="confirm"]')!);
    await expect.poll(() => blobs.length).toBe(2);
    expect(confirm).not.toHaveBeenCalled();
    if (format === 'json') {
      const json = JSON.parse(new TextDecoder().decode(new Uint8Array(await blobs[1].arrayBuffer())));
      expect(json.validation.valid).toBe(false);
      expect(json.validation.counts.error).toBe(1);
    }
  });
});
