import { resetPerFileState } from './per-file';

// Runs before every server test file, also when files share their worker's modules (see test/per-file.ts).
resetPerFileState();
