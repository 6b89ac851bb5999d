import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes `file` really impossible to delete for this process, and returns the undo: root ignores
 * folder permissions, so as root the file gets the immutable flag (`chattr +i`, ext4 and most Linux
 * file systems); anyone else gets a read-only folder around it. No stub: `rm` truly fails.
 */
export function makeUndeletable(file: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file]);
    return () => execFileSync('chattr', ['-i', file]);
  }
  const folder = dirname(file);
  chmodSync(folder, 0o555);
  return () => chmodSync(folder, 0o755);
}
