/**
 * Our own bounded reading of the zip container of an XLSX, before the spreadsheet library sees it.
 *
 * Why: SheetJS's built-in inflater loops forever on some damaged deflate data (found by the
 * damaged-workbook property test), and a zip's stated sizes can lie (zip bombs). So the parts are
 * inflated here with the platform's DecompressionStream (native zlib: errors, never hangs), each
 * capped at its stated size and checked against its CRC-32, and handed to SheetJS re-packed without
 * compression. Every loop is bounded by the file length or the stated sizes.
 */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipCheck = { ok: true; entries: ZipEntry[]; unzippedBytes: number; names: string[] } | { ok: false; reason: 'truncated' | 'corrupt' };

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

/** Reads the central directory: whether the zip is complete, its parts and their stated sizes. */
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
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd) return { ok: false, reason: 'truncated' };
  let p = cdOffset;
  let unzipped = 0;
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CDH_SIG) return { ok: false, reason: 'corrupt' };
    const e: ZipEntry = {
      name: '',
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    if (e.localOffset >= cdOffset) return { ok: false, reason: 'truncated' };
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > eocd) return { ok: false, reason: 'corrupt' };
    e.name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    unzipped += e.size;
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, unzippedBytes: unzipped, names: entries.map((e) => e.name) };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Inflates raw deflate data, stopping with null past `limit` bytes or on any error. */
async function inflateRaw(data: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  // Errors surface on the reading side; the writer's own promises must not go unhandled.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export type UnzipResult = { ok: true; files: Map<string, Uint8Array> } | { ok: false; reason: 'truncated' | 'corrupt' | 'unsupported'; part?: string };

/** Inflates every part of a checked zip, verifying sizes and CRC-32s. */
export async function unzip(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<UnzipResult> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue; // a directory entry
    const p = e.localOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== LFH_SIG) return { ok: false, reason: 'corrupt', part: e.name };
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) return { ok: false, reason: 'truncated', part: e.name };
    const raw = bytes.subarray(start, end);
    let data: Uint8Array | null;
    if (e.method === 0) data = raw.slice();
    else if (e.method === 8) data = await inflateRaw(raw, e.size);
    else return { ok: false, reason: 'unsupported', part: e.name };
    if (data === null || data.length !== e.size || crc32(data) !== e.crc) return { ok: false, reason: 'corrupt', part: e.name };
    files.set(e.name, data);
  }
  return { ok: true, files };
}

/** Packs files into a zip without compression (what SheetJS then reads without inflating anything). */
export function storedZip(files: Map<string, Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const parts: { name: Uint8Array; data: Uint8Array; crc: number; offset: number }[] = [];
  let size = 0;
  for (const [name, data] of files) {
    const n = enc.encode(name);
    parts.push({ name: n, data, crc: crc32(data), offset: size });
    size += 30 + n.length + data.length;
  }
  const cdStart = size;
  for (const p of parts) size += 46 + p.name.length;
  const out = new Uint8Array(size + 22);
  const v = new DataView(out.buffer);
  let o = 0;
  for (const p of parts) {
    v.setUint32(o, LFH_SIG, true);
    v.setUint16(o + 4, 20, true);
    v.setUint16(o + 6, 0x0800, true); // UTF-8 names
    v.setUint32(o + 14, p.crc, true);
    v.setUint32(o + 18, p.data.length, true);
    v.setUint32(o + 22, p.data.length, true);
    v.setUint16(o + 26, p.name.length, true);
    out.set(p.name, o + 30);
    out.set(p.data, o + 30 + p.name.length);
    o += 30 + p.name.length + p.data.length;
  }
  for (const p of parts) {
    v.setUint32(o, CDH_SIG, true);
    v.setUint16(o + 4, 20, true);
    v.setUint16(o + 6, 20, true);
    v.setUint16(o + 8, 0x0800, true);
    v.setUint32(o + 16, p.crc, true);
    v.setUint32(o + 20, p.data.length, true);
    v.setUint32(o + 24, p.data.length, true);
    v.setUint16(o + 28, p.name.length, true);
    v.setUint32(o + 42, p.offset, true);
    out.set(p.name, o + 46);
    o += 46 + p.name.length;
  }
  v.setUint32(o, EOCD_SIG, true);
  v.setUint16(o + 8, parts.length, true);
  v.setUint16(o + 10, parts.length, true);
  v.setUint32(o + 12, o - cdStart, true);
  v.setUint32(o + 16, cdStart, true);
  return out;
}
