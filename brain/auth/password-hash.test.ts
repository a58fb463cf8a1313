import { describe, it, expect } from '@jest/globals';
import { hashSecret, needsRehash, parseHash, PASSWORD_SCRYPT, TEST_ONLY_SCRYPT, verifySecret } from './password-hash.js';

describe('password hashes', () => {
  it('uses scrypt N=2^15 by default, stores its parameters and a per-hash salt', async () => {
    const stored = await hashSecret('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifySecret('correct horse battery', stored)).toBe(true);
    expect(await verifySecret('correct horse batterY', stored)).toBe(false);
    const again = await hashSecret('correct horse battery');
    expect(parseHash(again).salt.equals(parseHash(stored).salt)).toBe(false);
    expect(needsRehash(stored, PASSWORD_SCRYPT)).toBe(false);
  });

  it('verifies a cheaper hash by its own parameters and says it needs upgrading', async () => {
    const cheap = await hashSecret('1234', TEST_ONLY_SCRYPT);
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifySecret('1234', cheap)).toBe(true);
    expect(needsRehash(cheap, PASSWORD_SCRYPT)).toBe(true);
  });

  it('refuses malformed or absurd stored hashes instead of hashing with them', async () => {
    await expect(verifySecret('x', 'plain-text-password')).rejects.toThrow(/scrypt\$N\$r\$p\$salt\$hash/);
    await expect(verifySecret('x', 'scrypt$3000$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow(/power of two/);
    await expect(verifySecret('x', `scrypt$${2 ** 24}$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).rejects.toThrow(/power of two/);
  });
});
