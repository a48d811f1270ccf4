#!/usr/bin/env node
// `node scripts/npm-audit.mjs`: the production dependencies (npm audit --omit=dev) must have no high or critical
// advisory, unless audit-waivers.json waives it (advisory id or URL, the package, why, and until when; an expired
// waiver no longer counts). Exit 0 clean, 1 on an unwaived finding, 3 when the registry's audit service cannot be
// reached (nothing was checked: .ci/run says so and goes on). `--report FILE` reads a saved `npm audit --json`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SERIOUS = new Set(['high', 'critical']);

function readReport() {
  const i = process.argv.indexOf('--report');
  if (i > 0) return JSON.parse(fs.readFileSync(process.argv[i + 1], 'utf8'));
  let out;
  try {
    out = execFileSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    out = err.stdout ?? ''; // npm audit exits 1 when it finds anything: the report is still on stdout
  }
  try {
    return JSON.parse(out);
  } catch {
    return { error: { summary: 'no JSON from npm audit' } };
  }
}

const report = readReport();
if (report.error || !report.vulnerabilities) {
  console.log(`npm audit: the audit service could not be reached (${report.error?.summary || report.error?.code || report.message || 'no report'}); nothing was checked`);
  process.exit(3);
}
const waivers = JSON.parse(fs.readFileSync(path.join(root, 'audit-waivers.json'), 'utf8')).waivers;
const today = new Date().toISOString().slice(0, 10);
const waived = (pkg, advisory) =>
  waivers.find((w) => w.package === pkg && (w.advisory === String(advisory.source) || w.advisory === advisory.url || advisory.url?.endsWith(`/${w.advisory}`)) && w.until >= today);

const findings = [];
for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
  for (const via of v.via) {
    if (typeof via !== 'object' || !SERIOUS.has(via.severity)) continue; // a string names the dependency it comes through
    const w = waived(pkg, via);
    findings.push({ pkg, severity: via.severity, title: via.title, url: via.url, waiver: w ? `${w.reason} (until ${w.until})` : null });
  }
}
for (const f of findings) console.log(`${f.waiver ? 'waived ' : 'FOUND  '} ${f.severity.padEnd(8)} ${f.pkg}: ${f.title} ${f.url ?? ''}${f.waiver ? ` — ${f.waiver}` : ''}`);
const open = findings.filter((f) => !f.waiver);
const m = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit --omit=dev: ${m.critical ?? 0} critical, ${m.high ?? 0} high, ${m.moderate ?? 0} moderate, ${m.low ?? 0} low; ${open.length} high/critical not waived`);
process.exit(open.length ? 1 : 0);
