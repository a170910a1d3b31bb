// Synthetic Go binaries for tests (not exported from the domain).
export const SENTINEL = Buffer.alloc(16, 0x30);
export const MODINFO = [
  'path\texample.com/app/cmd/app',
  'mod\texample.com/app\t(devel)\t',
  'dep\tgolang.org/x/net\tv0.17.0\th1:abc=',
  'dep\tgithub.com/a/b\tv1.0.0\th1:x=',
  '=>\tgithub.com/fork/b\tv1.0.1\th1:y=',
  'build\tGOOS=linux',
  '',
].join('\n');
export const WRAPPED = Buffer.concat([SENTINEL, Buffer.from(MODINFO), SENTINEL]);
export const HEADER_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

const varint = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.from(out);
};

// An ELF-looking file with Go ≥ 1.18 inline build info at a 16-byte aligned offset.
export function inlineBinary(size = 70_000): Buffer {
  const bin = Buffer.alloc(size);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]).copy(bin, 0);
  const at = 4096;
  HEADER_MAGIC.copy(bin, at);
  bin[at + 14] = 8;
  bin[at + 15] = 2;
  const version = Buffer.from('go1.21.4');
  Buffer.concat([varint(version.length), version, varint(WRAPPED.length), WRAPPED]).copy(
    bin,
    at + 32,
  );
  return bin;
}
