import { describe, expect, it } from 'vitest';
import { type CommandRunner, LocalDisk } from '../../src/main/fs/local-disk.js';

/** A Windows PC as the code sees it: PowerShell's answer per drive, links resolved by a table. */
function windows(
  options: { driveTypes?: Record<string, string>; links?: Record<string, string>; env?: Record<string, string> } = {},
) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push({ file, args });
    if (file === 'icacls') return 'processed file';
    const drive = /DeviceID='([A-Z]):'/.exec(args.at(-1) ?? '')?.[1] ?? '';
    const type = options.driveTypes?.[drive];
    if (type === undefined) throw new Error('Get-CimInstance : Access denied');
    return `${type}\r\n`;
  };
  const disk = new LocalDisk({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\amina', USERNAME: 'amina', USERDOMAIN: 'DEO-LAPTOP', ...options.env },
    run,
    realpath: async (folder) => {
      const mapped = options.links?.[folder.toLowerCase()];
      if (mapped) return mapped;
      if (/^c:\\users\\amina(\\appdata(\\fieldsync)?)?$/i.test(folder) || /^[a-z]:\\$/i.test(folder)) return folder;
      throw Object.assign(new Error(`ENOENT: ${folder}`), { code: 'ENOENT' });
    },
  });
  return { disk, calls };
}

describe('where the live database may go (Windows rules, through an injected system)', () => {
  it('a UNC share is a network disk, without asking Windows', async () => {
    const { disk, calls } = windows();
    expect(await disk.kind('\\\\fileserver\\deo\\Fieldsync')).toBe('network');
    expect(await disk.kind('//fileserver/deo/Fieldsync')).toBe('network');
    expect(calls).toEqual([]);
  });

  it('a drive letter is what Windows says it is: a mapped drive is a network one, a USB stick removable', async () => {
    const { disk, calls } = windows({ driveTypes: { C: '3', D: '2', N: '4', E: '5' } });
    expect(await disk.kind('C:\\Fieldsync')).toBe('fixed');
    expect(await disk.kind('D:\\Fieldsync')).toBe('removable');
    expect(await disk.kind('n:\\data\\Fieldsync')).toBe('network');
    expect(await disk.kind('E:\\')).toBe('removable');
    expect(calls[2]?.args.at(-1)).toContain("DeviceID='N:'");
    expect(calls[0]?.file).toBe('powershell.exe');
  });

  it('a drive Windows would not describe is allowed (unknown), not a reason to strand the officer', async () => {
    const { disk } = windows({ driveTypes: {} });
    expect(await disk.kind('F:\\Fieldsync')).toBe('unknown');
    expect(await disk.refusal('F:\\Fieldsync')).toBeNull();
  });

  it('OneDrive’s folders (any case) and Dropbox-like folders are cloud-synced', async () => {
    const { disk } = windows({
      env: { OneDrive: 'C:\\Users\\amina\\OneDrive - Ministry of Education' },
      driveTypes: { C: '3' },
    });
    expect(await disk.kind('c:\\users\\AMINA\\onedrive - ministry of education\\Documents\\Fieldsync')).toBe('cloud');
    expect(await disk.kind('C:\\Users\\amina\\Dropbox\\Fieldsync')).toBe('cloud');
    expect(await disk.kind('C:\\Users\\amina\\Documents\\Fieldsync')).toBe('fixed');
  });

  it('each refusal names the folder and the reason by catalog key', async () => {
    const { disk } = windows({ driveTypes: { C: '3', D: '2', N: '4' } });
    expect(await disk.refusal('N:\\x')).toEqual({
      key: 'settings:dataFolder.disk.network',
      values: { folder: 'N:\\x' },
    });
    expect(await disk.refusal('D:\\x')).toMatchObject({ key: 'settings:dataFolder.disk.removable' });
    expect(await disk.refusal('C:\\Users\\amina\\Dropbox\\x')).toMatchObject({
      key: 'settings:dataFolder.disk.cloud',
    });
    expect(await disk.refusal('C:\\Fieldsync')).toBeNull();
  });

  it('a new folder inside the data reached through a junction overlaps it; a folder beside it does not', async () => {
    const data = 'C:\\Users\\amina\\AppData\\Fieldsync';
    const { disk } = windows({ links: { 'e:\\data': data } });
    expect(await disk.overlap(data, 'E:\\Data\\new folder')).toBe(true);
    expect(await disk.overlap(data, 'c:\\users\\amina\\appdata\\FIELDSYNC\\x')).toBe(true);
    expect(await disk.overlap(data, 'C:\\Users\\amina\\AppData\\Fieldsync2')).toBe(false);
    expect(await disk.overlap(data, 'C:\\Users\\amina')).toBe(true);
  });

  it('a folder outside the profile (a drive root) is kept to its owner and the system; inside the profile it is left alone', async () => {
    const { disk, calls } = windows();
    expect(await disk.keepToOwner('D:\\Fieldsync')).toBe(true);
    expect(calls).toEqual([
      {
        file: 'icacls',
        args: [
          'D:\\Fieldsync',
          '/inheritance:r',
          '/grant:r',
          'DEO-LAPTOP\\amina:(OI)(CI)F',
          '/grant:r',
          '*S-1-5-18:(OI)(CI)F',
        ],
      },
    ]);
    expect(await disk.keepToOwner('C:\\Users\\amina\\Documents\\Fieldsync')).toBe(false);
    expect(calls).toHaveLength(1);
    const linux = new LocalDisk({ platform: 'linux', env: {}, run: async () => '', realpath: async (p) => p });
    expect(await linux.keepToOwner('/srv/data')).toBe(false);
    expect(await linux.kind('/home/amina/Dropbox/x')).toBe('cloud');
    expect(await linux.kind('/home/amina/fieldsync')).toBe('fixed');
  });
});
