import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { photo } from '../../src/shared/entities/photo.js';
import { validateFields } from '../../src/shared/entity/validation.js';

/** A photo record's `sha256` names a file in every library and a blob on the server: nothing but a hash. */
describe('a photo record’s sha256', () => {
  const fields = (sha256: string) => ({
    schoolVisitId: randomUUID(),
    sha256,
    size: 1000,
    mimeType: 'image/jpeg',
    originalName: 'IMG_0001.JPG',
  });

  it('is 64 lower-case hex characters', () => {
    expect(validateFields(photo, randomUUID(), fields('ab'.repeat(32)), { partial: true }).ok).toBe(true);
  });

  it('refuses 64 characters that are not hex (a path, upper case, spaces), naming the field', () => {
    for (const bad of [`../../${'a'.repeat(58)}`, 'AB'.repeat(32), `${'a'.repeat(63)} `, 'z'.repeat(64)]) {
      const result = validateFields(photo, randomUUID(), fields(bad), { partial: true });
      expect(result, bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'sha256' } });
    }
  });
});
