import { type FileOps, nodeFileOps } from '../../src/main/fs/retry-fs.js';

/** An error as libuv reports it on Windows (`code`, `errno`, `syscall`, `path`). */
export function windowsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${WINDOWS_MESSAGES[code] ?? 'unknown error'}, ${syscall} '${path}'`);
  return Object.assign(error, { code, errno: -1, syscall, path });
}

const WINDOWS_MESSAGES: Readonly<Record<string, string>> = {
  EBUSY: 'resource busy or locked',
  EPERM: 'operation not permitted',
  EACCES: 'permission denied',
  ENOTEMPTY: 'directory not empty',
  UNKNOWN: 'unknown error',
  EIO: 'i/o error',
  ENOENT: 'no such file or directory',
  ETIMEDOUT: 'connection timed out',
};

type OpName = Exclude<keyof FileOps, 'stat'>;

/**
 * The real file system, except that the operations a test names fail the way Windows fails them
 * while an antivirus or the indexer holds a file: `times` failures with `code` (EBUSY, EPERM,
 * EACCES, ENOTEMPTY) for each path matching `match`, then the real operation. `calls` records every
 * attempt, so a test sees the retries.
 */
export function lockedFileOps(
  locks: readonly { op: OpName; match: (path: string) => boolean; code: string; times: number }[],
  base: FileOps = nodeFileOps,
) {
  const calls: { op: OpName; path: string; failed: boolean }[] = [];
  const left = new Map<string, number>();
  const attempt = <T>(op: OpName, path: string, run: () => Promise<T>): Promise<T> => {
    const lock = locks.find((l) => l.op === op && l.match(path));
    if (lock) {
      const key = `${op}\0${path}`;
      const remaining = left.get(key) ?? lock.times;
      if (remaining > 0) {
        left.set(key, remaining - 1);
        calls.push({ op, path, failed: true });
        return Promise.reject(windowsError(lock.code, SYSCALLS[op], path));
      }
    }
    calls.push({ op, path, failed: false });
    return run();
  };
  const ops: FileOps = {
    rename: (from, to) => attempt('rename', from, () => base.rename(from, to)),
    unlink: (path) => attempt('unlink', path, () => base.unlink(path)),
    rm: (path, options) => attempt('rm', path, () => base.rm(path, options)),
    copyFile: (from, to, mode) => attempt('copyFile', from, () => base.copyFile(from, to, mode)),
    utimes: (path, a, m) => attempt('utimes', path, () => base.utimes(path, a, m)),
    rmdir: (path) => attempt('rmdir', path, () => base.rmdir(path)),
    stat: (path) => base.stat(path),
    writeFileAtomic: (path, data, options) =>
      attempt('writeFileAtomic', path, () => base.writeFileAtomic(path, data, options)),
  };
  return { ops, calls };
}

const SYSCALLS: Readonly<Record<OpName, string>> = {
  rename: 'rename',
  unlink: 'unlink',
  rm: 'rmdir',
  copyFile: 'copyfile',
  utimes: 'utime',
  rmdir: 'rmdir',
  writeFileAtomic: 'rename',
};

/** Retries without waiting: the tests count tries, not milliseconds. */
export const instantRetry = { sleep: async () => undefined } as const;
