/**
 * A fake of the slice of Electron's API the shell and the preload use, for plain Node:
 * `vi.mock('electron', () => import('./fake-electron.js'))`, then inspect what the glue did through
 * the same exports. It keeps the rules of the real API that the glue depends on (one handler per IPC
 * channel, schemes registered once and before `ready`, `web-contents-created` for every window), so a
 * test cannot pass on behaviour Electron would refuse. `resetFakeElectron()` between tests.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

/** A frame as `IpcMainInvokeEvent.senderFrame` shows it: its URL and its parent (`null`: top frame). */
export interface FakeFrame {
  readonly url: string;
  readonly parent: FakeFrame | null;
}

type InvokeHandler = (event: { senderFrame: FakeFrame | null }, ...args: unknown[]) => unknown;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Emits a cancellable event as Electron does (the first argument has `preventDefault`); answers whether it was prevented. */
export function attempt(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  emitter.emit(name, event, ...args);
  return event.defaultPrevented;
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly paths = new Map<string, string>();
  singleInstanceLock = true;
  private ready = false;
  readonly quit = vi.fn(() => undefined);
  /** Ends the process at once (no `before-quit`): the fake only records it. */
  readonly exit = vi.fn((_code?: number) => undefined);
  readonly setAppUserModelId = vi.fn((_id: string) => undefined);
  readonly setAppLogsPath = vi.fn((_path?: string) => undefined);
  /** Chromium switches main turns on before ready (the date fields' language, for one). */
  readonly commandLine = { appendSwitch: vi.fn((_switch: string, _value?: string) => undefined) };
  /** What `app.getLocale()` answers (the OS language Fieldsync opens in until the officer picks one). */
  locale = 'en-US';

  getName(): string {
    return 'Fieldsync';
  }
  getVersion(): string {
    return '9.8.7-fake';
  }
  getLocale(): string {
    return this.locale;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  isReady(): boolean {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    this.ready = true;
    this.emit('ready');
    return Promise.resolve();
  }
  reset(): void {
    this.removeAllListeners();
    this.paths.clear();
    this.isPackaged = false;
    this.singleInstanceLock = true;
    this.ready = false;
  }
}

export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  url = '';
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  /** Electron's printToPDF: answers a tiny PDF and keeps the options it was given. */
  readonly printToPDF = vi.fn(async (_options: Electron.PrintToPDFOptions) => Buffer.from('%PDF-1.7 fake'));

  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** `will-navigate`, `will-redirect`, …: answers whether the glue prevented it. */
  attempt(name: string, ...args: unknown[]): boolean {
    return attempt(this, name, ...args);
  }
}

export class BrowserWindow extends EventEmitter {
  /** Every window made since the last reset, closed ones too (`getAllWindows` leaves those out). */
  static readonly made: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.made.filter((w) => !w.closed);
  }

  readonly webContents = new FakeWebContents();
  readonly progress: { value: number; options: { mode: string } | undefined }[] = [];
  readonly show = vi.fn(() => undefined);
  readonly focus = vi.fn(() => undefined);
  readonly restore = vi.fn(() => undefined);
  minimized = false;
  /** Whether the officer is looking at the window (notifications wait for when not). */
  focused = false;
  private destroyed = false;
  private closed = false;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    BrowserWindow.made.push(this);
    app.emit('web-contents-created', { preventDefault: () => undefined }, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isFocused(): boolean {
    return this.focused && !this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  setProgressBar(value: number, options?: { mode: string }): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.progress.push({ value, options });
  }
  /** Destroyed but still listed: a window closing while an event is on its way. */
  destroyQuietly(): void {
    this.destroyed = true;
  }
  close(): void {
    this.destroyed = true;
    this.closed = true;
    this.emit('closed');
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from `frame` receives. */
  async invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(
    async (channel: string, ...args: unknown[]): Promise<unknown> => ({ ok: true, value: { channel, args } }),
  );
}

export const ipcRenderer = new FakeIpcRenderer();

class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(key, api);
  }
}

export const contextBridge = new FakeContextBridge();

export const webUtils = {
  getPathForFile: vi.fn((file: { name: string }) => `/media/card/${file.name}`),
};

class FakeProtocol {
  privileged: readonly { scheme: string; privileges?: Record<string, boolean> }[] | undefined;
  readonly handlers = new Map<string, ProtocolHandler>();

  registerSchemesAsPrivileged(schemes: readonly { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
    if (this.privileged) throw new Error('protocol.registerSchemesAsPrivileged can be called only once');
    this.privileged = schemes;
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  /** A page's request for `url`, answered by the registered handler. */
  async request(url: string): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`No handler for ${url}`);
    return handler(new Request(url));
  }
}

export const protocol = new FakeProtocol();

/**
 * `net.fetch` of a `file:` URL: the bytes, under whatever type the platform guesses (here always the
 * wrong one, so a test sees whether the glue sets its own), and a rejection for a missing file.
 */
export const net = {
  fetch: vi.fn(async (url: string): Promise<Response> => {
    const body = await readFile(fileURLToPath(url)).catch(() => {
      throw new TypeError('net::ERR_FILE_NOT_FOUND');
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  }),
};

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

/** `powerMonitor`: a test emits `resume` (the computer woke up) or `suspend`. */
export const powerMonitor = new EventEmitter();

export const shell = {
  openExternal: vi.fn(async (_url: string): Promise<void> => undefined),
};

export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
};

export class Notification {
  static supported = true;
  static readonly shown: { title: string; body: string; silent?: boolean }[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  constructor(private readonly options: { title: string; body: string; silent?: boolean }) {}
  show(): void {
    Notification.shown.push(this.options);
  }
}

/**
 * `safeStorage` with a real cipher (AES-256-GCM under a key of this process): what it writes is
 * unreadable without the key, and a tampered file fails to decrypt, as with the OS key store.
 */
export class FakeSafeStorage {
  private readonly key = randomBytes(32);
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): FakeSafeStorage['backend'] {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
  }
}

export const safeStorage = new FakeSafeStorage();

/** Forgets everything the glue registered and every recorded call. */
export function resetFakeElectron(): void {
  app.reset();
  powerMonitor.removeAllListeners();
  BrowserWindow.made.length = 0;
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  contextBridge.exposed.clear();
  protocol.privileged = undefined;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  Notification.supported = true;
  Notification.shown.length = 0;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  vi.clearAllMocks();
}
