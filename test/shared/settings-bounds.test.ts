import { describe, expect, it } from 'vitest';
import { editableSettingsSchema, settingBounds, settingsPatchSchema } from '../../src/shared/ipc/schemas/settings.js';

// The settings screen's spin buttons take their range from settingBounds; main must refuse exactly
// what lies outside it, or the screen would offer a value main throws away.
describe('settings bounds', () => {
  for (const [name, { min, max }] of Object.entries(settingBounds)) {
    it(`${name}: main accepts ${min} to ${max} and nothing outside`, () => {
      for (const schema of [settingsPatchSchema, editableSettingsSchema]) {
        expect(schema.safeParse({ [name]: min }).success).toBe(true);
        expect(schema.safeParse({ [name]: max }).success).toBe(true);
        expect(schema.safeParse({ [name]: min - 1 }).success).toBe(false);
        expect(schema.safeParse({ [name]: max + 1 }).success).toBe(false);
      }
    });
  }
});
