import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fmtCpu, parseProcStat, perOp, processCpuMs, totalCpu } from './cpu';

// A real line (a PostgreSQL backend) with its fields as proc(5) numbers them.
const BACKEND = '4242 (postgres) S 812 812 812 0 -1 4194560 2139 0 0 0 1234 567 8 9 20 0 1 0 51234 229384192 3042 18446744073709551615 1 1 0 0 0 0 4194304 19935232 84487 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads utime, stime, cutime and cstime (fields 14-17)', () => {
    expect(parseProcStat(BACKEND)).toEqual({ utime: 1234, stime: 567, cutime: 8, cstime: 9 });
  });

  it('counts fields from the last ")" so a command name with spaces and parentheses does not shift them', () => {
    const line = BACKEND.replace('(postgres)', '(node (worker) x y)');
    expect(parseProcStat(line)).toEqual({ utime: 1234, stime: 567, cutime: 8, cstime: 9 });
  });

  it('tolerates a trailing newline', () => {
    expect(parseProcStat(`${BACKEND}\n`).stime).toBe(567);
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseProcStat('no parentheses here')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1 2')).toThrow(/field 14/);
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('parses this process\'s own line', () => {
    const t = parseProcStat(fs.readFileSync('/proc/self/stat', 'utf8'));
    expect(t.utime).toBeGreaterThanOrEqual(0);
    expect(processCpuMs(process.pid)).toBeGreaterThanOrEqual(0);
  });

  it('gives NaN for a process that does not exist', () => {
    expect(processCpuMs(2 ** 31 - 1)).toBeNaN();
  });
});

describe('CPU per operation', () => {
  it('divides what was spent by the operations and formats each side', () => {
    const c = perOp({ serverMs: 500, pgMs: 250, benchMs: 100, pgBackends: 4 }, 1000);
    expect(c).toEqual({ serverMs: 0.5, pgMs: 0.25, benchMs: 0.1, ops: 1000 });
    expect(fmtCpu(c, 'server')).toBe('server 0.50 + PG 0.25 ms/op');
    expect(fmtCpu(c, 'node', 'matter')).toBe('Node 0.10 + PG 0.25 ms/matter');
    expect(fmtCpu(c, 'pg', 'tx')).toBe('PG 0.25 ms/tx');
    expect(totalCpu(c, 'server')).toBe(0.75);
    expect(totalCpu(c, 'pg')).toBe(0.25);
  });

  it('says nothing per operation when there were none', () => {
    const c = perOp({ serverMs: 10, pgMs: 10, benchMs: 0, pgBackends: 1 }, 0);
    expect(fmtCpu(c, 'server')).toBe('server – + PG – ms/op');
    expect(fmtCpu(undefined, 'server')).toBe('–');
  });
});
