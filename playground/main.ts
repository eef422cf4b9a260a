import fs from 'node:fs';
import path from 'node:path';
import { CliError, parseCli, resetData, saveClock, startTime, USAGE, type Args } from './cli.js';
import { interactive } from './interactive.js';
import { runScript } from './script.js';
import { Playground } from './session.js';

// npm run playground [-- --script <file>] — see USAGE in cli.ts and the README, "Try it without Discord".

function fail(message: string): never {
  console.error(`playground: ${message}`);
  process.exit(2);
}

function readScript(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read the script ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  let parsed: Args | 'help';
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) fail(error.message);
    throw error;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const args = parsed;
  const script = args.script === undefined ? undefined : readScript(args.script);
  if (args.persistent) {
    if (args.reset) resetData(args.databasePath);
    fs.mkdirSync(path.dirname(path.resolve(args.databasePath)), { recursive: true });
  }
  let playground: Playground;
  try {
    playground = await Playground.start({
      databasePath: args.databasePath,
      start: startTime(args),
      zone: args.zone,
      logLevel: args.logLevel,
      enforceDeadline: args.enforceDeadline,
      formsAskedByField: args.script === undefined,
      imagesDir: args.imagesDir,
      print: (line) => console.log(line),
    });
  } catch (error) {
    fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  let code = 0;
  try {
    if (script !== undefined) {
      const result = await runScript(playground, script, (line) => console.log(line));
      code = result.ok ? 0 : 1;
      if (!result.ok)
        console.error(`playground: ${args.script ?? ''}:${result.line ?? 0}: ${result.error ?? ''}`);
    } else {
      await interactive(playground, args);
    }
  } finally {
    saveClock(args, playground.clock.now());
    await playground.close();
  }
  process.exit(code);
}

void main();
