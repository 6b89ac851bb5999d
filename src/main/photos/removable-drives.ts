import { EventEmitter } from 'node:events';

/** A mounted removable drive (SD card, USB stick) the officer can import from. */
export interface RemovableDrive {
  readonly device: string;
  readonly description: string;
  /** Folders where it is mounted (e.g. `E:\`, `/media/officer/CANON`). */
  readonly mountpoints: readonly string[];
  readonly label: string | null;
  readonly size: number | null;
}

/** The slice of drivelist's answer we use (kept structural so tests can pass their own lister). */
export interface ListedDrive {
  readonly device: string;
  readonly description: string;
  readonly isRemovable: boolean;
  readonly isUSB: boolean | null;
  readonly isCard: boolean | null;
  readonly isSystem: boolean;
  readonly isVirtual: boolean | null;
  readonly size: number | null;
  readonly mountpoints: readonly { readonly path: string; readonly label: string | null }[];
}

export type DriveLister = () => Promise<readonly ListedDrive[]>;

/** drivelist's `list`, loaded lazily: it is a native module and the rest of the importer works without it. */
export const drivelistLister: DriveLister = async () => {
  const drivelist = await import('drivelist');
  return (drivelist.list ?? drivelist.default.list)();
};

/**
 * Mounted drives that look like camera cards or USB sticks: removable, USB or card readers, not the
 * system disk, not virtual (RAM disks such as zram report themselves removable), and mounted somewhere.
 */
export async function listRemovableDrives(list: DriveLister = drivelistLister): Promise<RemovableDrive[]> {
  const drives = await list();
  return drives
    .filter((d) => (d.isRemovable || d.isUSB || d.isCard) && !d.isSystem && !d.isVirtual && d.mountpoints.length > 0)
    .map((d) => ({
      device: d.device,
      description: d.description,
      mountpoints: d.mountpoints.map((m) => m.path),
      label: d.mountpoints.find((m) => m.label)?.label ?? null,
      size: d.size,
    }));
}

export interface DriveWatcherEvents {
  inserted: [RemovableDrive];
  removed: [RemovableDrive];
  error: [Error];
}

/**
 * Notices cards being inserted or removed by polling the drive list (drivelist has no change events).
 * One poll at a time; the timer does not keep the process alive.
 */
export class DriveWatcher extends EventEmitter<DriveWatcherEvents> {
  private timer: NodeJS.Timeout | undefined;
  private known = new Map<string, RemovableDrive>();
  private polling = false;

  constructor(private readonly options: { intervalMs?: number; list?: DriveLister } = {}) {
    super();
  }

  /** Starts polling; the drives present now are reported as `inserted` on the first poll. */
  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Drives seen on the last poll. */
  current(): RemovableDrive[] {
    return [...this.known.values()];
  }

  /** Compares the drive list with the last one and emits the differences. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = new Map((await listRemovableDrives(this.options.list)).map((d) => [key(d), d]));
      for (const [k, d] of now) if (!this.known.has(k)) this.emit('inserted', d);
      for (const [k, d] of this.known) if (!now.has(k)) this.emit('removed', d);
      this.known = now;
    } catch (error) {
      this.emit('error', error as Error);
    } finally {
      this.polling = false;
    }
  }
}

function key(d: RemovableDrive): string {
  return `${d.device}|${d.mountpoints.join('|')}`;
}
