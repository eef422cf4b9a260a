import type { Playground } from './session.js';

/**
 * Scripts start here (a Monday, 10:00 UTC) unless --start says otherwise, so a script prints the same
 * transcript on every run.
 */
export const SCRIPT_START = new Date('2026-11-16T10:00:00Z');

export interface ScriptResult {
  ok: boolean;
  /** 1-based line that failed. */
  line?: number;
  error?: string;
}

/**
 * Runs a playground script: one line per command, `#` comments (echoed, so the transcript reads as a story),
 * blank lines kept. Stops at the first line that cannot be done, or where the bot failed (its generic error,
 * no answer in time, an answer Discord refused), and says which.
 */
export async function runScript(
  playground: Playground,
  text: string,
  print: (line: string) => void,
): Promise<ScriptResult> {
  await playground.catchUp();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') {
      print('');
      continue;
    }
    if (line.startsWith('#')) {
      print(line);
      continue;
    }
    if (!line.startsWith('expect ')) print(`${playground.prompt()}${line}`);
    const problemsBefore = playground.botProblems.length;
    try {
      const outcome = await playground.execute(line);
      if (outcome === 'quit') return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      print(`✗ line ${index + 1}: ${line}`);
      print(`  ${message}`);
      return { ok: false, line: index + 1, error: message };
    }
    const problem = playground.botProblems.slice(problemsBefore).at(-1);
    if (problem !== undefined) {
      print(`✗ line ${index + 1}: ${line}`);
      print(`  ${problem}`);
      return { ok: false, line: index + 1, error: problem };
    }
  }
  return { ok: true };
}
