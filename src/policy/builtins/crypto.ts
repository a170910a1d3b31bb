/** Hashes and HMACs over UTF-8 strings (hex-encoded results, as OPA returns them). */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { def, str } from './args.ts';
import type { Builtin } from './types.ts';

const hash = (name: string, alg: string): Builtin =>
  def(name, 1, (args) =>
    createHash(alg)
      .update(str(name, args, 0))
      .digest('hex'),
  );

const hmac = (name: string, alg: string): Builtin =>
  def(name, 2, (args) =>
    createHmac(alg, str(name, args, 1))
      .update(str(name, args, 0))
      .digest('hex'),
  );

export const crypto: readonly Builtin[] = [
  hash('crypto.md5', 'md5'),
  hash('crypto.sha1', 'sha1'),
  hash('crypto.sha256', 'sha256'),
  hmac('crypto.hmac.md5', 'md5'),
  hmac('crypto.hmac.sha1', 'sha1'),
  hmac('crypto.hmac.sha256', 'sha256'),
  hmac('crypto.hmac.sha512', 'sha512'),
  def('crypto.hmac.equal', 2, (args) => {
    const a = Buffer.from(str('crypto.hmac.equal', args, 0));
    const b = Buffer.from(str('crypto.hmac.equal', args, 1));
    return a.length === b.length && timingSafeEqual(a, b);
  }),
];
