/** Reads `length` bytes of a file from `position` (fewer at its end). */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

/** Top-level boxes looked at before giving up on finding `meta` (real files have it second or third). */
const MAX_TOP_BOXES = 64;
/** Largest `meta` box read whole: real ones are a few KB (Exif and thumbnails live in `mdat`). */
const MAX_META_BYTES = 4 * 1024 * 1024;

/**
 * Whether a file that starts like HEIC is a HEIF container an image reader can open: its top-level
 * boxes chain up inside the file, the first is `ftyp`, and a `meta` box holds the picture handler
 * (`hdlr` of type `pict`), the item list (`iinf`) and the item locations (`iloc`). Garbage behind a HEIC
 * header fails this, so it is reported "not a photo" instead of being imported and uploaded.
 */
export async function isReadableHeif(readAt: ReadAt, size: number): Promise<boolean> {
  let position = 0;
  for (let n = 0; n < MAX_TOP_BOXES && position + 8 <= size; n++) {
    const box = await boxAt(readAt, position, size);
    if (!box || (n === 0 && box.type !== 'ftyp')) return false;
    if (box.type === 'meta') {
      if (box.size > MAX_META_BYTES) return false;
      const body = await readAt(position + box.header, box.size - box.header);
      return body.length === box.size - box.header && metaIsReadable(body);
    }
    position += box.size;
  }
  return false;
}

interface Box {
  readonly type: string;
  readonly size: number;
  readonly header: number;
}

async function boxAt(readAt: ReadAt, position: number, fileSize: number): Promise<Box | null> {
  const head = await readAt(position, 16);
  if (head.length < 8) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const size32 = view.getUint32(0);
  const type = ascii(head, 4, 8);
  let size = size32;
  let header = 8;
  if (size32 === 1) {
    if (head.length < 16) return null;
    size = Number(view.getBigUint64(8));
    header = 16;
  } else if (size32 === 0) size = fileSize - position;
  if (!/^[\x20-\x7e]{4}$/.test(type) || size < header || position + size > fileSize) return null;
  return { type, size, header };
}

/** `meta` is a full box (4 bytes of version and flags) whose children must chain up exactly. */
function metaIsReadable(body: Uint8Array): boolean {
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  const seen = new Set<string>();
  let handler = '';
  let at = 4;
  while (at + 8 <= body.length) {
    const size = view.getUint32(at);
    const type = ascii(body, at + 4, at + 8);
    if (size < 8 || at + size > body.length) return false;
    // hdlr: full box header (4), pre_defined (4), then the handler type.
    if (type === 'hdlr' && size >= 20) handler = ascii(body, at + 16, at + 20);
    seen.add(type);
    at += size;
  }
  return at === body.length && handler === 'pict' && seen.has('iinf') && seen.has('iloc');
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
