// `npm run dev`: the server (restarts on change) and Vite (hot reload) together; open http://localhost:5173.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(new URL('.', import.meta.url).pathname, '..');
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', path.join(root, 'apps/server/src/main.ts')], { cwd: root, stdio: 'inherit' }),
  // Vite itself (not through npx), so stopping dev stops it too rather than leaving it orphaned on :5173.
  spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), '--config', path.join(root, 'apps/web/vite.config.ts')], { cwd: path.join(root, 'apps/web'), stdio: 'inherit' }),
];
console.log(`\n  dev: web at http://localhost:5173 (hot reload), API on :${process.env.PORT || 3000}\n`);
const stop = (sig) => children.forEach((c) => c.kill(sig));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
children.forEach((c) => c.on('exit', (code) => {
  stop('SIGTERM');
  process.exit(code ?? 0);
}));
