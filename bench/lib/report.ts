import fs from 'node:fs';
import path from 'node:path';
import type { Row } from './context';
import type { Machine } from './machine';

export type BenchReport = { machine: Machine; dataset: string; command: string; ceilings: Record<string, string>; serverPeakMb: number; rows: Row[]; seconds: number; loadAtEnd?: string };

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** The results as Markdown: the machine, the ceilings measured first, then one line per workload. */
export function toMarkdown(r: BenchReport): string {
  const m = r.machine;
  return [
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB RAM, load average at start ${m.load}${r.loadAtEnd ? `, at end ${r.loadAtEnd}` : ''}; ` +
      `Node ${m.node}, ${m.postgres}, ${m.pgbench}. Dataset: ${r.dataset}. Command: \`${r.command}\` (${r.seconds.toFixed(0)} s).`,
    '',
    `Ceilings measured on the same box just before: ${Object.entries(r.ceilings).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
    '',
    '| workload | ours | ceiling | ratio | target | result | CPU per op: ours | CPU per op: ceiling |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.rows.map(
      (x) =>
        `| ${esc(x.workload)}${x.note ? ` — ${esc(x.note)}` : ''} | ${esc(x.ours)} | ${esc(x.ceiling)} | ${x.ratio} | ${esc(x.target)} | ${x.result} | ${esc(x.cpu ?? '–')} | ${esc(x.cpuCeiling ?? '–')} |`,
    ),
    '',
    'CPU per op: CPU time (user + system, from /proc/<pid>/stat) spent during the workload divided by its operations — ' +
      '"server" is the Duban server process, "Node" the bench process running a job in-process, "PG" the PostgreSQL backends ' +
      "connected to the workload's database (pg_stat_activity). A busy box moves it much less than the wall-clock ratios.",
    '',
    `Server peak memory (VmHWM of the server process over the whole run): ${r.serverPeakMb.toFixed(0)} MB.`,
  ].join('\n');
}

const BEGIN = '<!-- bench:latest:begin -->';
const END = '<!-- bench:latest:end -->';

/** Writes bench/results/<date>.{json,md} and, with `record`, the table into BENCHMARKS.md between its markers. */
export function saveReport(root: string, r: BenchReport, record: boolean): string {
  const dir = path.join(root, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = r.machine.date.replace(/[:.]/g, '-');
  const md = toMarkdown(r);
  fs.writeFileSync(path.join(dir, `${stamp}.json`), `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${stamp}.md`), `${md}\n`);
  if (record) {
    const doc = path.join(root, 'BENCHMARKS.md');
    const text = fs.readFileSync(doc, 'utf8');
    const a = text.indexOf(BEGIN);
    const b = text.indexOf(END);
    if (a >= 0 && b > a) fs.writeFileSync(doc, `${text.slice(0, a + BEGIN.length)}\n${md}\n${text.slice(b)}`);
  }
  return md;
}
