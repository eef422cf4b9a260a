import readline from 'node:readline';
import { ParseError } from './commands.js';
import type { Args } from './cli.js';
import { saveClock } from './cli.js';
import { describeField, formatClock } from './render.js';
import { fieldProblem } from './drive.js';
import { PlaygroundError } from './errors.js';
import { type Playground, SAMPLE_SERVER } from './session.js';
import { completeSlash } from './slash.js';

// The interactive terminal: readline with history (↑/↓) and Tab completion, forms asked field by field.

/** Lines from readline, one at a time, with a prompt per request (works for a terminal and for a pipe). */
class LineReader {
  readonly #buffer: string[] = [];
  #waiting: ((line: string | undefined) => void) | undefined;
  #closed = false;

  constructor(private readonly rl: readline.Interface) {
    rl.on('line', (line) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting(line);
      else this.#buffer.push(line);
    });
    rl.on('close', () => {
      this.#closed = true;
      this.#waiting?.(undefined);
      this.#waiting = undefined;
    });
  }

  /**
   * The next line, after showing the prompt. From a pipe nothing is echoed, so the prompt and the line are
   * printed together and the output reads like a terminal session.
   */
  async next(prompt: string): Promise<string | undefined> {
    const terminal = this.rl.terminal;
    let line = this.#buffer.shift();
    if (line === undefined && !this.#closed) {
      if (terminal) {
        this.rl.setPrompt(prompt);
        this.rl.prompt();
      }
      line = await new Promise<string | undefined>((resolve) => {
        this.#waiting = resolve;
      });
    }
    if (line !== undefined && !terminal) process.stdout.write(`${prompt}${line}\n`);
    return line;
  }

  /** Ctrl+C while a form is open: answer the pending question with a cancel. */
  interrupt(answer: string): boolean {
    const waiting = this.#waiting;
    if (!waiting) return false;
    this.#waiting = undefined;
    process.stdout.write('\n');
    waiting(answer);
    return true;
  }
}

const CANCEL = '!cancel';

/** Asks for each field of the open form; Enter skips (or keeps what is filled in), "-" clears, !cancel closes. */
async function fillForm(playground: Playground, reader: LineReader): Promise<void> {
  const modal = playground.pendingModal;
  if (!modal) return;
  console.log(
    '  (Enter skips or keeps the value shown · "-" clears it · \\n starts a new line · !cancel closes)',
  );
  const values: Record<string, string> = {};
  for (const field of modal.fields) {
    if (field.kind === 'select') {
      console.log(`  ${describeField(field)}`);
      field.options.forEach((o, i) => console.log(`      ${i + 1}) ${o.label}${o.isDefault ? ' ✓' : ''}`));
    }
    for (;;) {
      const shown = field.value ? ` [${field.value.replace(/\n/g, '\\n')}]` : '';
      const answer = await reader.next(`  ${field.customId}${shown} › `);
      if (answer === undefined || answer.trim() === CANCEL) {
        playground.pendingModal = undefined;
        console.log(`  (the form "${modal.title}" was closed without sending)`);
        return;
      }
      const text =
        answer.trim() === '-' ? '' : answer === '' ? (field.value ?? '') : answer.replace(/\\n/g, '\n');
      if (field.kind === 'select') {
        if (answer !== '') values[field.customId] = answer;
        break;
      }
      const problem = fieldProblem(field, text);
      if (problem) {
        console.log(`  ⚠ ${problem}`);
        continue;
      }
      values[field.customId] = text;
      break;
    }
  }
  try {
    await playground.submitModal(values);
  } catch (error) {
    console.log(`  ⚠ ${error instanceof Error ? error.message : String(error)}`);
    playground.pendingModal = undefined;
  }
}

/** Tab: commands, subcommands, options and choices (the bot's own suggestions for autocomplete options), members, channels, buttons. */
export function completer(playground: Playground) {
  return (line: string, callback: (error: Error | null, result: [string[], string]) => void): void => {
    const done = (candidates: string[]) => callback(null, [candidates, line]);
    const matching = (candidates: string[]) => done(candidates.filter((c) => c.startsWith(line)));
    const slash = line.startsWith('/') ? '' : line.startsWith('complete /') ? 'complete ' : undefined;
    if (slash !== undefined) {
      const request = completeSlash(playground.commands(), line.slice(slash.length + 1));
      if (request.kind === 'list') return done(request.candidates.map((c) => slash + c));
      playground
        .autocomplete(request)
        .then((choices) =>
          done(
            choices.map(
              (c) => `${slash}${request.prefix}${c.value.includes(' ') ? `"${c.value}"` : c.value} `,
            ),
          ),
        )
        .catch(() => done([]));
      return;
    }
    const [verb = '', ...rest] = line.split(' ');
    if (rest.length === 0) {
      const verbs = [
        'as ',
        'in #',
        'click ',
        'select ',
        'submit ',
        'cancel',
        'advance ',
        'time',
        'show',
        'who',
      ];
      const more = ['complete /', 'help', 'quit'];
      return matching([...verbs, ...more, ...playground.commands().map((c) => `/${c.name} `)]);
    }
    const controls = () => playground.currentControls();
    switch (verb) {
      case 'as':
        return matching(playground.people().map((m) => `as ${m.username}`));
      case 'in':
        return matching(
          playground.fake.guild.channels.filter((c) => c.type === 0).map((c) => `in #${c.name ?? ''}`),
        );
      case 'advance':
        return matching(['30m', '2h', '1d', '1w'].map((d) => `advance ${d}`));
      case 'help':
        return matching(playground.commands().map((c) => `help /${c.name}`));
      case 'click':
        return matching(
          controls()
            .filter((c) => c.kind === 'button')
            .map((c) => `click ${c.label}`),
        );
      case 'select': {
        const control = controls().find((c) => c.kind === 'select' && String(c.n) === rest[0]);
        if (!control || rest.length < 2) {
          return matching(
            controls()
              .filter((c) => c.kind === 'select')
              .map((c) => `select ${c.n} `),
          );
        }
        const typed = `select ${control.n} `;
        return matching(
          control.options.map((o) => `${typed}${o.value.includes(' ') ? `"${o.value}"` : o.value}`),
        );
      }
      default:
        return done([]);
    }
  };
}

export async function interactive(playground: Playground, args: Args): Promise<void> {
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: completer(playground),
    historySize: 1000,
    removeHistoryDuplicates: true,
    terminal: process.stdin.isTTY === true,
  });
  const reader = new LineReader(rl);
  rl.on('SIGINT', () => {
    if (playground.pendingModal && reader.interrupt(CANCEL)) return;
    rl.close();
  });
  const people = playground.people().map((m) => m.username);
  console.log(
    'Stepwise playground: the real bot, a local fake Discord, no token, nothing leaves this machine.',
  );
  console.log(
    `Server "${SAMPLE_SERVER.name}": ${people[0] ?? 'admin'} (owner, can run admin commands), ${people.slice(1).join(', ')}; ` +
      `#${SAMPLE_SERVER.channels.join(', #')}.`,
  );
  console.log(
    args.persistent
      ? `Data: ${args.databasePath} (kept between runs; --reset starts over, --memory keeps nothing).`
      : 'Data: in memory (gone when you quit).',
  );
  console.log(
    `Virtual time: ${formatClock(playground.clock.now(), playground.zone)} (advance 1d, advance 1w…).`,
  );
  console.log(
    'Try: /roadmap   /checkin join   as alice   help   (Tab completes, ↑/↓ history, quit or Ctrl+D ends)',
  );
  console.log('');
  await playground.catchUp();
  for (;;) {
    const line = await reader.next(playground.prompt());
    if (line === undefined) break;
    try {
      const outcome = await playground.execute(line);
      if (outcome === 'quit') break;
    } catch (error) {
      if (!(error instanceof PlaygroundError || error instanceof ParseError)) throw error;
      console.log(`  ⚠ ${error.message}`);
    }
    if (playground.pendingModal) await fillForm(playground, reader);
    saveClock(args, playground.clock.now());
  }
  rl.close();
}
