// The import worker: checks and parses one uploaded workbook at a time off the main thread (lib/xlsx-pool.ts).
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors';
import { parseWorkbook } from './xlsx-parse';

export type WorkerRequest = { buffer: Uint8Array; expectSheet?: string };
export type WorkerReply =
  | { ok: true; workbook: Awaited<ReturnType<typeof parseWorkbook>> }
  | { ok: false; error: { code: AppError['code']; message: string; details?: unknown } }
  | { ok: false; unexpected: string };

parentPort?.on('message', (req: WorkerRequest) => {
  const buffer = Buffer.from(req.buffer.buffer, req.buffer.byteOffset, req.buffer.byteLength);
  parseWorkbook(buffer, req.expectSheet).then(
    (workbook) => parentPort?.postMessage({ ok: true, workbook } satisfies WorkerReply),
    (err: unknown) =>
      parentPort?.postMessage(
        (err instanceof AppError
          ? { ok: false, error: { code: err.code, message: err.message, details: err.details } }
          : { ok: false, unexpected: err instanceof Error ? err.message : String(err) }) satisfies WorkerReply,
      ),
  );
});
