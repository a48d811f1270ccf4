import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { cleanPhoto, PHOTO_LIMITS, storedSize } from './photo';

const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .withExif({ IFD0: { Make: 'PhoneCo', Artist: '张三' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 38/1 0/1' } })
    .jpeg()
    .toBuffer();

/** A PNG whose header claims `w` × `h` pixels, with a few bytes of data: what a decompression bomb looks like up front. */
function pngClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe('cleanPhoto', () => {
  it('re-encodes a JPEG as JPEG without its EXIF block (GPS, make, artist)', async () => {
    const input = await jpegWithGps();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await cleanPhoto(input);
    expect(out.mime).toBe('image/jpeg');
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(out.data.includes(Buffer.from('PhoneCo'))).toBe(false);
    expect([out.width, out.height]).toEqual([64, 48]);
  });

  it('accepts PNG and WebP (alpha flattened) and halves large photos until within the longest edge', async () => {
    const png = await sharp({ create: { width: 7000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await cleanPhoto(png);
    expect(out.sourceMime).toBe('image/png');
    expect([out.width, out.height]).toEqual([1750, 250]);
    const white = await sharp(out.data).stats();
    expect(white.channels[0]?.mean).toBe(255);
    const webp = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).webp().toBuffer();
    expect((await cleanPhoto(webp)).sourceMime).toBe('image/webp');
  });

  it('stores a photo within the longest edge as taken and halves a larger one (never below half the limit)', () => {
    expect(PHOTO_LIMITS.maxEdge).toBe(3264);
    expect(storedSize(2592, 1944, 3264)).toEqual({ width: 2592, height: 1944, factor: 1 }); // 5 MP: as taken
    expect(storedSize(3264, 2448, 3264)).toEqual({ width: 3264, height: 2448, factor: 1 }); // 8 MP: as taken
    expect(storedSize(4032, 3024, 3264)).toEqual({ width: 2016, height: 1512, factor: 2 }); // 12 MP
    expect(storedSize(8000, 6000, 3264)).toEqual({ width: 2000, height: 1500, factor: 4 }); // 48 MP
    expect(storedSize(3024, 4032, 3264)).toEqual({ width: 1512, height: 2016, factor: 2 }); // portrait
    for (const edge of [3265, 4000, 5000, 6528, 6529, 9000, 13000]) {
      const s = storedSize(edge, Math.round(edge * 0.75), 3264);
      expect(s.width).toBeLessThanOrEqual(3264);
      expect(s.width).toBeGreaterThanOrEqual(1632);
    }
  });

  it('re-encodes a large phone photo at the stored size, turned upright, with no EXIF or GPS left', async () => {
    // A 12-megapixel photo taken holding the phone upright: stored landscape pixels with EXIF orientation 6.
    const input = await sharp({ create: { width: 4032, height: 3024, channels: 3, background: '#58a' } })
      .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 38/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await cleanPhoto(input);
    expect([out.width, out.height]).toEqual([1512, 2016]);
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height]).toEqual([1512, 2016]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(out.data.includes(Buffer.from('PhoneCo'))).toBe(false);
    expect(out.data.includes(Buffer.from('GPS'))).toBe(false);
    // A 5-megapixel one is stored at its own size (re-encoded, not resampled).
    const five = await cleanPhoto(await sharp({ create: { width: 2592, height: 1944, channels: 3, background: '#a85' } }).withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1' } }).jpeg().toBuffer());
    expect([five.width, five.height]).toEqual([2592, 1944]);
    expect((await sharp(five.data).metadata()).exif).toBeUndefined();
  });

  it('refuses what is not a photo, naming what to do', async () => {
    expect(await codeOf(cleanPhoto(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n')))).toBe('photo_not_image');
    expect(await codeOf(cleanPhoto(Buffer.from('hello, this is text')))).toBe('photo_not_image');
    expect(await codeOf(cleanPhoto(Buffer.alloc(0)))).toBe('photo_not_image');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    await expect(cleanPhoto(gif)).rejects.toThrow(/不是照片（识别为 GIF）/);
  });

  it('refuses a decompression bomb from its header, before decoding anything', async () => {
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2000);
    await expect(cleanPhoto(bomb)).rejects.toThrow(/像素过多（100000×100000）/);
  });

  it('refuses a truncated photo and one over the size limit', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a33' } }).jpeg().toBuffer();
    expect(await codeOf(cleanPhoto(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe('photo_damaged');
    expect(await codeOf(cleanPhoto(jpeg, { ...PHOTO_LIMITS, maxBytes: 100 }))).toBe('photo_too_large');
  });
});
