import { ParseError } from './commands.js';
import { str } from './json.js';
import type { Playground } from './session.js';
import { leaves, needsManageServer, optionUsage, usage, visibleTo, type CommandDef } from './slash.js';

/** `help`: the slash commands this member can see and the playground's own; `help <command>`: its options. */
export function help(pg: Playground, topic?: string): void {
  const commands = pg.commands();
  const permissions = pg.fake.guild.permissionsOf(pg.member, pg.channel);
  if (topic) {
    const command = commands.find((c) => c.name === topic.split(/\s+/)[0]);
    if (!command) throw new ParseError(`no command /${topic}`);
    pg.print(`  /${command.name} — ${describeCommand(command)}`);
    for (const leaf of leaves(command)) {
      pg.print(`    ${usage(leaf.path, leaf.options)}`);
      if (leaf.path.length > 1) pg.print(`        ${leaf.description}`);
      for (const option of leaf.options) {
        pg.print(`        ${optionUsage(option)}  ${str(option['description']) ?? ''}`);
      }
    }
    return;
  }
  const lines = [
    'Type slash commands as in Discord; Tab completes command, subcommand and option names (and asks the bot',
    'for suggestions on options such as step:). Values with spaces need no quotes: focus:team work.',
    '',
    'Slash commands registered by the bot' +
      (pg.isAdmin(pg.member) ? ':' : ` (those ${pg.member.username} can see):`),
    ...commands
      .filter((c) => visibleTo(c, permissions))
      .map((c) => `  /${c.name.padEnd(16)} ${describeCommand(c)}`),
    '  help /<command> shows its subcommands and options.',
    '',
    'Playground commands:',
    `  as <member>            act as another member (${pg
      .people()
      .map((m) => m.username)
      .join(', ')})`,
    '  in #<channel>          run commands in another channel (public replies appear there)',
    '  click <n>              press button [n] on your last message with buttons (or click <label>)',
    '  select <n> <option>    choose in menu [n]: the option number, value or label (several: a b)',
    '  submit f:value …       send the open form (script mode; interactively you are asked field by',
    '                         field: Enter skips or keeps the value shown, "-" clears it, !cancel closes)',
    '  cancel                 close the open form without sending',
    '  advance <duration>     move the virtual clock (30m, 2h, 1d, 1w, 1d12h): scheduled prompts,',
    '                         reminders, summaries and interview rounds happen at their times',
    '  time                   show the virtual time',
    '  show                   show your last message with buttons again',
    '  who                    the server: members, channels, who you are',
    '  complete /cmd opt:abc  what the bot suggests for an autocomplete option',
    '  expect <text>          (scripts) fail unless the last output contains the text',
    '  help, quit             (Ctrl+D also quits; ↑/↓ browse history)',
  ];
  for (const line of lines) pg.print(line ? `  ${line}` : '');
}

/** The description, with the permission it needs when the description does not say so already. */
function describeCommand(command: CommandDef): string {
  const admin = needsManageServer(command) && !command.description.includes('Manage Server');
  return `${command.description}${admin ? ' (Manage Server)' : ''}`;
}
