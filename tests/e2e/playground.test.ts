import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli, saveClock, startTime } from '../../playground/cli.js';
import { splitOptions, tokenize } from '../../playground/commands.js';
import { completer } from '../../playground/interactive.js';
import { formatText, relative, renderMessage } from '../../playground/render.js';
import { runScript, SCRIPT_START } from '../../playground/script.js';
import { Playground } from '../../playground/session.js';
import { completeSlash, parseSlash, type CommandDef } from '../../playground/slash.js';
import { parseConfig } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function start(lines: string[]): Promise<Playground> {
  const playground = await Playground.start({
    databasePath: ':memory:',
    start: SCRIPT_START,
    print: (line) => lines.push(line),
  });
  cleanups.push(() => playground.close());
  return playground;
}

/** `npm run playground -- …` as its own process (tsx, as the npm script runs it), bounded. */
function runCli(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'playground/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('images in the playground', () => {
  it('are written to a file whose path is printed, with their alt text', async () => {
    const lines: string[] = [];
    const imagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-play-images-'));
    cleanups.push(() => fs.rmSync(imagesDir, { recursive: true, force: true }));
    const playground = await Playground.start({
      databasePath: ':memory:',
      start: SCRIPT_START,
      print: (line) => lines.push(line),
      imagesDir,
    });
    cleanups.push(() => playground.close());
    const script = ['as alice', '/roadmap step:git', 'click Done', '/progress chart:True'].join('\n');
    const result = await runScript(playground, script, (line) => lines.push(line));
    expect(result.ok).toBe(true);
    const saved = lines.find((line) => line.includes('🖼️ saved to'));
    const file = saved?.split('saved to ')[1]?.trim() ?? '';
    expect(path.dirname(file)).toBe(imagesDir);
    expect(fs.readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(lines.join('\n')).toMatch(/alt text: Bar chart of roadmap steps you completed per week/);
  });
});

describe('the playground sample script', () => {
  it('walks through every feature and shows what Discord would show', async () => {
    const lines: string[] = [];
    const playground = await start(lines);
    const script = fs.readFileSync(path.join(root, 'playground', 'sample.play'), 'utf8');
    const result = await runScript(playground, script, (line) => lines.push(line));
    const transcript = lines.join('\n');
    expect(result, transcript.slice(-3000)).toEqual({ ok: true });

    // The roadmap overview, ephemeral, with a numbered menu and buttons.
    expect(transcript).toContain(
      'alice in #general › /roadmap\n  ↳ Stepwise [only you can see this]\n    ▌ 🗺️ Your roadmap',
    );
    expect(transcript).toMatch(/\[1\] ▾ Open a stage… \(pick 1\)\n {10}1\) 🧭 1\. Foundations/);
    // A step card, found despite the typo, then updated in place by the proof form.
    expect(transcript).toContain(
      '/roadmap step:gti\n  ↳ Stepwise [only you can see this]\n    ▌ 🧭 Stage 1: Foundations',
    );
    expect(transcript).toContain('[1] ✅ Done  [2] 🔗 Done + link  [3] 🔄 In progress');
    expect(transcript).toContain('📝 Form: Done: Use Git for version control');
    expect(transcript).toMatch(/submit url:\S+\n {2}↻ the message is updated \[only you can see this\]/);
    expect(transcript).toContain('🔗 Proof: https://github.com/alice/todo-api');
    // A second-edition step, with the member's track tools.
    expect(transcript).toMatch(
      /\/roadmap step:testing\n.*\n.*Stage 3: Build backend services[\s\S]*Test your code and your API/,
    );
    // The interviewer's notes: each question with the outline of a strong answer and its red flags.
    expect(transcript).toMatch(/Question 1 · a strong answer[\s\S]*\*\*S\*\* [\s\S]*🚩 Red flags: /);
    expect(transcript).toContain('[1] ✅ Done (disabled)');
    // Autocomplete, answered by the bot.
    expect(transcript).toMatch(
      /complete \/roadmap step:gi\n {2}Use Git for version control · Foundations {2}→ {2}step:git/,
    );

    // Check-ins: the test DM, the prompt with its button, the form, the reminder, the summary.
    expect(transcript).toContain('📩 DM to alice\n    ▌ 👋 You joined the weekly check-ins');
    expect(transcript).toMatch(
      /📩 DM to bob\n {4}▌ 🗓️ Weekly check-in\n {4}▌ \*\*Stepwise Playground\*\* · week of 16 Nov 2026/,
    );
    expect(transcript).toContain('[1] 📝 Check in');
    expect(transcript).toContain('✅ Checked in for the week of 16 Nov 2026.');
    const week = transcript.slice(
      transcript.indexOf('advance 1w'),
      transcript.indexOf('🕒 now Mon 23 Nov 2026 10:00 UTC'),
    );
    expect(week).toContain('── Sun 22 Nov 2026 08:00 UTC ──\n  📩 DM to bob\n    ▌ ⏰ Check-in reminder');
    expect(week).not.toMatch(/📩 DM to alice\n {4}▌ ⏰ Check-in reminder/);
    expect(week).toContain(
      '── Mon 23 Nov 2026 08:00 UTC ──\n  💬 #accountability\n    ▌ 📊 Weekly check-in — week of 16 Nov 2026',
    );
    expect(week).toContain('**1 of 2** members checked in.');
    expect(week).toContain('Goals for next week: • @alice: Deploy my API');

    // Interviews: the pairing thread at the round's time, its intro and buttons, feedback by DM.
    expect(week).toMatch(
      /── Tue 17 Nov 2026 17:00 UTC ──\n {2}🧵 new private thread in #interviews: "[^"]+" with (bob, alice|alice, bob)\n {2}💬 #interviews › 🧵 [^\n]+ \(notifies @\w+, @\w+\)/,
    );
    expect(week).toContain("[1] ✅ We met  [2] ❌ Couldn't meet");
    expect(transcript).toContain('📝 Form: Feedback for Alice');
    expect(transcript).toMatch(/📩 DM to alice\n {4}▌ 📝 Mock-interview feedback for you/);

    // Tab completion: names from the registered definitions, values from the bot's autocomplete.
    const tab = (line: string) =>
      new Promise<string[]>((resolve, reject) =>
        completer(playground)(line, (error, [candidates]) => (error ? reject(error) : resolve(candidates))),
      );
    expect(await tab('/roa')).toEqual(['/roadmap ']);
    expect(await tab('/interview-admin p')).toEqual(['/interview-admin pair-now ']);
    expect(await tab('/roadmap step:gi')).toContain('/roadmap step:git ');
    expect(await tab('as a')).toEqual(['as admin', 'as alice']);

    // Nothing pings anyone it should not, and the bot never hit its generic error.
    expect(transcript).not.toContain('Something went wrong');
    expect(transcript).not.toContain('did not respond');
  });
});

describe('the playground command line', () => {
  // Each process pays for loading discord.js and the bot (a few seconds), so the two stories run side by side.
  it('runs scripts (exit 1 naming the failing line) and interactive sessions from a pipe', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-playground-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));

    const scripted = async () => {
      const file = path.join(dir, 'tour.play');
      fs.writeFileSync(
        file,
        '# hello\n/help\nexpect /checkin\nadvance 1d\nas bob\n/checkin-admin send-now\n',
      );
      const run = await runCli(['--script', file]);
      expect(run.stdout).toContain(
        '# hello\nadmin in #general › /help\n  ↳ Stepwise [only you can see this]',
      );
      expect(run.stdout).toContain('⏩ 1d: Mon 16 Nov 2026 10:00 UTC → Tue 17 Nov 2026 10:00 UTC');
      expect(run.stdout).toContain('✗ line 6: /checkin-admin send-now');
      expect(run.stdout).toMatch(/not shown to bob: it needs Manage Server/);
      expect(run.stderr).toContain('tour.play:6:');
      expect(run.code).toBe(1);
    };

    const interactive = async () => {
      const db = path.join(dir, 'play.sqlite');
      const run = await runCli(
        ['--db', db, '--start', '2026-11-16T10:00Z'],
        'as alice\n/roadmap step:git\nclick Done + link\nhttps://github.com/alice/api\nadvance 1d\nquit\n',
      );
      expect(run.stdout).toContain('Stepwise playground');
      expect(run.stdout).toContain('📝 Form: Done: Use Git for version control');
      expect(run.stdout).toContain('🔗 Proof: https://github.com/alice/api');
      expect(run.code).toBe(0);
      expect(fs.readFileSync(`${db}-clock`, 'utf8')).toContain('2026-11-17T10:00:00.000Z');
    };

    await Promise.all([scripted(), interactive()]);
  });

  it('keeps a --db world between sessions: the data and the virtual clock carry on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-playground-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'play.sqlite');
    const args = parseCli(['--db', db]);
    if (args === 'help') throw new Error('unexpected');
    const session = async (lines: string[], commands: string[]) => {
      const playground = await Playground.start({
        databasePath: db,
        start: startTime(args),
        print: (line) => lines.push(line),
      });
      try {
        for (const command of commands) await playground.execute(command);
      } finally {
        saveClock(args, playground.clock.now());
        await playground.close();
      }
    };
    const first: string[] = [];
    await session(first, ['as alice', '/roadmap step:git', 'click Done', 'advance 2d']);
    const second: string[] = [];
    await session(second, ['as alice', '/progress', 'time']);
    expect(second.join('\n')).toContain('✅ Use Git for version control');
    const firstEnd = first.find((l) => l.includes('🕒 now'))?.replace('🕒 now', '🕒') ?? 'missing';
    expect(second).toContain(firstEnd);
    expect(() => parseCli(['--memory', '--db', db])).toThrow(/exclude each other/);
    expect(() => parseCli(['--zone', 'Mars/Base'])).toThrow(/IANA time zone/);
    expect(parseCli(['--script', 'x.play'])).toMatchObject({ databasePath: ':memory:', persistent: false });
  });

  it('npm start without a token points to the playground', () => {
    expect(() => parseConfig({})).toThrow(
      /No token yet\? Try every feature locally with: npm run playground/,
    );
  });
});

describe('playground parsing and rendering', () => {
  const commands: CommandDef[] = [
    {
      name: 'checkin',
      description: 'Weekly check-ins',
      default_member_permissions: null,
      options: [
        { type: 1, name: 'join', description: 'Join' },
        {
          type: 1,
          name: 'pause',
          description: 'Pause',
          options: [{ type: 4, name: 'weeks', description: 'w', required: true, min_value: 1, max_value: 8 }],
        },
      ],
    },
    {
      name: 'interview',
      description: 'Interviews',
      default_member_permissions: null,
      options: [
        {
          type: 1,
          name: 'join',
          description: 'Join',
          options: [
            { type: 3, name: 'focus', description: 'f' },
            {
              type: 3,
              name: 'level',
              description: 'l',
              choices: [
                { name: 'beginner', value: 'beginner' },
                { name: 'every two weeks', value: 'biweekly' },
              ],
            },
            { type: 7, name: 'where', description: 'c' },
            { type: 5, name: 'public', description: 'p' },
          ],
        },
      ],
    },
  ];

  it('reads options as Discord does: values run to the next known option, quotes optional', () => {
    expect(
      parseSlash(
        commands,
        'interview join focus:team work level:Every two weeks public:True where:#interviews',
      ),
    ).toMatchObject({
      name: 'interview',
      subcommand: 'join',
      options: { focus: 'team work', level: 'biweekly', public: true, where: { channel: 'interviews' } },
    });
    expect(parseSlash(commands, 'interview join focus:"level: high" ').options).toEqual({
      focus: 'level: high',
    });
    expect(
      splitOptions('done:see https://x.io/a:b next:"x y"', (n) => ['done', 'next'].includes(n)).options,
    ).toEqual([
      ['done', 'see https://x.io/a:b'],
      ['next', 'x y'],
    ]);
    expect(tokenize(`select 1 "Build backend services" 'a b' c\\ d`)).toEqual([
      'select',
      '1',
      'Build backend services',
      'a b',
      'c d',
    ]);
  });

  it('explains mistakes before anything reaches the bot', () => {
    expect(() => parseSlash(commands, 'checkin')).toThrow(/needs one of: join, pause/);
    expect(() => parseSlash(commands, 'checkin pause')).toThrow(
      /needs weeks.*\/checkin pause weeks:<whole number>/,
    );
    expect(() => parseSlash(commands, 'checkin pause weeks:9')).toThrow(/between 1 and 8/);
    expect(() => parseSlash(commands, 'interview join level:expert')).toThrow(
      /not one of beginner, biweekly/,
    );
    expect(() => parseSlash(commands, 'interview join fokus:x')).toThrow(/unknown option "fokus"/);
    expect(() => parseSlash(commands, 'nope')).toThrow(/no command \/nope. Commands: \/checkin, \/interview/);
  });

  it('completes command, subcommand, option and choice names from the definitions', () => {
    expect(completeSlash(commands, 'che')).toEqual({ kind: 'list', candidates: ['/checkin '] });
    expect(completeSlash(commands, 'checkin p')).toEqual({ kind: 'list', candidates: ['/checkin pause '] });
    expect(completeSlash(commands, 'interview join fo')).toEqual({
      kind: 'list',
      candidates: ['/interview join focus:'],
    });
    expect(completeSlash(commands, 'interview join level:b')).toEqual({
      kind: 'list',
      candidates: ['/interview join level:beginner ', '/interview join level:biweekly '],
    });
  });

  it('renders mentions, timestamps relative to the virtual clock, and numbered components', () => {
    const ctx = {
      zone: 'UTC',
      now: () => new Date('2026-11-16T10:00:00Z'),
      names: { user: () => 'alice', channel: () => 'accountability', role: () => 'Mentor' },
    };
    const at = Date.parse('2026-11-23T08:00:00Z') / 1000;
    expect(
      formatText(`<@123456789012345678> see <#123456789012345678>, <t:${at}:F> (<t:${at}:R>)`, ctx),
    ).toBe('@alice see #accountability, Monday, 23 November 2026 08:00 UTC (in 6 days)');
    expect(relative(new Date('2026-11-16T07:00:00Z'), new Date('2026-11-16T10:00:00Z'))).toBe('3 hours ago');
    const rendered = renderMessage(
      {
        content: 'hi',
        embeds: [{ title: 'T', fields: [{ name: 'A', value: 'b' }], footer: { text: 'f' } }],
        components: [
          {
            type: 1,
            components: [
              { type: 3, custom_id: 's', placeholder: 'Pick', options: [{ label: 'One', value: '1' }] },
            ],
          },
          {
            type: 1,
            components: [
              { type: 2, style: 1, custom_id: 'a', label: 'Go', emoji: { name: '▶️' } },
              { type: 2, style: 2, custom_id: 'b', label: 'Stop', disabled: true },
              { type: 2, style: 5, url: 'https://x.io', label: 'Docs' },
            ],
          },
        ],
      },
      ctx,
    );
    expect(rendered.lines).toEqual([
      'hi',
      '',
      '▌ T',
      '▌',
      '▌ A: b',
      '▌',
      '▌ f',
      '[1] ▾ Pick (pick 1)',
      '      1) One',
      '[2] ▶️ Go  [3] Stop (disabled)  [4] Docs ↗',
    ]);
    expect(rendered.controls.map((c) => [c.n, c.kind, c.customId ?? c.url])).toEqual([
      [1, 'select', 's'],
      [2, 'button', 'a'],
      [3, 'button', 'b'],
      [4, 'button', 'https://x.io'],
    ]);
  });
});
