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
