/**
 * The update channels of the contract: the page asks the core, the core the shell's updater, and the
 * updater's changes reach the page as `update:status` events.
 */
import { describe, expect, it } from 'vitest';
import { createAppUpdater, updateFeedUrl } from '../../src/main/electron/app-updater.js';
import { FakeAutoUpdater } from '../electron-glue/fake-auto-updater.js';
import { coreUnderTest } from './helpers/core-under-test.js';

describe('updates through the contract', () => {
  it('answers unsupported where the shell has no updater (the browser shell, a development run)', async () => {
    const app = await coreUnderTest();
    try {
      for (const channel of ['updates:status', 'updates:check', 'updates:restart'] as const) {
        expect(await app.core.handlers[channel](undefined)).toMatchObject({
          ok: true,
          value: { state: 'unsupported', currentVersion: '0.0.0-test' },
        });
      }
    } finally {
      await app.close();
    }
  });

  it("passes checks and restarts to the shell's updater and its changes to the page as events", async () => {
    const engine = new FakeAutoUpdater();
    engine.published = '0.2.0';
    const updater = createAppUpdater({
      engine,
      currentVersion: '0.1.0',
      feedUrl: () => updateFeedUrl('https://sync.example.org'),
      automatic: async () => true,
    });
    const app = await coreUnderTest({ updates: updater });
    try {
      updater.start();
      const checked = await app.core.handlers['updates:check'](undefined);
      expect(checked).toMatchObject({ ok: true, value: { state: 'downloading', version: '0.2.0' } });
      engine.progress(50, 200);
      engine.finishDownload();
      const states = app.events.flatMap((e) => (e.kind === 'update:status' ? [e.status.state] : []));
      expect(states).toEqual(expect.arrayContaining(['checking', 'downloading', 'downloaded']));
      expect(app.events.some((e) => e.kind === 'update:status' && e.status.progress?.percent === 25)).toBe(true);
      expect(await app.core.handlers['updates:status'](undefined)).toMatchObject({ value: { state: 'downloaded' } });
      await app.core.handlers['updates:restart'](undefined);
      expect(engine.installs).toHaveLength(1);
    } finally {
      updater.stop();
      await app.close();
    }
  });

  it('keeps the automatic-check setting with the other settings', async () => {
    const app = await coreUnderTest();
    try {
      expect(await app.core.handlers['settings:get'](undefined)).toMatchObject({ value: { updateChecks: true } });
      await app.core.handlers['settings:set']({ updateChecks: false });
      expect(await app.core.handlers['settings:get'](undefined)).toMatchObject({ value: { updateChecks: false } });
    } finally {
      await app.close();
    }
  });
});
