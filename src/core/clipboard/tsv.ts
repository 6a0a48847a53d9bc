/**
 * Tab-separated text as spreadsheets put it on the clipboard (Excel, WPS, LibreOffice, Google Sheets).
 *
 * Excel quotes a cell that holds a tab, a line break or a leading quote, doubling inner quotes, and
 * ends the block with a line break, which reads as one empty trailing line: it is dropped. A quote in
 * the middle of an unquoted cell is literal text (`1"2` stays `1"2`).
 */

/** Reads clipboard TSV into rows of cells (quote-aware, CRLF/LF/CR, Excel's trailing empty line dropped). */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return [];
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      // A quoted cell: runs to the closing quote that is followed by a separator or the end.
      let j = i + 1;
      let buf = '';
      let closed = false;
      while (j < n) {
        const ch = text[j];
        if (ch === '"') {
          if (text[j + 1] === '"') {
            buf += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        buf += ch;
        j++;
      }
      const next = text[j];
      if (closed && (j >= n || next === '\t' || next === '\n' || next === '\r')) {
        cell = buf;
        i = j;
      } else {
        // Not a well-formed quoted cell: read it literally up to the next separator.
        let k = i;
        while (k < n && text[k] !== '\t' && text[k] !== '\n' && text[k] !== '\r') k++;
        cell = text.slice(i, k);
        i = k;
      }
    } else {
      let k = i;
      while (k < n && text[k] !== '\t' && text[k] !== '\n' && text[k] !== '\r') k++;
      cell = text.slice(i, k);
      i = k;
    }
    row.push(cell);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const sep = text[i];
    if (sep === '\t') {
      i++;
      continue;
    }
    // A line break: \r\n, \n or \r.
    i += sep === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break; // the trailing line break Excel adds: no empty last row
  }
  return rows;
}

/** Writes rows of cells as clipboard TSV (CRLF line ends, cells with tabs, breaks or quotes quoted). */
export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((r) => r.map((c) => (/[\t\r\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t'))
    .join('\r\n')
    .concat(rows.length ? '\r\n' : '');
}
