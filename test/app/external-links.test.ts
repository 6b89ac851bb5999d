import { describe, expect, it } from 'vitest';
import { HELP_HOSTS, isAllowedExternalUrl } from '../../src/main/app/external-links.js';

const allowed = [...HELP_HOSTS, 'sync.district.example'];

describe('external links', () => {
  it('opens http(s) links to the help pages and the sync server', () => {
    expect(isAllowedExternalUrl('https://fieldsync.example.org/help/conflicts', allowed)).toBe(true);
    expect(isAllowedExternalUrl('http://SYNC.district.example:8787/status', allowed)).toBe(true);
  });

  it('refuses other hosts, other schemes, credentials and look-alikes, parsing rather than matching text', () => {
    for (const url of [
      'https://evil.example/',
      'https://fieldsync.example.org@evil.example/',
      'https://fieldsync.example.org.evil.example/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://fieldsync.example.org/share',
      'https://user:pw@fieldsync.example.org/',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, allowed), url).toBe(false);
    }
  });
});
