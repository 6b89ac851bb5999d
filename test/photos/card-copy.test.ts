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

  it('keeps the card in for exactly the reasons a second try can overcome', () => {
    const again = SKIP_REASONS.filter((r) => filesLeftOnCard([{ reason: r }]) === 1);
    expect(again).toEqual(['unreadable', 'removed', 'locked']);
  });
});
