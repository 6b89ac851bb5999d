import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_CHANNEL } from '../../src/shared/ipc/contract.js';
import { DROPPED_FILES_GLOBAL } from '../../src/shared/ipc/dropped-files.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { contextBridge, ipcRenderer, resetFakeElectron, webUtils } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

type Api = Record<string, Record<string, (...args: unknown[]) => unknown>>;

let exposed: Map<string, unknown>;
let api: Api;
beforeAll(async () => {
  resetFakeElectron();
  await import('../../src/preload/index.js');
  exposed = new Map(contextBridge.exposed);
  api = exposed.get('fieldsync') as Api;
});

/** Every function reachable from `value`, by path (what the page could call). */
function functionsIn(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => functionsIn(v, path ? `${path}.${key}` : key));
}

/** Every object and function reachable from `value`. */
function valuesIn(value: unknown): unknown[] {
  if (value instanceof Map) return [...value.values()].flatMap(valuesIn);
  if (typeof value !== 'object' || value === null) return [value];
  return [value, ...Object.values(value).flatMap(valuesIn)];
}

describe('the preload', () => {
  it('exposes the contract API and the dropped-file path, nothing else', () => {
    expect([...exposed.keys()].sort()).toEqual([DROPPED_FILES_GLOBAL, 'fieldsync'].sort());
    expect(functionsIn(exposed.get(DROPPED_FILES_GLOBAL))).toEqual(['pathForFile']);
  });

  it('gives exactly one method per channel plus events.subscribe: no generic invoke, send or ipcRenderer', () => {
    const expected = [...CHANNELS.map((c) => c.replace(':', '.')), 'events.subscribe'];
    expect(functionsIn(api).sort()).toEqual(expected.sort());
    const leaked = [ipcRenderer, ipcRenderer.invoke, ipcRenderer.on, ipcRenderer.removeListener, ipcRenderer.emit];
    for (const value of valuesIn(exposed)) expect(leaked).not.toContain(value);
  });

  it('sends each method over its own channel with its argument', async () => {
    for (const channel of CHANNELS) {
      const [domain = '', verb = ''] = channel.split(':');
      const method = api[domain]?.[verb];
      await method?.({ probe: channel });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { probe: channel });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNELS.length);
    // What main answers comes back to the page as is.
    expect(await api.session?.get?.()).toEqual({ ok: true, value: { channel: 'session:get', args: [undefined] } });
  });

  it('delivers main’s events to a subscriber without Electron’s event object, until it unsubscribes', () => {
    const subscribe = api.events?.subscribe as (l: (e: AppEvent) => void) => () => void;
    const seen: AppEvent[][] = [[], []];
    const first = subscribe((e) => seen[0]?.push(e));
    const second = subscribe((e) => seen[1]?.push(e));
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(2);
    const event: AppEvent = { kind: 'conflicts:changed', open: 2 };
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer, senderFrame: null }, event);
    first();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer }, { kind: 'conflicts:changed', open: 0 });
    second();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
    expect(seen).toEqual([[event], [event, { kind: 'conflicts:changed', open: 0 }]]);
    // Unsubscribing twice is harmless.
    expect(() => first()).not.toThrow();
  });

  it('reads a dropped file’s path through webUtils', () => {
    const files = exposed.get(DROPPED_FILES_GLOBAL) as { pathForFile(file: { name: string }): string };
    expect(files.pathForFile({ name: 'DCIM' })).toBe('/media/card/DCIM');
    expect(webUtils.getPathForFile).toHaveBeenCalledOnce();
  });
});
