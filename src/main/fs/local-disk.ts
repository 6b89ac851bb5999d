import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { type LocalizedText, text } from '../../shared/i18n/message.js';

/** Where a folder lives, as far as keeping a live SQLite database there goes. */
export type DiskKind = 'fixed' | 'removable' | 'network' | 'cloud' | 'unknown';

/** Runs a program and answers its standard output (`execFile`, or a test's stand-in). */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

export interface LocalDiskOptions {
  readonly platform: NodeJS.Platform;
  /** The environment (OneDrive's folders, the user's profile and name). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly run: CommandRunner;
  /** Resolves links, junctions and (on Windows) mapped drives of a path that exists. */
  readonly realpath: (folder: string) => Promise<string>;
}

/** Folder names cloud clients sync (their placeholders download on open, their uploads race SQLite's writes). */
const CLOUD_FOLDER =
  /^(onedrive( - .+)?|dropbox( \(.+\))?|google drive|googledrive|icloud ?drive|nextcloud|owncloud)$/i;

/** Win32_LogicalDisk.DriveType: 2 removable, 3 local disk, 4 network drive, 5 CD/DVD, 6 RAM disk. */
const DRIVE_TYPES: Readonly<Record<string, DiskKind>> = {
  '2': 'removable',
  '3': 'fixed',
  '4': 'network',
  '5': 'removable',
  '6': 'fixed',
};

/**
 * Whether a folder is on a local, fixed disk, and keeping a new data folder to its owner. SQLite's WAL
 * needs a local disk (shared memory and locks do not work over SMB); a removable drive is pulled while
 * the database is open; a cloud-synced folder uploads the database over the officer's 2G link while it
 * changes, and its placeholders are not the file. Windows is asked for the drive's type (a mapped drive
 * letter is a network drive); the path itself tells UNC shares and cloud folders on every system.
 */
export class LocalDisk {
  private readonly p: path.PlatformPath;

  constructor(private readonly options: LocalDiskOptions) {
    this.p = options.platform === 'win32' ? path.win32 : path.posix;
  }

  /** What kind of disk `folder` (which may not exist yet) is on. */
  async kind(folder: string): Promise<DiskKind> {
    const { p } = this;
    const full = p.resolve(folder);
    if (/^[\\/]{2}[^\\/?.]/.test(folder) || /^\\\\\?\\UNC\\/i.test(folder)) return 'network';
    if (this.inCloudFolder(full)) return 'cloud';
    if (this.options.platform !== 'win32') return 'fixed';
    const drive = /^([a-z]):/i.exec(full)?.[1]?.toUpperCase();
    if (!drive) return 'unknown';
    try {
      const answer = await this.options.run('powershell.exe', [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `(Get-CimInstance -ClassName Win32_LogicalDisk -Filter "DeviceID='${drive}:'").DriveType`,
      ]);
      return DRIVE_TYPES[answer.trim()] ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /**
   * Why the data cannot live in `folder`, or `null` when it can. An unknown disk is allowed (the check
   * could not run; refusing would strand the officer on a PC where PowerShell is locked down).
   */
  async refusal(folder: string): Promise<LocalizedText | null> {
    const kind = await this.kind(folder);
    if (kind === 'network') return text('settings:dataFolder.disk.network', { folder });
    if (kind === 'removable') return text('settings:dataFolder.disk.removable', { folder });
    if (kind === 'cloud') return text('settings:dataFolder.disk.cloud', { folder });
    return null;
  }

  /**
   * `folder` with links, junctions and mapped drives resolved: the deepest part that exists is resolved
   * by the system and the rest (not created yet) appended, so two paths to one folder compare equal.
   */
  async real(folder: string): Promise<string> {
    const { p } = this;
    let existing = p.resolve(folder);
    const rest: string[] = [];
    for (;;) {
      try {
        return p.join(await this.options.realpath(existing), ...rest.reverse());
      } catch {
        const parent = p.dirname(existing);
        if (parent === existing) return p.resolve(folder);
        rest.push(p.basename(existing));
        existing = parent;
      }
    }
  }

  /** Whether `a` and `b` (resolved) are one folder or one holds the other. */
  async overlap(a: string, b: string): Promise<boolean> {
    const [ra, rb] = await Promise.all([this.real(a), this.real(b)]);
    return this.within(ra, rb) || this.within(rb, ra);
  }

  /**
   * Leaves a new data folder readable by its owner only (and the system, which backups and antivirus
   * run as) when it is outside the user's profile: a folder at a drive's root inherits "Users: read",
   * and it holds pupils' data. Inside the profile Windows already keeps it to the owner. Throws when
   * Windows refused. Elsewhere (the tests' and developers' systems) it does nothing.
   */
  async keepToOwner(folder: string): Promise<boolean> {
    if (!this.othersMayRead(folder)) return false;
    const { env } = this.options;
    const user = env.USERDOMAIN && env.USERNAME ? `${env.USERDOMAIN}\\${env.USERNAME}` : env.USERNAME;
    if (!user) throw new Error('The user name is not known (USERNAME is not set).');
    // (OI)(CI)F: full control, inherited by every file and folder inside; S-1-5-18 is LocalSystem.
    await this.options.run('icacls', [
      folder,
      '/inheritance:r',
      '/grant:r',
      `${user}:(OI)(CI)F`,
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
    ]);
    return true;
  }

  /** Whether a folder made at `folder` would inherit rights for other users (Windows, outside the profile). */
  othersMayRead(folder: string): boolean {
    const { env, platform } = this.options;
    if (platform !== 'win32') return false;
    return !(env.USERPROFILE && this.within(folder, env.USERPROFILE));
  }

  /** Whether `path` is `folder` or inside it (letter case ignored on Windows, as its file systems do). */
  private within(path: string, folder: string): boolean {
    const fold = (s: string) => (this.options.platform === 'win32' ? s.toLowerCase() : s);
    const rel = this.p.relative(fold(this.p.resolve(folder)), fold(this.p.resolve(path)));
    return rel === '' || (!rel.startsWith('..') && !this.p.isAbsolute(rel));
  }

  private inCloudFolder(full: string): boolean {
    const { env } = this.options;
    for (const root of [env.OneDrive, env.OneDriveCommercial, env.OneDriveConsumer])
      if (root && this.within(full, root)) return true;
    return full.split(/[\\/]/).some((part) => CLOUD_FOLDER.test(part));
  }
}

/** The computer's own disks: `execFile` with a time limit, `realpath.native` (junctions, mapped drives). */
export function localDisk(): LocalDisk {
  return new LocalDisk({
    platform: process.platform,
    env: process.env,
    realpath: (folder) => realpath(folder),
    run: (file, args) =>
      new Promise((resolve, reject) => {
        execFile(file, [...args], { timeout: 15_000, windowsHide: true }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      }),
  });
}
