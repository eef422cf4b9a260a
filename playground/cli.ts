import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigSchema, type Config } from '../src/config.js';
import { MINUTE_MS } from '../src/domain/time/duration.js';
import { isValidZone } from '../src/domain/time/zones.js';
import { SCRIPT_START } from './script.js';

// Command-line options, and the virtual clock kept next to the database between sessions.

export const USAGE = `Stepwise playground: the real bot against a local fake Discord, no token needed.

  npm run playground                      interactive (type help)
  npm run playground -- --script <file>   run a script, print the transcript (e.g. playground/sample.play)

Options:
  --memory          keep nothing: an in-memory database (the default for --script)
  --db <file>       the SQLite file (default data/playground.sqlite, kept between runs)
  --reset           delete that file first, start over
  --start <time>    where the virtual clock starts, e.g. 2026-11-16T08:00Z (default: where the last
                    session left it, else now; --script: Monday 16 November 2026 10:00 UTC)
  --zone <zone>     show times in this IANA zone (default UTC)
  --log <level>     print the bot's JSON logs at this level to stderr (default silent)
  --no-deadline     do not enforce Discord's 3-second answer deadline
  --images <dir>    where images the bot sends (charts) are written (default data/playground-images)
`;

export const DEFAULT_DB = 'data/playground.sqlite';
export const DEFAULT_IMAGES_DIR = 'data/playground-images';

export interface Args {
  script?: string;
  databasePath: string;
  persistent: boolean;
  reset: boolean;
  start?: Date;
  zone: string;
  logLevel: Config['LOG_LEVEL'];
  enforceDeadline: boolean;
  imagesDir: string;
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

const fail = (message: string): never => {
  throw new CliError(message);
};

/** Parses the arguments; `'help'` when --help was asked. Throws CliError with a message for the user. */
export function parseCli(argv: string[]): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        script: { type: 'string' },
        memory: { type: 'boolean' },
        db: { type: 'string' },
        reset: { type: 'boolean' },
        start: { type: 'string' },
        zone: { type: 'string' },
        log: { type: 'string' },
        'no-deadline': { type: 'boolean' },
        images: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.memory && v.db) fail('--memory and --db exclude each other');
  // A script should give the same transcript every time: it starts from nothing unless --db says otherwise.
  const memory = v.memory === true || (v.script !== undefined && v.db === undefined);
  const start = v.start === undefined ? undefined : new Date(v.start);
  if (start && Number.isNaN(start.getTime()))
    fail(`--start: "${v.start}" is not a date such as 2026-11-16T08:00Z`);
  const zone = v.zone ?? 'UTC';
  if (!isValidZone(zone)) fail(`--zone: "${zone}" is not an IANA time zone such as Europe/Paris`);
  const level = ConfigSchema.shape.LOG_LEVEL.safeParse(v.log ?? 'silent');
  if (!level.success) fail('--log: use fatal, error, warn, info, debug, trace or silent');
  return {
    ...(v.script !== undefined ? { script: v.script } : {}),
    databasePath: memory ? ':memory:' : (v.db ?? DEFAULT_DB),
    persistent: !memory,
    reset: v.reset === true,
    ...(start ? { start } : {}),
    zone,
    logLevel: level.data ?? 'silent',
    enforceDeadline: v['no-deadline'] !== true,
    imagesDir: v.images ?? DEFAULT_IMAGES_DIR,
  };
}

/** The virtual clock is kept next to the database, so a kept world carries on where it was left. */
export const clockFile = (databasePath: string) => `${databasePath}-clock`;

export function startTime(args: Args): Date {
  if (args.start) return args.start;
  if (args.script !== undefined && !args.persistent) return SCRIPT_START;
  const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  if (!args.persistent) return new Date(now);
  try {
    const saved = Date.parse(fs.readFileSync(clockFile(args.databasePath), 'utf8').trim());
    // The kept world carries on at its own time, however long ago the last session was.
    return new Date(Number.isNaN(saved) ? now : saved);
  } catch {
    return new Date(now);
  }
}

export function saveClock(args: Args, now: Date): void {
  if (!args.persistent) return;
  fs.writeFileSync(clockFile(args.databasePath), `${now.toISOString()}\n`);
}

export function resetData(databasePath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '-clock'])
    fs.rmSync(`${databasePath}${suffix}`, { force: true });
}
