/**
 * Where the built web renderer is served for the browser e2e suite. `E2E_PORT` lets two suites run at
 * once (each builds into its own folder).
 */
export const PREVIEW_PORT = Number(process.env.E2E_PORT ?? 4173);
export const PREVIEW_URL = `http://127.0.0.1:${PREVIEW_PORT}/`;
/** Relative to the renderer root (`src/renderer`). */
export const PREVIEW_OUT_DIR = `../../out/e2e-renderer-${PREVIEW_PORT}`;
