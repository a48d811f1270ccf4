// `npx tsx bench/photo-probe.ts`: the CPU of each step of the photo re-encoding (lib/photo.ts) on a ~1 MB 5-megapixel
// photo like bench/citizens.ts sends; no server, no database. Used to choose what cleanPhoto skips.
import sharp from 'sharp';
sharp.cache(false);
const w = 2592, h = 1944;
const buf = Buffer.alloc(w * h * 3);
let s = 1;
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
  s = (s * 1103515245 + 12345) & 0x7fffffff;
  const n = ((s >> 16) % 21) - 10;
  const i = (y * w + x) * 3;
  const v = 128 + 60 * Math.sin(x / 97) * Math.cos(y / 131) + 30 * Math.sin((x + y) / 23);
  buf[i] = Math.max(0, Math.min(255, v + n)); buf[i + 1] = Math.max(0, Math.min(255, v * 0.8 + 20 * Math.sin(x / 7) + n)); buf[i + 2] = Math.max(0, Math.min(255, 255 - v + n));
}
const img = await sharp(buf, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
console.log('photo', img.length);
const time = async (label: string, fn: () => Promise<Buffer | unknown>, N = 12) => {
  const out = await fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(40), `CPU ${((c.user + c.system) / 1000 / N).toFixed(1)} ms`, Buffer.isBuffer(out) ? `${out.length} B` : '');
};
const open = () => sharp(img, { failOn: 'truncated', sequentialRead: true, limitInputPixels: 50_000_000 });
await time('metadata', () => open().metadata());
await time('decode', () => open().raw().toBuffer());
await time('now (rotate resize flatten jpeg q82)', () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer());
await time('no optimiseCoding', () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 82, optimiseCoding: false }).toBuffer());
await time('no resize, no optimiseCoding', () => open().rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 82, optimiseCoding: false }).toBuffer());
await time('no flatten, no optimiseCoding', () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82, optimiseCoding: false }).toBuffer());
for (const kernel of ['linear', 'mitchell', 'cubic', 'lanczos2'] as const)
  await time(`kernel ${kernel}, no flatten, no optimise`, () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true, kernel }).jpeg({ quality: 82, optimiseCoding: false }).toBuffer());
await time('kernel linear, no flatten, optimise', () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true, kernel: 'linear' }).jpeg({ quality: 82 }).toBuffer());
