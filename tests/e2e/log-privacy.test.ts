import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { FakeMember } from '../../fake-discord/index.js';
import type { InteractionHandle } from '../../fake-discord/interaction-handle.js';
import { customIds, startHarness, type Harness } from '../support/harness.js';

/**
 * Whoever reads the logs must not be able to act as the bot or read what members wrote. The run below
 * makes replies fail the ways Discord makes them fail (a 5xx on the callback, 40060 already acknowledged,
 * a reply after the deadline, a 5xx on the deferred reply's webhook) while the replies carry a member's
 * answers, then reads every log line the bot wrote.
 */

let h: Harness;
const issued: InteractionHandle[] = [];
const SECRETS = {
  proof: 'https://github.com/alice/secret-proof-7f3a',
  done: 'SECRET-DONE-91ab finished the SQL step',
  nextGoal: 'SECRET-GOAL-c4d2 deploy the API',
  blockers: 'SECRET-BLOCK-55e1 my landlord',
};

beforeEach(async () => {
  issued.length = 0;
  h = await startHarness({ fake: { members: ['alice', 'bob'], deadlineMs: 1500 } });
});
afterEach(async () => {
  await h.close();
});

const CALLBACK = '/interactions/:id/:token/callback';
const WEBHOOK_ORIGINAL = '/webhooks/:id/:token/messages/:id';

async function slash(user: FakeMember, name: string, subcommand?: string, options = {}) {
  const interaction = await h.fake.slash({
    user: user.id,
    name,
    ...(subcommand ? { subcommand } : {}),
    options,
  });
  issued.push(interaction);
  return interaction;
}

/** Resolves once the bot logged its `interaction` line for this interaction (it is written last). */
async function handled(interaction: InteractionHandle) {
  await h.fake.waitFor(
    () => h.logs.find('interaction').find((line) => line.interactionId === interaction.id),
    `the bot to finish ${interaction.id}`,
    15_000,
  );
}

describe('logs', () => {
  it('hold no interaction token and no member text, even when replies fail', async () => {
    const clock = h.clock as ManualClock;
    const alice = h.fake.member('alice');
    const bob = h.fake.member('bob');
    const admin = h.fake.guild.owner;
    const channel = h.fake.guild.channels.find((c) => c.name === 'accountability')!;

    // Alice's free text: a proof link and a check-in answer.
    const card = await slash(alice, 'roadmap', undefined, { step: 'git' });
    await card.response();
    const proof = await h.fake.clickButton({
      user: alice.id,
      message: card.message(),
      customId: `roadmap:v1:proof:${alice.id}:git`,
    });
    issued.push(proof);
    await proof.response();
    const submitted = await h.fake.submitModal({
      from: proof,
      user: alice.id,
      values: { url: SECRETS.proof },
    });
    issued.push(submitted);
    await submitted.response();

    clock.set(Date.parse('2026-11-14T08:00:00Z'));
    const setup = await slash(admin, 'checkin-admin', 'setup', {
      channel: { channel: channel.id },
      day: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
    });
    await handled(setup);
    await handled(await slash(alice, 'checkin', 'join'));
    clock.set(Date.parse('2026-11-16T08:01:00Z'));
    await h.bot.scheduler.tick();
    const prompt = h.fake.dmsTo(alice.id).at(-1)!;
    const open = await h.fake.clickButton({
      user: alice.id,
      message: prompt,
      customId: customIds(prompt)[0]!,
    });
    issued.push(open);
    await open.response();
    const answer = await h.fake.submitModal({
      from: open,
      user: alice.id,
      values: { done: SECRETS.done, nextGoal: SECRETS.nextGoal, blockers: SECRETS.blockers },
    });
    issued.push(answer);
    await answer.response();

    // 1. A 5xx on every attempt of the callback carrying the export file (her answers, her proof link).
    h.fake.failNext({ method: 'POST', route: CALLBACK, status: 500, count: 12 });
    await handled(await slash(alice, 'privacy', 'export'));
    h.fake.clearFaults();

    // 2. 40060: Discord says the interaction was already acknowledged.
    h.fake.failNext({
      method: 'POST',
      route: CALLBACK,
      status: 400,
      body: { message: 'Interaction has already been acknowledged.', code: 40060 },
    });
    await handled(await slash(alice, 'checkin', 'status'));
    h.fake.clearFaults();

    // 3. A reply after the deadline: Discord answers 10062.
    h.fake.delayNext({ method: 'POST', route: CALLBACK, ms: 2_000 });
    await handled(await slash(alice, 'help'));
    h.fake.clearFaults();

    // 4. A deferred reply whose edit (the webhook url, token inside) keeps failing.
    h.fake.failNext({ method: 'PATCH', route: WEBHOOK_ORIGINAL, status: 502, count: 12 });
    await handled(await slash(bob, 'checkin', 'join'));
    h.fake.clearFaults();

    // The failures were logged, with what an operator needs and nothing more.
    const failures = h.logs.lines.filter((line) => line.level >= 40 && line.err);
    expect(failures.length).toBeGreaterThanOrEqual(4);
    const errs = failures.map((line) => line.err as Record<string, unknown>);
    expect(errs).toContainEqual(
      expect.objectContaining({ status: 500, method: 'POST', route: '/interactions/:id/:token/callback' }),
    );
    expect(errs).toContainEqual(expect.objectContaining({ code: 40060, status: 400 }));
    expect(errs).toContainEqual(expect.objectContaining({ code: 10062, status: 404 }));
    expect(errs).toContainEqual(
      expect.objectContaining({
        status: 502,
        method: 'PATCH',
        route: '/webhooks/:id/:token/messages/@original',
      }),
    );

    const tokens = issued.map((interaction) => interaction.token);
    expect(tokens.length).toBeGreaterThan(8);
    for (const line of h.logs.lines) {
      const text = JSON.stringify(line);
      for (const token of tokens)
        expect(text, `a log line holds an interaction token: ${line.msg}`).not.toContain(token);
      for (const secret of Object.values(SECRETS))
        expect(text, `a log line holds member text: ${line.msg}`).not.toContain(secret.split(' ')[0]!);
      expect(text).not.toContain(h.fake.token);
    }
  });
});
