const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const DASH = 45;

/**
 * The same verdict as zod's `z.uuid()` pattern (RFC 9562 versions 1–8 with the RFC variant, plus the
 * nil and max UUIDs), as a character loop: every pulled record's id goes through it, and it is
 * several times cheaper than the regular expression. Tested for equality against zod's pattern.
 */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== DASH) return false;
    } else if (c > 127 || HEX[c] !== 1) return false;
  }
  const version = value.charCodeAt(14);
  const variant = value.charCodeAt(19) | 0x20; // lower-case
  if (version >= 49 && version <= 56 && (variant === 56 || variant === 57 || variant === 97 || variant === 98)) {
    return true;
  }
  return value === '00000000-0000-0000-0000-000000000000' || value === 'ffffffff-ffff-ffff-ffff-ffffffffffff';
}
