import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../errors';

/** What the bytes turned out to be, whatever the name or the claimed type said. */
export type StoredFile = { sha256: string; size: number; mime: string; ext: string };

const OLE_EXT: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

/** Kinds of content we keep: photos, PDF and Office documents. */
export const ALLOWED_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ...OLE_EXT,
};

/** Where a file with this digest lives: content-addressed, two levels of fan-out. */
export function blobPath(filesDir: string, sha256: string): string {
  return path.join(filesDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

async function sniff(file: string, fileName: string): Promise<{ ext: string; mime: string } | null> {
  const type = await fileTypeFromFile(file);
  if (!type) return null;
  // .doc and .xls are OLE compound files; the container cannot tell them apart, the name can.
  if (type.ext === 'cfb') {
    const ext = path.extname(fileName).slice(1).toLowerCase();
    const mime = OLE_EXT[ext];
    return mime ? { ext, mime } : null;
  }
  const mime = ALLOWED_TYPES[type.ext];
  return mime ? { ext: type.ext, mime } : null;
}

/**
 * Streams an upload to disk while hashing it (never whole in memory), checks the size limit and
 * what the content really is, then moves it to its content address. Same bytes, one copy.
 */
export async function storeUpload(filesDir: string, stream: Readable & { truncated?: boolean }, fileName: string, maxBytes: number): Promise<StoredFile> {
  const tmpDir = path.join(filesDir, 'tmp');
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    try {
      await pipeline(stream, meter, fs.createWriteStream(tmp));
    } catch (err) {
      if (stream.truncated || (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE')) throw tooLarge(maxBytes);
      throw new AppError('bad_request', '文件上传中断，请重试');
    }
    if (stream.truncated || size > maxBytes) throw tooLarge(maxBytes);
    if (size === 0) throw new AppError('bad_request', '文件为空');
    const type = await sniff(tmp, fileName);
    if (!type) {
      throw new AppError('unsupported_media_type', '不支持的文件类型：只能上传图片（JPG/PNG/WebP/HEIC）、PDF 或 Office 文档（Word/Excel/PowerPoint），文件内容须与类型一致');
    }
    const sha256 = hash.digest('hex');
    const dest = blobPath(filesDir, sha256);
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    if (fs.existsSync(dest)) await fs.promises.rm(tmp, { force: true });
    else await fs.promises.rename(tmp, dest);
    return { sha256, size, ...type };
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('file_too_large', `文件过大：单个文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`);
}
