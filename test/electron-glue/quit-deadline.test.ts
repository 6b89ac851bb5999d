import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeThenQuit, QUIT_DEADLINE_MS } from '../../src/main/electron/quit-deadline.js';
import { setLogSink } from '../../src/main/log.js';

setLogSink(() => undefined);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const fakeApp = () => ({ quit: vi.fn(), exit: vi.fn() });

describe('quitting', () => {
  it('quits normally once the core has closed, well before the deadline', async () => {
    const app = fakeApp();
    const ended = closeThenQuit(() => new Promise((resolve) => setTimeout(resolve, 200)), app);
    await vi.advanceTimersByTimeAsync(200);
    expect(await ended).toBe('closed');
    expect(app.quit).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(QUIT_DEADLINE_MS);
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('a close that hangs (an upload stuck on a dead link) ends the process at the deadline, not later', async () => {
    const app = fakeApp();
    const ended = closeThenQuit(() => new Promise<void>(() => undefined), app);
    await vi.advanceTimersByTimeAsync(QUIT_DEADLINE_MS - 1);
    expect(app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await ended).toBe('deadline');
    expect(app.exit).toHaveBeenCalledWith(0);
    expect(app.quit).not.toHaveBeenCalled();
    expect(QUIT_DEADLINE_MS).toBeLessThanOrEqual(10_000);
  });

  it('a close that fails still quits', async () => {
    const app = fakeApp();
    expect(await closeThenQuit(() => Promise.reject(new Error('disk gone')), app)).toBe('closed');
    expect(app.quit).toHaveBeenCalledOnce();
  });

  it('a close that ends after the deadline does not quit twice', async () => {
    const app = fakeApp();
    let finish: () => void = () => undefined;
    const ended = closeThenQuit(() => new Promise<void>((resolve) => (finish = resolve)), app, 100);
    await vi.advanceTimersByTimeAsync(100);
    finish();
    await vi.advanceTimersByTimeAsync(10);
    expect(await ended).toBe('deadline');
    expect(app.quit).not.toHaveBeenCalled();
    expect(app.exit).toHaveBeenCalledOnce();
  });
});
