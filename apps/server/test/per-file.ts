/**
 * State of the test helpers that must start afresh with every test file. The server's test files share their
 * worker's modules (vitest.config.ts: isolate: false), so a helper module's top-level `let` would carry on from the
 * previous file; test/setup-file.ts, which vitest runs again before each file, resets every counter made here.
 */
const counters: { n: number }[] = [];

/** A counter from 1 that restarts with every test file (matter numbers in fixtures: 测督〔2026〕1号 …). */
export function perFileCounter(): { next(): number } {
  const c = { n: 0 };
  counters.push(c);
  return { next: () => ++c.n };
}

export function resetPerFileState(): void {
  for (const c of counters) c.n = 0;
}
