// `npm start`: builds the web app when its sources are newer than the build, then runs the server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('.', import.meta.url).pathname, '..');
const dist = path.join(root, 'apps/web/dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

const sources = [path.join(root, 'apps/web/src'), path.join(root, 'packages/shared/src'), path.join(root, 'apps/web/public')];
const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
const stale = Math.max(...sources.map(newest), fs.statSync(path.join(root, 'apps/web/index.html')).mtimeMs) > built;
if (stale) {
  console.log('building the web app …');
  const r = spawnSync('npm', ['run', 'build', '-w', '@duban/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], { cwd: process.cwd(), stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
