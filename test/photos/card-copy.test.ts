import { describe, expect, it } from 'vitest';
import { SKIP_REASONS } from '../../src/main/photos/import-report.js';
import { filesLeftOnCard } from '../../src/shared/photos/card-copy.js';

describe('whether the card may be taken out', () => {
  it('counts only the files a second try could still copy from the card', () => {
    const one = (reason: string) => ({ reason });
    expect(filesLeftOnCard([])).toBe(0);
    expect(filesLeftOnCard(['not-an-image', 'empty', 'too-large', 'corrupt', 'outside-link'].map(one))).toBe(0);
    expect(filesLeftOnCard(['removed', 'locked', 'unreadable', 'corrupt'].map(one))).toBe(3);
  });

  it('has decided every reason a scan can give', () => {
    // A new reason must be placed on one side or the other: permanent, or worth keeping the card for.
    const permanent = [
      'not-an-image',
      'empty',
      'too-large',
      'corrupt',
      'outside-dcim',
      'symlink-loop',
      'outside-link',
      'bad-name',
      'not-a-file',
      'no-visit',
    ];
    const again = SKIP_REASONS.filter((r) => filesLeftOnCard([{ reason: r }]) === 1);
    expect([...again, ...permanent].sort()).toEqual([...SKIP_REASONS].sort());
  });
});
