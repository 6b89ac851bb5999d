/**
 * Whether a link may be opened in the system browser: http(s) only, no credentials in it, and the
 * host on the allowlist (the configured sync server and the project's help pages). Parsed with
 * `URL`, never matched as a string, so `https://allowed.example@evil.example` does not pass.
 */
export function isAllowedExternalUrl(raw: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username || url.password) return false;
  return allowedHosts.includes(url.hostname.toLowerCase());
}

/** Hosts every build may open: the project's help pages. */
export const HELP_HOSTS = ['fieldsync.example.org'] as const;
