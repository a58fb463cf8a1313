// Passwords and PINs are kept only as scrypt hashes: `scrypt$N$r$p$salt$hash` (salt and hash
// base64url). The cost parameters travel in the string, so a hash made with other parameters
// still verifies and can be upgraded on the next sign-in.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** About 50-100 ms and 32 MiB per hash on a current server: slow for a guesser, fine for a sign-in. */
export const PASSWORD_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/**
 * Far too cheap for real secrets (a GPU guesses such hashes quickly). Only for tests and benchmarks,
 * which create many accounts and would otherwise spend most of their time hashing.
 */
export const TEST_ONLY_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A stored hash comes from the database; bounds stop a doctored row from asking for gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export class HashFormatError extends Error {
  override readonly name = 'HashFormatError';
}

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly what N=2^15, r=8 needs and scrypt wants a little
  // more, so allow twice the theoretical need.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function checkParams(params: ScryptParams): void {
  const { N, r, p } = params;
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw new HashFormatError(`scrypt N: ${N} is not a power of two between 2 and ${MAX_N}`);
  if (!Number.isInteger(r) || r < 1 || r > MAX_R) throw new HashFormatError(`scrypt r: ${r} is not between 1 and ${MAX_R}`);
  if (!Number.isInteger(p) || p < 1 || p > MAX_P) throw new HashFormatError(`scrypt p: ${p} is not between 1 and ${MAX_P}`);
}

export async function hashSecret(secret: string, params: ScryptParams = PASSWORD_SCRYPT): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function parseHash(stored: string): ScryptParams & { salt: Buffer; key: Buffer } {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new HashFormatError('stored hash: not in the form scrypt$N$r$p$salt$hash');
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  checkParams(params);
  const keyBuf = Buffer.from(key, 'base64url');
  if (keyBuf.length < 16) throw new HashFormatError('stored hash: the hash part is too short');
  return { ...params, salt: Buffer.from(salt, 'base64url'), key: keyBuf };
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const key = await derive(secret, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with a lower cost than `params` (e.g. before the cost was raised). */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const s = parseHash(stored);
  return s.N < params.N || s.r < params.r || s.p < params.p;
}
