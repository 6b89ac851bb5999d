/**
 * What the photo pipeline logs through: the app passes its scoped logger (electron-log in the shell),
 * the default is silent. Structural, so the pipeline never imports the app's logging.
 */
export interface PhotoLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export const silentPhotoLogger: PhotoLogger = { info: () => {}, warn: () => {} };
