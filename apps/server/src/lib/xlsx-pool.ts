import { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { workbookTooLarge } from './xlsx-archive';
import type { ParsedWorkbook } from './xlsx-parse';
import type { WorkerReply, WorkerRequest } from './xlsx.worker';

/**
 * Uploaded workbooks are checked and parsed in worker threads, so one large import never stalls other
 * people's requests: at most MAX_WORKERS parse at once (the rest queue), each with its own heap cap.
 * A worker is kept a while for the next import, and never keeps the process alive.
 */
export const IMPORT_POOL = { maxWorkers: 2, idleMs: 30_000, maxHeapMb: 1024 };

type Job = { req: WorkerRequest; resolve: (wb: ParsedWorkbook) => void; reject: (err: unknown) => void };
type Slot = { worker: Worker; job: Job | null; idle?: NodeJS.Timeout };

const slots: Slot[] = [];
const queue: Job[] = [];

/** Checks and parses `buffer` in an import worker; rejects with the same AppError the check or parse threw. */
export function parseInWorker(buffer: Buffer, expectSheet?: string): Promise<ParsedWorkbook> {
  return new Promise((resolve, reject) => {
    // A copy of our own, handed over (transferred) to the worker rather than copied again.
    queue.push({ req: { buffer: new Uint8Array(buffer), expectSheet }, resolve, reject });
    pump();
  });
}

/** How many uploads are being checked and parsed in workers right now (not counting the queue). */
export const importsParsing = (): number => slots.filter((s) => s.job).length;

function pump(): void {
  while (queue.length) {
    const slot = slots.find((s) => !s.job) ?? (slots.length < IMPORT_POOL.maxWorkers ? spawn() : null);
    if (!slot) return;
    const job = queue.shift()!;
    slot.job = job;
    clearTimeout(slot.idle);
    slot.worker.ref();
    slot.worker.postMessage(job.req, [job.req.buffer.buffer as ArrayBuffer]);
  }
}

function spawn(): Slot {
  // The .mjs entry loads the TypeScript worker through tsx, under node, the CLI and vitest alike.
  const worker = new Worker(new URL('./xlsx.worker.mjs', import.meta.url), {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: IMPORT_POOL.maxHeapMb },
  });
  const slot: Slot = { worker, job: null };
  slots.push(slot);
  worker.on('message', (reply: WorkerReply) => {
    const job = slot.job;
    slot.job = null;
    if (job) settle(job, reply);
    worker.unref();
    slot.idle = setTimeout(() => void worker.terminate(), IMPORT_POOL.idleMs).unref();
    pump();
  });
  const gone = (err: Error & { code?: string }) => {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    clearTimeout(slot.idle);
    const job = slot.job;
    slot.job = null;
    // A workbook that needs more than the worker's heap is as much too large as a zip bomb.
    if (job) job.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? workbookTooLarge() : err);
    pump();
  };
  worker.on('error', gone);
  worker.on('exit', (code) => gone(new Error(`import worker exited (${code})`)));
  return slot;
}

function settle(job: Job, reply: WorkerReply): void {
  if (reply.ok) job.resolve(reply.workbook);
  else if ('error' in reply) job.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
  else job.reject(new Error(`import worker: ${reply.unexpected}`));
}
