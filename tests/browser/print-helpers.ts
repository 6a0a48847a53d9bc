/** Shared by the print tests: the PDF command's type, the page as the browser prints it, whitespace removed. */
declare module 'vitest/browser' {
  interface BrowserCommands {
    printPdf(html: string, save?: string): Promise<{ pages: string[]; widthPt: number; heightPt: number }>;
  }
}

/** The page as the browser would print it: its DOM and styles, without the test runner's scripts. */
export function pageHtml(): string {
  const doc = document.documentElement.cloneNode(true) as HTMLElement;
  for (const s of doc.querySelectorAll('script')) s.remove();
  return `<!doctype html>${doc.outerHTML}`;
}

export const squash = (s: string) => s.replace(/\s+/g, '');
