/**
 * A bounded look at a zip container before it is handed to the spreadsheet library: whether it is
 * complete (a truncated download lacks the end-of-central-directory record) and how large its parts
 * would be once inflated (a zip bomb is refused before anything is inflated).
 * Reads only the directory; every loop is bounded by the file length.
 */
export type ZipCheck =
  | { ok: true; entries: number; unzippedBytes: number; names: string[] }
  | { ok: false; reason: 'truncated' | 'corrupt' };

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

export function checkZip(bytes: Uint8Array): ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  if (len < 22) return { ok: false, reason: 'truncated' };
  // The EOCD record is at the end, followed by a comment of at most 65535 bytes.
  let eocd = -1;
  for (let i = len - 22; i >= 0 && i >= len - 22 - 0xffff; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'truncated' };
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd) return { ok: false, reason: 'truncated' };
  let p = cdOffset;
  let unzipped = 0;
  const names: string[] = [];
  const utf8 = new TextDecoder();
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CDH_SIG) return { ok: false, reason: 'corrupt' };
    const localOffset = view.getUint32(p + 42, true);
    if (localOffset >= cdOffset) return { ok: false, reason: 'truncated' };
    unzipped += view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > eocd) return { ok: false, reason: 'corrupt' };
    names.push(utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen)));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, unzippedBytes: unzipped, names };
}
