/** One ISO-BMFF box: 32-bit size, type, body. */
function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, content]);
}

/** A full box: version and flags before the body. */
function fullBox(type: string, ...body: Buffer[]): Buffer {
  return box(type, Buffer.alloc(4), ...body);
}

/**
 * A HEIC file's container as an iPhone writes it (ftyp, meta with hdlr `pict`, pitm, iinf, iloc; mdat)
 * around `payload`, which this build cannot decode anyway (sharp's prebuilt libvips has no HEVC).
 */
export function heicContainer(payload: Buffer = Buffer.alloc(2000, 1)): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  const hdlr = fullBox('hdlr', Buffer.alloc(4), Buffer.from('pict', 'latin1'), Buffer.alloc(13));
  const pitm = fullBox('pitm', Buffer.from([0, 1]));
  const infe = fullBox('infe', Buffer.from([0, 1, 0, 0]), Buffer.from('hvc1\0', 'latin1'));
  const iinf = fullBox('iinf', Buffer.from([0, 1]), infe);
  const iloc = fullBox('iloc', Buffer.from([0x44, 0, 0, 0]));
  const meta = fullBox('meta', hdlr, pitm, iinf, iloc);
  return Buffer.concat([ftyp, meta, box('mdat', payload)]);
}

/** The same HEIC header with random-looking garbage behind it. */
export function garbageBehindHeicHeader(length = 2000): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  const junk = Buffer.alloc(length);
  for (let i = 0; i < length; i++) junk[i] = (i * 7919 + 13) & 0xff;
  return Buffer.concat([ftyp, junk]);
}
