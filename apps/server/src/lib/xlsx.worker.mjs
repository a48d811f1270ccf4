// Entry of the import worker thread. Node does not load .ts in a worker by itself (whether the server runs
// under `node --import tsx`, the `duban` CLI or vitest), so tsx's loader brings in the TypeScript worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./xlsx.worker.ts', import.meta.url);
