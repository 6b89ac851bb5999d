import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The renderer page. `--mode electron` (default) is loaded from the asar by the shell; `--mode web` is the
 * same page for a plain browser (e2e, `npm run dev:web`), which talks to main over the loopback WebSocket.
 */
export default defineConfig(({ mode }) => {
  const web = mode === 'web' || mode === 'development';
  return {
    root: 'src/renderer',
    base: './',
    plugins: [react(), contentSecurityPolicy(web)],
    build: {
      outDir: web ? '../../out/renderer-web' : '../../out/renderer',
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: true,
      chunkSizeWarningLimit: 2000,
    },
    server: { host: '127.0.0.1', strictPort: false },
    preview: { host: '127.0.0.1' },
  };
});

/**
 * A strict CSP in a meta tag: scripts only from the page's own files, no inline script, no eval, nothing
 * remote. Fluent UI (Griffel) creates EMPTY `<style>` elements and fills them through the CSSOM
 * (`insertRule`), which CSP does not police; allowing only the hash of the empty string lets those
 * elements exist while any `<style>` with text content (an injection) is still refused.
 * Only the web build may open the loopback WebSocket to main.
 */
/** `sha256` of the empty string, base64. */
const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

function contentSecurityPolicy(web: boolean): Plugin {
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    web ? "connect-src 'self' ws://127.0.0.1:*" : "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "worker-src 'none'",
  ].join('; ');
  return {
    name: 'fieldsync-csp',
    // The dev server's hot reload injects inline scripts; the CSP is for built pages (the packaged app
    // also sends it as a response header).
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${policy}" />`),
    },
  };
}
