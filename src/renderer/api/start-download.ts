/**
 * The browser shell: asks the browser to download a file main saved (`downloadUrl` in a result). The
 * transport serves it as an attachment, so the page stays where it is. Electron results carry no address:
 * the file is already where the officer chose.
 */
export function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
