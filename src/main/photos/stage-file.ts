import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PhotoMimeType } from '../../shared/entities/photo.js';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { sentence } from '../../shared/i18n/officer-error.js';
import { SNIFF_BYTES, sniffImageType } from '../../shared/photos/sniff-image-type.js';
import { retryingFs } from '../fs/retry-fs.js';
import { fileErrorReason } from './file-error-reason.js';
import { isReadableHeif } from './heif-container.js';
import type { SkipReason } from './import-report.js';

/** What the officer reads about a file staging refused (one place, for translation). */
export const STAGE_TEXT = {
  heicDamaged: text('photo-import:skip.heicDamaged'),
} as const;

/** A file copied into the staging folder, hashed on the way. */
export interface StagedFile {
  readonly sha256: string;
  readonly size: number;
  readonly mimeType: PhotoMimeType;
  /** The copy in the staging folder. */
  readonly stagedPath: string;
}

export type StageResult =
  | { readonly ok: true; readonly value: StagedFile }
  /** `code`: the system's error code when reading failed (the scan tells a pulled card by it). */
  | {
      readonly ok: false;
      readonly reason: SkipReason;
      readonly message: string;
      readonly text?: LocalizedText;
      readonly code?: string;
    };

export interface StageOptions {
  readonly maxBytes: number;
  readonly stagingDir: string;
  /** Called with each chunk's length as it is hashed (scan progress). */
  readonly onBytes?: (n: number) => void;
}

/**
 * Recognises the file by its first bytes, then copies it into the staging folder while hashing it
 * (SHA-256, streamed: never the whole file in memory). The copy is what gets uploaded, so a card pulled
 * out after import loses nothing. A read that fails halfway (card removed) leaves no partial copy.
 */
export async function stageFile(path: string, options: StageOptions): Promise<StageResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size === 0) return { ok: false, reason: 'empty', ...sentence(text('photo-import:skip.empty')) };
    if (size > options.maxBytes) {
      return {
        ok: false,
        reason: 'too-large',
        ...sentence(
          text('photo-import:skip.tooLarge', { size: { fileSize: size }, limit: { fileSize: options.maxBytes } }),
        ),
      };
    }
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const mimeType = sniffImageType(head.subarray(0, bytesRead));
    if (!mimeType) return { ok: false, reason: 'not-an-image', ...sentence(text('photo-import:skip.notAnImage')) };
    if (mimeType === 'image/heic') {
      const file = handle;
      const readAt = async (position: number, length: number) => {
        const bytes = Buffer.alloc(length);
        const { bytesRead } = await file.read(bytes, 0, length, position);
        return bytes.subarray(0, bytesRead);
      };
      if (!(await isReadableHeif(readAt, size))) {
        return { ok: false, reason: 'not-an-image', ...sentence(STAGE_TEXT.heicDamaged) };
      }
    }

    const stagedPath = join(options.stagingDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let copied = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        copied += chunk.length;
        options.onBytes?.(chunk.length);
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        createReadStream('', { fd: handle, start: 0, autoClose: false }),
        tap,
        createWriteStream(stagedPath),
      );
    } catch (error) {
      // Best effort: a partial copy an antivirus holds is swept from staging later.
      await retryingFs.rm(stagedPath, { force: true }).catch(() => undefined);
      throw error;
    }
    if (copied !== size) {
      await retryingFs.rm(stagedPath, { force: true }).catch(() => undefined);
      return {
        ok: false,
        reason: 'removed',
        ...sentence(text('photo-import:skip.changedSize', { size, copied })),
      };
    }
    return { ok: true, value: { sha256: hash.digest('hex'), size, mimeType, stagedPath } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return { ok: false, ...fileErrorReason(error, 'file'), ...(code ? { code } : {}) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
