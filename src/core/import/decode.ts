/** The text encodings a CSV may come in; GB18030 covers GBK and GB2312 (what Excel on Chinese Windows saves). */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * Decodes a text file without asking the user: a BOM decides; else strict UTF-8; else GB18030.
 * Returns null when the bytes are neither (a binary or mis-encoded file).
 *
 * Why this order: valid UTF-8 of Chinese text is almost never also meaningful GBK, whereas GBK bytes
 * are usually invalid UTF-8, so trying UTF-8 strictly first cannot misread a GBK file.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === null ? null : { text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    return text === null ? null : { text, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    return text === null ? null : { text, encoding: 'utf-16be' };
  }
  const bomless = utf16WithoutBom(bytes);
  if (bomless) {
    const text = tryDecode(bomless, bytes);
    return text === null ? null : { text, encoding: bomless };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = tryDecode('gb18030', bytes);
  return gb === null ? null : { text: gb, encoding: 'gb18030' };
}

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: the BOM was already looked at (and removed) above; a second one would be content.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * UTF-16 text saved without a BOM (some tools do): a table has ASCII digits, commas and line breaks,
 * each a code unit with one zero byte, always on the same side. Judged on the first 64 kB: the file
 * has an even length, at least a tenth of its code units have a zero byte, the zeros fall on one
 * side (all but a twentieth; odd offsets: little-endian, even: big-endian), and hardly any code unit
 * is a control character.
 * Plain UTF-8 or GB18030 text has no zero bytes.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 64 * 1024);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const units = n / 2;
  // (a few zeros on the other side are CJK characters such as 一, U+4E00)
  const le = odd >= units / 10 && even <= odd / 20;
  const be = even >= units / 10 && odd <= even / 20;
  if (!le && !be) return null;
  // and the text is text: code units below U+0020 other than tab and line breaks are rare
  let control = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    const unit = le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) control++;
  }
  if (control > units / 100) return null;
  return le ? 'utf-16le' : 'utf-16be';
}
