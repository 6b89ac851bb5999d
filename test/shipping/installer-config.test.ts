/**
 * electron-builder.yml, checked where no installer can be built: electron-builder's own schema
 * validation, the per-user NSIS choices, the Electron build of better-sqlite3 shipped outside the asar,
 * real icons, the data-keeping uninstaller, and no signing secret in the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '../..');
const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const config = parse(text) as {
  appId: string;
  npmRebuild: boolean;
  win: { icon: string; target: { target: string }[] };
  nsis: Record<string, unknown>;
  extraResources: { from: string; to: string; filter?: string[] }[];
  publish: { provider: string; url: string }[];
};

describe('electron-builder.yml', () => {
  it('passes electron-builder own configuration check', async () => {
    const { validateConfiguration } = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...config, nsis: { ...config.nsis, oneClik: true } },
        { isEnabled: false, add: () => undefined },
      ),
    ).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds a one-click per-user NSIS installer (no admin rights, no install-mode page) with both shortcuts', () => {
    expect(config.appId).toBe('org.fieldsync.desktop');
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      oneClick: true,
      perMachine: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
      include: 'resources/installer.nsh',
    });
    expect(config.nsis).not.toHaveProperty('allowElevation');
  });

  it('the app id matches the one main gives Windows (toasts, taskbar grouping)', () => {
    const main = readFileSync(join(root, 'src/main/electron/main.ts'), 'utf8');
    expect(main).toContain(`app.setAppUserModelId('${config.appId}')`);
  });

  it('ships better-sqlite3 for Electron beside the asar and rebuilds nothing in node_modules', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({
      from: 'electron-native',
      to: 'native',
      filter: ['better_sqlite3.node', 'better_sqlite3.json'],
    });
  });

  it('publishes a generic update feed under /updates', () => {
    expect(config.publish).toEqual([
      expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/\/updates$/) }),
    ]);
  });

  it('commits no signing secret: certificates come from CSC_LINK / CSC_KEY_PASSWORD in the environment', () => {
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificateFile|certificatePassword|certificateSha1)\s*:/m);
  });
});

describe('the uninstaller', () => {
  const nsh = readFileSync(join(root, 'resources/installer.nsh'), 'utf8');
  it('asks before deleting the data folder (default No), and never during an update or a silent uninstall', () => {
    const macro = nsh.slice(nsh.indexOf('!macro customUnInstall'), nsh.indexOf('!macroend'));
    expect(macro).toMatch(/\$\{ifNot\} \$\{isUpdated\}/);
    expect(macro).toMatch(/\$\{ifNot\} \$\{Silent\}/);
    expect(macro).toMatch(/MessageBox MB_YESNO\|MB_ICONQUESTION\|MB_DEFBUTTON2/);
    expect(macro).toMatch(/\/SD IDNO IDNO fieldsyncKeepData/);
    expect(macro).toContain('RMDir /r "$LOCALAPPDATA\\Fieldsync"');
  });
});

describe('the icons', () => {
  it('icon.ico holds every size Windows asks for, 16 to 256 px', () => {
    const ico = readFileSync(join(root, 'resources/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    const count = ico.readUInt16LE(4);
    const edges = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + i * 16) || 256);
    expect(edges).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
  });

  it('icon.png is a 512 px drawing, not a blank square', async () => {
    const png = sharp(join(root, 'resources/icon.png'));
    expect(await png.metadata()).toMatchObject({ width: 512, height: 512, format: 'png' });
    const { channels } = await png.stats();
    // The blue field, the white board and the green check: every colour channel varies a lot.
    for (const c of channels.slice(0, 3)) expect(c.stdev).toBeGreaterThan(30);
    // Rounded corners are transparent.
    expect(channels[3]?.min).toBe(0);
  });
});
