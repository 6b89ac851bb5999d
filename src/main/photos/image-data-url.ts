import { readFile } from 'node:fs/promises';

/** A JPEG file (a thumbnail) as a `data:` URL, for the page that cannot read files; `null` when unreadable. */
export async function jpegDataUrl(path: string): Promise<string | null> {
  const bytes = await readFile(path).catch(() => null);
  return bytes ? `data:image/jpeg;base64,${bytes.toString('base64')}` : null;
}
