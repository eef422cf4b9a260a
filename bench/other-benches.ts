import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, trackChild } from './child.js';

/** The other benches in bench/, each in its own process with its own output, after ours. */
const OTHER_BENCHES = [
  { file: 'pairing.bench.ts', args: [], title: 'Interview pairing' },
  // 500 members keeps the round (paced by the emulated 50 requests/s global limit) near 10 s.
  { file: 'checkin-round.ts', args: ['500'], title: 'Weekly check-in round' },
];

function runOtherBench(file: string, args: readonly string[]): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', file), ...args],
      {
        cwd: PROJECT_ROOT,
        stdio: 'inherit',
      },
    );
    trackChild(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
    child.on('error', () => resolve(1));
  });
}

/** Returns the benches that failed. */
export async function runOtherBenches(): Promise<string[]> {
  const failed: string[] = [];
  let section = 5;
  for (const bench of OTHER_BENCHES) {
    const heading = `\n## ${section++}. ${bench.title} (${['bench/' + bench.file, ...bench.args].join(' ')}, its own process)`;
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'bench', bench.file))) {
      console.log(`${heading}: not found, skipped`);
      continue;
    }
    console.log(heading);
    const code = await runOtherBench(bench.file, bench.args);
    if (code !== 0) failed.push(`${bench.file} exited with ${code}`);
  }
  return failed;
}
