import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { cleanPhoto, PHOTO_LIMITS } from './photo';

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

  it('accepts PNG and WebP (alpha flattened) and scales large photos down to the longest edge', async () => {
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await cleanPhoto(png);
    expect(out.sourceMime).toBe('image/png');
    expect(Math.max(out.width, out.height)).toBe(PHOTO_LIMITS.maxEdge);
    const webp = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).webp().toBuffer();
    expect((await cleanPhoto(webp)).sourceMime).toBe('image/webp');
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
