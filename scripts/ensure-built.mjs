// Builds dist/ when it is missing or older than the sources, so `npm start` always runs current code.
// In the Docker image the sources are absent and dist/ is prebuilt, so this does nothing there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'dist', 'src', 'index.js');
const sourceDirs = ['src', 'commands'].map((dir) => path.join(root, dir)).filter((dir) => fs.existsSync(dir));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const stale = sourceDirs.some((dir) => newestMtime(dir) > builtAt);
if (stale && sourceDirs.length > 0) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // tsc skips unchanged outputs; touch the marker so the next start does not rebuild.
  const now = new Date();
  fs.utimesSync(marker, now, now);
}
