/**
 * `npm run icons`: renders resources/icon.svg (the one drawing) into what the installer and the window
 * use: icon.png (512 px; Linux, electron-builder's source) and icon.ico (16 to 256 px, each size
 * rendered from the vector rather than scaled from one bitmap, so the small ones stay sharp).
 * The outputs are committed; run this after changing the SVG.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngToIco from 'png-to-ico';
import sharp from 'sharp';

const resources = resolve(dirname(fileURLToPath(import.meta.url)), '../resources');
const svg = readFileSync(join(resources, 'icon.svg'));
/** Windows asks for these sizes (shell, taskbar, Start, Explorer views up to extra large). */
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256] as const;

const render = (edge: number) =>
  sharp(svg, { density: Math.ceil((72 * edge) / 256) * 2 })
    .resize(edge, edge)
    .png({ compressionLevel: 9 })
    .toBuffer();

writeFileSync(join(resources, 'icon.png'), await render(512));
writeFileSync(join(resources, 'icon.ico'), await pngToIco(await Promise.all(ICO_SIZES.map(render))));
console.log(`resources/icon.png (512 px) and resources/icon.ico (${ICO_SIZES.join(', ')} px) written`);
