import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../errors';
import { blobPath } from '../modules/attachments/attachment.storage';

/**
 * Photos from phones and the public (grid problems, citizens' reports): whatever arrives is decoded and written
 * anew as a plain JPEG, so no EXIF block (GPS position, phone model, owner name), no embedded thumbnail and no
 * trailing bytes survive. Only JPEG, PNG and WebP are decoded (HEIC/AVIF when the bundled libvips can; its HEIF
 * decoder reads AVIF, not the HEVC of iPhones' HEIC, which browsers convert to JPEG when uploading anyway).
 * The pixel count is read from the header and checked before any decoding, so a decompression bomb (a tiny file
 * claiming 100,000 × 100,000 pixels) is refused at once, and sharp's own limitInputPixels stays as the backstop.
 */
export type PhotoLimits = {
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** Largest width × height accepted (a 48-megapixel phone camera is 8000 × 6000). */
  maxPixels: number;
  /**
   * Longest edge kept as taken: a photo within it is stored at its own size (re-encoded, never resampled); a larger one
   * is halved (quartered, …) to the first size within it — see storedSize.
   */
  maxEdge: number;
  /** JPEG quality of the stored photo. */
  quality: number;
};

export const PHOTO_LIMITS: PhotoLimits = { maxBytes: 15 * 1024 * 1024, maxPixels: 50_000_000, maxEdge: 3264, quality: 82 };

/** The types a photo may arrive as (by content, never by name). */
export const PHOTO_INPUT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
};

/** A photo re-encoded without metadata, ready to store. */
export type CleanPhoto = { data: Buffer; mime: 'image/jpeg'; ext: 'jpg'; width: number; height: number; sourceMime: string };

// Decoded images are not kept in libvips' operation cache: each photo is seen once.
sharp.cache(false);

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The stored size of a `width` × `height` photo (issue 17, bench/photo-probe.ts): as taken when its longest edge is
 * within `maxEdge`, else divided by the smallest power of two that brings it within (an exact ½, ¼ …: a box average of
 * whole pixel blocks, no resampling filter; libjpeg decodes at ½ or ¼ directly when the factor allows). Resampling a
 * 5-megapixel photo by 1% to a fixed edge cost as much CPU as decoding it, for nothing a reader could see. With the
 * default 3,264 px (8 megapixels at 4:3): 5 and 8 MP photos stay as taken, 12 MP (4032 × 3024) is stored at
 * 2016 × 1512, 48 MP (8000 × 6000) at 2000 × 1500; a stored long edge is never below half the limit (1,632 px).
 */
export function storedSize(width: number, height: number, maxEdge: number): { width: number; height: number; factor: number } {
  let factor = 1;
  while (Math.max(width, height) / factor > maxEdge) factor *= 2;
  return { width: Math.max(1, Math.round(width / factor)), height: Math.max(1, Math.round(height / factor)), factor };
}

/** Checks what the bytes are, refuses bombs from the header, decodes and re-encodes them (EXIF and GPS dropped). */
export async function cleanPhoto(input: Buffer, limits: PhotoLimits = PHOTO_LIMITS): Promise<CleanPhoto> {
  if (input.length === 0) throw new AppError('photo_not_image', '照片为空：请重新拍照或选择照片');
  if (input.length > limits.maxBytes) throw new AppError('photo_too_large', `照片过大：单张不能超过 ${mb(limits.maxBytes)} MB，请压缩后重试`);
  const type = await fileTypeFromBuffer(input);
  const sourceMime = type ? PHOTO_INPUT_TYPES[type.ext] : undefined;
  if (!type || !sourceMime) {
    throw new AppError('photo_not_image', `所选文件不是照片${type ? `（识别为 ${type.ext.toUpperCase()}）` : ''}：请拍照，或选择 JPG、PNG、WebP 格式的图片`);
  }
  const open = (limitInputPixels: number | false) => sharp(input, { limitInputPixels, failOn: 'truncated', sequentialRead: true, animated: false });
  let meta: Metadata;
  try {
    // The header only: nothing is decoded yet, so the size it claims can be checked and named.
    meta = await open(false).metadata();
  } catch {
    throw undecodable(type.ext);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw undecodable(type.ext);
  if (width * height > limits.maxPixels) {
    throw new AppError('photo_too_many_pixels', `照片像素过多（${width}×${height}）：请使用不超过 ${Math.round(limits.maxPixels / 1_000_000)} 百万像素的照片`);
  }
  try {
    const pipeline = open(limits.maxPixels).rotate(); // applies the EXIF orientation before the EXIF block is dropped
    const size = storedSize(width, height, limits.maxEdge);
    // `fill` to the exact whole fraction (orientation-proof: the EXIF orientation may swap the axes after the resize).
    const turned = (meta.orientation ?? 1) >= 5;
    if (size.factor > 1) pipeline.resize({ width: turned ? size.height : size.width, height: turned ? size.width : size.height, fit: 'fill' });
    // Speed (issue 17, bench/citizens.ts): transparency is flattened only where there is some (a JPEG has none, and
    // the pass costs ~10 ms of a 5-megapixel photo), and the Huffman tables are libjpeg's standard ones rather than
    // optimised per photo (a second pass over the coefficients: ~20 ms for ~7% smaller files).
    if (meta.hasAlpha) pipeline.flatten({ background: '#ffffff' });
    const { data, info } = await pipeline.jpeg({ quality: limits.quality, optimiseCoding: false }).toBuffer({ resolveWithObject: true });
    return { data, mime: 'image/jpeg', ext: 'jpg', width: info.width, height: info.height, sourceMime };
  } catch {
    throw undecodable(type.ext);
  }
}

function undecodable(ext: string): AppError {
  if (ext === 'heic' || ext === 'avif') {
    return new AppError('photo_unsupported', '暂不支持该照片格式（HEIC/HEIF）：请在手机相机设置中选择“兼容性最佳”，或改用 JPG 照片');
  }
  return new AppError('photo_damaged', '照片文件已损坏或不完整，无法读取：请重新拍照或选择照片');
}

/** Reads an uploaded photo into memory, refusing it as soon as it passes `maxBytes` (photos are small; the cap keeps them so). */
export async function readPhotoUpload(stream: Readable & { truncated?: boolean }, maxBytes: number = PHOTO_LIMITS.maxBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > maxBytes) {
        stream.destroy();
        break;
      }
      chunks.push(b);
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE') size = maxBytes + 1;
    else throw new AppError('bad_request', '照片上传中断，请重试');
  }
  if (size > maxBytes || stream.truncated) throw new AppError('photo_too_large', `照片过大：单张不能超过 ${mb(maxBytes)} MB，请压缩后重试`);
  return Buffer.concat(chunks);
}

/** Writes a cleaned photo to the attachments' content address (same bytes, one copy) and returns its digest and size. */
export async function storePhotoBlob(filesDir: string, photo: CleanPhoto): Promise<{ sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(photo.data).digest('hex');
  const dest = blobPath(filesDir, sha256);
  if (!fs.existsSync(dest)) {
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    const tmp = path.join(path.dirname(dest), `.${randomUUID()}`);
    await fs.promises.writeFile(tmp, photo.data);
    await fs.promises.rename(tmp, dest);
  }
  return { sha256, size: photo.data.length };
}
