import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getProfile, listStepProgress } from '../../src/db/repositories/progress.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/**
 * A card shared with `public:True` shows everyone its buttons and menus, but they belong to the member who
 * shared it: whoever else presses one gets a private refusal and the card stays as it was.
 */
let h: Harness;
let alice: FakeMember;
let bob: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  [alice, bob] = [h.fake.member('alice'), h.fake.member('bob')];
});
afterEach(async () => {
  await h.close();
});

interface Control {
  customId: string;
  /** The first option's value for a select menu; undefined for a button. */
  selectValue?: string;
}

/** Every button and select menu on a message, as a member sees them. */
function controls(message: FakeMessage): Control[] {
  const found: Control[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const c = node as {
      disabled?: boolean;
      type?: number;
      custom_id?: string;
      options?: Array<{ value: string }>;
      components?: unknown[];
    };
    if (c.type === 2 && c.custom_id && !c.disabled) found.push({ customId: c.custom_id });
    if (c.type === 3 && c.custom_id)
      found.push({ customId: c.custom_id, selectValue: c.options?.[0]?.value });
    for (const child of c.components ?? []) walk(child);
  };
  for (const row of message.components) walk(row);
  return found;
}

async function shared(options: Record<string, string | boolean>): Promise<FakeMessage> {
  const interaction = await h.fake.slash({
    user: alice.id,
    name: 'roadmap',
    options: { ...options, public: true },
  });
  await interaction.response();
  const message = interaction.message();
  expect(message.flags & MessageFlags.Ephemeral).toBe(0);
  return message;
}

describe("someone else's shared roadmap card", () => {
  it('refuses every button, menu and form of it to another member, and changes nothing', async () => {
    const overview = await shared({});
    const step = await shared({ step: 'git' });
    // A stage view: Alice opens a stage on a third shared card.
    const third = await shared({});
    const stageMenu = controls(third).find((c) => c.selectValue !== undefined)!;
    const open = await h.fake.selectMenu({
      user: alice.id,
      message: third,
      customId: stageMenu.customId,
      values: [stageMenu.selectValue!],
    });
    expect((await open.response()).type).toBe(InteractionResponseType.UpdateMessage);
    const stage = h.fake.message(third.id)!;

    const tried = new Set<string>();
    for (const card of [overview, step, stage]) {
      const before = JSON.stringify(h.fake.message(card.id));
      for (const control of controls(h.fake.message(card.id)!)) {
        if (h.fake.message(card.id)!.components.length === 0) break;
        const press =
          control.selectValue === undefined
            ? await h.fake.clickButton({
                user: bob.id,
                message: h.fake.message(card.id)!,
                customId: control.customId,
              })
            : await h.fake.selectMenu({
                user: bob.id,
                message: h.fake.message(card.id)!,
                customId: control.customId,
                values: [control.selectValue],
              });
        const response = await press.response();
        expect(response.type, control.customId).toBe(InteractionResponseType.ChannelMessageWithSource);
        expect(Number(response.data?.flags) & MessageFlags.Ephemeral, control.customId).toBe(
          MessageFlags.Ephemeral,
        );
        expect(String(response.data?.content), control.customId).toMatch(/belongs to someone else/);
        expect(JSON.stringify(h.fake.message(card.id)), control.customId).toBe(before);
        tried.add(control.customId.split(':')[2]!);
      }
    }

    // The proof form, submitted by someone else with a card's id (a stale or forged modal).
    const forged = await h.fake.submitModal({
      user: bob.id,
      customId: `roadmap:v1:proof-submit:${alice.id}:git`,
      values: { url: 'https://github.com/bob/x' },
    });
    expect(String((await forged.response()).data?.content)).toMatch(/belongs to someone else/);
    tried.add('proof-submit');

    expect([...tried].sort()).toEqual(
      ['open', 'open-stage', 'overview', 'progress', 'proof', 'proof-submit', 'set', 'stage', 'step'].sort(),
    );
    for (const member of [alice, bob]) {
      expect(
        await listStepProgress(h.bot.database.db, { guildId: h.fake.guild.id, userId: member.id }),
      ).toEqual([]);
    }
    expect(await getProfile(h.bot.database.db, { guildId: h.fake.guild.id, userId: bob.id })).toEqual({
      track: null,
      shareProgress: false,
    });
    expect(visibleText(h.fake.message(step.id)!)).not.toContain('Done ');
  });
});
