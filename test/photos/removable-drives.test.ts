import { describe, expect, it } from 'vitest';
import {
  DriveWatcher,
  drivelistLister,
  type ListedDrive,
  listRemovableDrives,
} from '../../src/main/photos/removable-drives.js';

const drive = (device: string, extra: Partial<ListedDrive> = {}): ListedDrive => ({
  device,
  description: `Drive ${device}`,
  isRemovable: true,
  isUSB: true,
  isCard: null,
  isSystem: false,
  isVirtual: false,
  size: 32e9,
  mountpoints: [{ path: `/media/${device}`, label: 'CANON' }],
  ...extra,
});

describe('removable drives', () => {
  it('lists mounted cards and sticks, not the system disk, RAM disks or unmounted devices', async () => {
    const list = async () => [
      drive('sdb'),
      drive('vda', { isRemovable: false, isUSB: false, isSystem: true }),
      drive('zram0', { isVirtual: true }),
      drive('sdc', { mountpoints: [] }),
    ];
    expect(await listRemovableDrives(list)).toEqual([
      { device: 'sdb', description: 'Drive sdb', mountpoints: ['/media/sdb'], label: 'CANON', size: 32e9 },
    ]);
  });

  it('notices a card being inserted and removed between polls', async () => {
    let drives: ListedDrive[] = [];
    const watcher = new DriveWatcher({ list: async () => drives });
    const seen: string[] = [];
    watcher.on('inserted', (d) => seen.push(`+${d.device}`));
    watcher.on('removed', (d) => seen.push(`-${d.device}`));
    await watcher.poll();
    drives = [drive('sdb')];
    await watcher.poll();
    drives = [];
    await watcher.poll();
    expect(seen).toEqual(['+sdb', '-sdb']);
  });

  it('asks the real drivelist on this machine and keeps its system disk and unmounted devices out', async () => {
    // The real native module's answer, which includes the disk this test runs from.
    const raw = await drivelistLister();
    expect(raw.filter((d) => d.isSystem && d.mountpoints.length > 0).length).toBeGreaterThan(0);
    const drives = await listRemovableDrives();
    const listed = drives.map((d) => d.device);
    for (const d of raw) if (d.isSystem || d.mountpoints.length === 0) expect(listed).not.toContain(d.device);
    for (const d of drives) {
      const source = raw.find((r) => r.device === d.device);
      expect(source?.isRemovable || source?.isUSB || source?.isCard).toBe(true);
      expect(d.mountpoints).toEqual(source?.mountpoints.map((m) => m.path));
    }
  });
});
