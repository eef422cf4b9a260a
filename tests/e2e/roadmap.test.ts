import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listStepProgress, getProfile } from '../../src/db/repositories/progress.js';
import { allSteps } from '../../src/domain/roadmap/roadmap.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness } from '../support/harness.js';

let h: Harness;
let alice: FakeMember;
let bob: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol'] } });
  [alice, bob] = [h.fake.member('alice'), h.fake.member('bob')];
});
afterEach(async () => {
  await h.close();
});

const isEphemeral = (message: FakeMessage) =>
  (message.flags & MessageFlags.Ephemeral) === MessageFlags.Ephemeral;
const idStartingWith = (message: FakeMessage, prefix: string) => {
  const id = customIds(message).find((candidate) => candidate.startsWith(prefix));
  if (!id) throw new Error(`no component starting with ${prefix} in ${customIds(message).join(', ')}`);
  return id;
};
const member = (m: FakeMember) => ({ guildId: h.fake.guild.id, userId: m.id });

async function openStep(user: FakeMember, step: string): Promise<FakeMessage> {
  const interaction = await h.fake.slash({ user: user.id, name: 'roadmap', options: { step } });
  await interaction.response();
  return interaction.message();
}

async function click(user: FakeMember, message: FakeMessage, prefix: string) {
  const interaction = await h.fake.clickButton({
    user: user.id,
    message,
    customId: idStartingWith(message, prefix),
  });
  return { interaction, response: await interaction.response() };
}

describe('/roadmap', () => {
  it('shows an ephemeral overview with every stage, the next step and navigation', async () => {
    const interaction = await h.fake.slash({ user: alice.id, name: 'roadmap' });
    await interaction.response();
    const message = interaction.message();
    expect(isEphemeral(message)).toBe(true);
    const text = visibleText(message);
    expect(text).toContain('Your roadmap');
    for (const stage of h.bot.context.roadmap.stages) expect(text).toContain(stage.title);
    const first = allSteps(h.bot.context.roadmap)[0]!;
    expect(text).toContain(`Suggested next step:** ${first.title}`);
    expect(text).toContain(
      `0 done · 0 in progress · 0 skipped · ${allSteps(h.bot.context.roadmap).length} steps`,
    );
    expect(customIds(message)).toEqual([
      `roadmap:v1:stage:${alice.id}`,
      `roadmap:v1:open:${alice.id}:${first.id}`,
      `roadmap:v1:progress:${alice.id}`,
    ]);
  });

  it('opens a stage by select and a step by select, editing the same message', async () => {
    const start = await h.fake.slash({ user: alice.id, name: 'roadmap' });
    await start.response();
    const stage = h.bot.context.roadmap.stages[1]!;
    const pickStage = await h.fake.selectMenu({
      user: alice.id,
      message: start.message(),
      customId: `roadmap:v1:stage:${alice.id}`,
      values: [stage.id],
    });
    expect((await pickStage.response()).type).toBe(InteractionResponseType.UpdateMessage);
    const stageView = h.fake.message(start.message().id)!;
    expect(visibleText(stageView)).toContain(
      `Stage 2 of ${h.bot.context.roadmap.stages.length}: ${stage.title}`,
    );

    const step = stage.steps[0]!;
    const pickStep = await h.fake.selectMenu({
      user: alice.id,
      message: stageView,
      customId: `roadmap:v1:step:${alice.id}`,
      values: [step.id],
    });
    expect((await pickStep.response()).type).toBe(InteractionResponseType.UpdateMessage);
    const card = h.fake.message(start.message().id)!;
    expect(visibleText(card)).toContain(step.title);
    expect(visibleText(card)).toContain('Why it matters');
    expect(visibleText(card)).toContain('Checklist');
    // Still the one message: navigation never piles up new ones.
    expect(h.fake.allMessages().filter((m) => m.interactionId !== null && !m.deleted)).toHaveLength(1);
  });

  it('autocompletes steps on titles and keywords, forgiving typos, at most 25 choices', async () => {
    const typo = await h.fake.autocomplete({
      user: alice.id,
      name: 'roadmap',
      options: { step: 'gti' },
      focused: 'step',
    });
    await typo.response();
    expect(typo.choices()[0]).toMatchObject({ value: 'git' });
    const empty = await h.fake.autocomplete({
      user: alice.id,
      name: 'roadmap',
      options: { step: '' },
      focused: 'step',
    });
    await empty.response();
    expect(empty.choices()).toHaveLength(25);
    const card = await openStep(alice, 'git');
    expect(visibleText(card)).toContain('Git');
    expect(visibleText(card)).toContain('id: git');
  });

  it('marks Done, In progress, Skip and Reset; a repeated press changes nothing', async () => {
    let card = await openStep(alice, 'git');
    await click(alice, card, 'roadmap:v1:set:' + alice.id + ':git:in_progress');
    card = h.fake.message(card.id)!;
    expect(card.embeds[0]?.title).toContain('🔄');
    expect((await listStepProgress(h.bot.database.db, member(alice)))[0]?.status).toBe('in_progress');

    // A double click: both presses arrive before the first update disables the button.
    const doneId = `roadmap:v1:set:${alice.id}:git:done`;
    const presses = await Promise.all([
      h.fake.clickButton({ user: alice.id, message: card, customId: doneId }),
      h.fake.clickButton({ user: alice.id, message: card, customId: doneId }),
    ]);
    await Promise.all(presses.map((press) => press.response()));
    const afterDone = await listStepProgress(h.bot.database.db, member(alice));
    expect(afterDone).toMatchObject([{ step_id: 'git', status: 'done' }]);
    expect(afterDone).toHaveLength(1);
    expect(customIds(h.fake.message(card.id)!)).toContain(doneId);

    await click(alice, h.fake.message(card.id)!, `roadmap:v1:set:${alice.id}:git:skip`);
    expect((await listStepProgress(h.bot.database.db, member(alice)))[0]?.status).toBe('skipped');
    await click(alice, h.fake.message(card.id)!, `roadmap:v1:set:${alice.id}:git:reset`);
    expect(await listStepProgress(h.bot.database.db, member(alice))).toEqual([]);
    expect(h.fake.message(card.id)!.embeds[0]?.title).toContain('⬜');
  });

  it('takes an optional proof link through a modal, and refuses an invalid one without changing anything', async () => {
    const card = await openStep(alice, 'git');
    const { interaction: proof, response } = await click(alice, card, `roadmap:v1:proof:${alice.id}:git`);
    expect(response.type).toBe(InteractionResponseType.Modal);

    const bad = await h.fake.submitModal({ from: proof, user: alice.id, values: { url: 'not a link' } });
    await bad.response();
    expect(bad.callback()?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(String(bad.callback()?.data?.content)).toMatch(/not a web link.*Nothing was changed/s);
    expect(await listStepProgress(h.bot.database.db, member(alice))).toEqual([]);

    const good = await h.fake.submitModal({
      from: proof,
      user: alice.id,
      values: { url: 'https://github.com/alice/todo-api' },
    });
    expect((await good.response()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(visibleText(h.fake.message(card.id)!)).toContain('Proof: https://github.com/alice/todo-api');
    expect(await listStepProgress(h.bot.database.db, member(alice))).toMatchObject([
      { step_id: 'git', status: 'done', proof_url: 'https://github.com/alice/todo-api' },
    ]);
  });

  it("refuses a member pressing buttons on someone else's card, and changes nothing", async () => {
    const shared = await h.fake.slash({
      user: alice.id,
      name: 'roadmap',
      options: { step: 'git', public: true },
    });
    await shared.response();
    const card = shared.message();
    const { response } = await click(bob, card, `roadmap:v1:set:${alice.id}:git:done`);
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(String(response.data?.content)).toMatch(/belongs to someone else/);
    expect(await listStepProgress(h.bot.database.db, member(alice))).toEqual([]);
    expect(await listStepProgress(h.bot.database.db, member(bob))).toEqual([]);
  });

  it('says so for an unknown step', async () => {
    const interaction = await h.fake.slash({
      user: alice.id,
      name: 'roadmap',
      options: { step: 'qqqqqqqqqq' },
    });
    await interaction.response();
    expect(interaction.message().content).toMatch(/No step matches/);
    expect(isEphemeral(interaction.message())).toBe(true);
  });

  it('shares a card publicly when asked, and sets the language track', async () => {
    const shared = await h.fake.slash({
      user: alice.id,
      name: 'roadmap',
      options: { step: 'frameworks', public: true },
    });
    await shared.response();
    expect(isEphemeral(shared.message())).toBe(false);
    expect(visibleText(shared.message())).toContain('Choose a language');

    const track = await h.fake.slash({
      user: alice.id,
      name: 'roadmap',
      options: { track: 'python', step: 'frameworks' },
    });
    await track.response();
    expect(track.message().content).toMatch(/Language track set to \*\*Python\*\*/);
    expect(visibleText(track.message())).toMatch(/Your track: Python[\s\S]*Django/);
    expect((await getProfile(h.bot.database.db, member(alice))).track).toBe('python');
  });
});

describe('/progress', () => {
  it('shows my own progress with recent activity and the portfolio of proof links', async () => {
    const card = await openStep(alice, 'git');
    const { interaction: proof } = await click(alice, card, `roadmap:v1:proof:${alice.id}:git`);
    await (
      await h.fake.submitModal({ from: proof, user: alice.id, values: { url: 'https://github.com/alice/x' } })
    ).response();
    const view = await h.fake.slash({ user: alice.id, name: 'progress' });
    await view.response();
    const text = visibleText(view.message());
    expect(isEphemeral(view.message())).toBe(true);
    expect(text).toContain('Progress — Alice');
    expect(text).toMatch(/Recent activity\n✅ .*Git/);
    expect(text).toContain('https://github.com/alice/x');
    expect(text).toContain('Private: only you can see this');
  });

  it("shows another member's progress only if that member shares it", async () => {
    const hidden = await h.fake.slash({
      user: bob.id,
      name: 'progress',
      options: { member: { user: alice.id } },
    });
    await hidden.response();
    expect(hidden.message().content).toMatch(/Alice\*\* keeps their progress private/);
    expect(hidden.message().embeds).toEqual([]);

    const share = await h.fake.slash({ user: alice.id, name: 'progress', options: { 'allow-others': true } });
    await share.response();
    expect(share.message().content).toMatch(/now \*\*shared\*\*/);

    const visible = await h.fake.slash({
      user: bob.id,
      name: 'progress',
      options: { member: { user: alice.id } },
    });
    await visible.response();
    expect(visibleText(visible.message())).toContain('Progress — Alice');
    expect(visibleText(visible.message())).toContain('Shared by this member');
  });
});
