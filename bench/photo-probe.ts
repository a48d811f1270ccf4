// `npx tsx bench/photo-probe.ts`: the CPU of each step of the photo re-encoding (lib/photo.ts) on a ~1 MB 5-megapixel
// photo like bench/citizens.ts sends, and on a 12-megapixel one; no server, no database. Used to choose what
// cleanPhoto skips and the stored size policy (storedSize).
import sharp from 'sharp';
import { cleanPhoto } from '../apps/server/src/lib/photo';
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
const big = await sharp(buf, { raw: { width: w, height: h, channels: 3 } }).resize(4032, 3024).jpeg({ quality: 85 }).toBuffer();
console.log(`5 MP photo ${img.length} B, 12 MP photo ${big.length} B, libvips threads per image ${sharp.concurrency()}`);
const time = async (label: string, fn: () => Promise<Buffer | { data: Buffer; width: number; height: number } | unknown>, N = 10) => {
  const out = await fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0);
  const o = out as { data?: Buffer; width?: number; height?: number };
  const size = Buffer.isBuffer(out) ? `${out.length} B` : o?.data ? `${o.width}×${o.height} ${o.data.length} B` : '';
  console.log(label.padEnd(48), `CPU ${((c.user + c.system) / 1000 / N).toFixed(1)} ms`, size);
};
const jpeg = { quality: 82, optimiseCoding: false };
for (const [name, photo] of [['5 MP', img], ['12 MP', big]] as const) {
  const open = () => sharp(photo, { failOn: 'truncated', sequentialRead: true, limitInputPixels: 50_000_000 });
  await time(`${name} metadata (header only)`, () => open().metadata());
  await time(`${name} decode to raw (+ copying 15–36 MB out)`, () => open().raw().toBuffer());
  await time(`${name} decode + encode, no resize`, () => open().rotate().jpeg(jpeg).toBuffer());
  await time(`${name} resample to a 2,560 px edge (until 2026-12-07)`, () => open().rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true }).jpeg(jpeg).toBuffer());
  const half = name === '5 MP' ? { width: 1296, height: 972 } : { width: 2016, height: 1512 };
  await time(`${name} halve (box ½)`, () => open().rotate().resize({ ...half, fit: 'fill' }).jpeg(jpeg).toBuffer());
  await time(`${name} cleanPhoto (as stored now)`, () => cleanPhoto(photo));
}
