import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../src/main/app/app-core.js';
import { headlessPlatform } from '../../src/main/app/platform.js';
import { memoryTokenStore } from '../../src/main/app/token-store.js';
import { settingsPatchSchema } from '../../src/shared/ipc/schemas/settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The real app core on a computer set to `locale`, in `dir` (a second start reads the same settings). */
async function startCore(dir: string, locale: string) {
  return createAppCore({
    dataDir: dir,
    platform: headlessPlatform({ appVersion: '0.0.0-test', exportDir: dir, locale }),
    tokens: memoryTokenStore('Tests keep sign-ins in memory.'),
  });
}

describe('the language setting', () => {
  it('follows the computer’s language until the officer picks one, switches main at once and is remembered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-lang-'));
    dirs.push(dir);
    const first = await startCore(dir, 'fr-SN');
    expect(await first.handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { language: null } });
    expect(first.translator.language).toBe('fr');
    expect(first.translator.t('settings:language.label')).toBe('Langue');

    expect(await first.handlers['settings:set']({ language: 'pt' })).toMatchObject({
      ok: true,
      value: { language: 'pt' },
    });
    expect(first.translator.t('settings:language.label')).toBe('Idioma');
    await first.close();

    const again = await startCore(dir, 'fr-SN');
    expect(await again.handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { language: 'pt' } });
    expect(again.translator.language).toBe('pt');

    // Back to "same as this computer".
    await again.handlers['settings:set']({ language: null });
    expect(again.translator.language).toBe('fr');
    await again.close();
  });

  it('refuses a language Fieldsync does not speak at the IPC boundary', () => {
    expect(settingsPatchSchema.safeParse({ language: 'de' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ language: 'fr' }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ language: null }).success).toBe(true);
  });
});
