import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserCommand } from 'vitest/node';

/**
 * A browser-test command (runs in Node, vite.config.ts): prints a page's HTML to PDF in the test's own
 * Chromium (Playwright page.pdf, the browser's print path, with the page's @page size and @media print
 * rules) and returns each page's text as poppler's pdftotext reads it. `save` (or the PRINT_PDF environment variable) also writes the PDF there.
 */
export const printPdf: BrowserCommand<[html: string, save?: string]> = async (ctx, html, save) => {
  const page = await ctx.context.newPage();
  const dir = mkdtempSync(join(tmpdir(), 'print-'));
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const file = join(dir, 'print.pdf');
    writeFileSync(file, pdf);
    // PRINT_PDF=path keeps a copy (for looking at it, e.g. the README's picture of the first page)
    const keep = save ?? process.env.PRINT_PDF;
    if (keep) writeFileSync(keep, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
    return { pages: text.split('\f').filter((p) => p.trim()), widthPt: Number(size?.[1]), heightPt: Number(size?.[2]) };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
