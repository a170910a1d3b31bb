/**
 * Go build information embedded in binaries (Go's src/debug/buildinfo/buildinfo.go): a
 * 32-byte header starting `\xff Go buildinf:` at a 16-byte aligned offset, then either the
 * Go version and module info inline as varint-prefixed strings (Go ≥ 1.18, flag 0x2) or two
 * pointers to string headers that must be mapped through the ELF program headers (older).
 */
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE = 0x2;
const MAX_STRING = 1024 * 1024;

export interface GoBuildInfo {
  readonly goVersion: string;
  /** Module info text without its 16-byte sentinels: `path`, `mod`, `dep`, `=>`, `build` lines. */
  readonly modinfo: string;
}

/** Build info of a Go binary, or undefined for anything else. */
export function readGoBuildInfo(bin: Uint8Array): GoBuildInfo | undefined {
  const buf = Buffer.from(bin.buffer, bin.byteOffset, bin.byteLength);
  let at = buf.indexOf(MAGIC);
  while (at >= 0 && at % 16 !== 0) at = buf.indexOf(MAGIC, at + 1);
  if (at < 0 || at + 32 > buf.length) return undefined;
  const ptrSize = buf[at + 14]!;
  const flags = buf[at + 15]!;
  let strings: [string, string] | undefined;
  if (flags & FLAG_INLINE) {
    const v = varintString(buf, at + 32);
    const m = v && varintString(buf, v.next);
    strings = v && m ? [v.value, m.value] : undefined;
  } else {
    strings = pointerStrings(buf, at, ptrSize, (flags & FLAG_BIG_ENDIAN) !== 0);
  }
  if (!strings) return undefined;
  const [goVersion, rawMod] = strings;
  // Module info is wrapped in 16-byte sentinels; the byte before the end one is a newline.
  const modinfo =
    rawMod.length >= 33 && rawMod[rawMod.length - 17] === '\n' ? rawMod.slice(16, -16) : '';
  return goVersion.startsWith('go') ? { goVersion, modinfo } : undefined;
}

function varintString(buf: Buffer, at: number): { value: string; next: number } | undefined {
  let len = 0;
  let shift = 0;
  let i = at;
  for (; i < buf.length && shift < 35; i++, shift += 7) {
    const b = buf[i]!;
    len |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
  }
  i++;
  if (len < 0 || len > MAX_STRING || i + len > buf.length) return undefined;
  return { value: buf.toString('latin1', i, i + len), next: i + len };
}

function pointerStrings(
  buf: Buffer,
  at: number,
  ptrSize: number,
  be: boolean,
): [string, string] | undefined {
  if (ptrSize !== 4 && ptrSize !== 8) return undefined;
  const elf = elfLoads(buf);
  if (!elf) return undefined;
  const readPtr = (off: number): number | undefined => {
    if (off < 0 || off + ptrSize > buf.length) return undefined;
    if (ptrSize === 4) return be ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
    const v = be ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
  };
  // Each pointer leads to a Go string header {data pointer, length}.
  const readString = (hdrAddr: number | undefined): string | undefined => {
    const hdr = hdrAddr === undefined ? undefined : elf(hdrAddr);
    if (hdr === undefined) return undefined;
    const data = readPtr(hdr);
    const len = readPtr(hdr + ptrSize);
    const off = data === undefined ? undefined : elf(data);
    if (off === undefined || len === undefined || len > MAX_STRING || off + len > buf.length)
      return undefined;
    return buf.toString('latin1', off, off + len);
  };
  const version = readString(readPtr(at + 16));
  const mod = readString(readPtr(at + 16 + ptrSize));
  return version !== undefined && mod !== undefined ? [version, mod] : undefined;
}

// Virtual address → file offset through the PT_LOAD segments of an ELF file.
function elfLoads(buf: Buffer): ((vaddr: number) => number | undefined) | undefined {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = buf[4] === 2;
  const be = buf[5] === 2;
  const u16 = (o: number) => (be ? buf.readUInt16BE(o) : buf.readUInt16LE(o));
  const u32 = (o: number) => (be ? buf.readUInt32BE(o) : buf.readUInt32LE(o));
  const u64 = (o: number) => Number(be ? buf.readBigUInt64BE(o) : buf.readBigUInt64LE(o));
  const phoff = is64 ? u64(32) : u32(28);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = Math.min(u16(is64 ? 56 : 44), 256);
  const loads: { vaddr: number; offset: number; filesz: number }[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (p + (is64 ? 56 : 32) > buf.length) break;
    if (u32(p) !== 1) continue; // PT_LOAD
    loads.push(
      is64
        ? { offset: u64(p + 8), vaddr: u64(p + 16), filesz: u64(p + 32) }
        : { offset: u32(p + 4), vaddr: u32(p + 8), filesz: u32(p + 16) },
    );
  }
  return (vaddr) => {
    const seg = loads.find((l) => vaddr >= l.vaddr && vaddr < l.vaddr + l.filesz);
    return seg ? seg.offset + (vaddr - seg.vaddr) : undefined;
  };
}
