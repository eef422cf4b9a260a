// The bots of `npm run bench`, each in its own process against its own fake Discord: started, timed and
// loaded in turns.
import path from 'node:path';
import { loadRoadmap } from '../src/content/load.js';
import { allSteps } from '../src/domain/roadmap/roadmap.js';
import type { Roadmap } from '../src/domain/roadmap/schema.js';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import { BotChild, type BotRuntime } from './child.js';
import { fakeDiscordEnv } from '../launch/env.js';
import { runLoad, type LoadResult, type LoadTarget } from './load.js';
import { fixedStepCard } from './fixed-card.js';
import { FIXED_BUTTONS, type BotKind, type MemorySample } from './protocol.js';
import { seedProgress } from './seed.js';
import { timeServices, type ServiceReport } from './services.js';
import { ms } from './stats.js';
import { settings } from './run-settings.js';

export interface StartupFigures {
  /** Parent clock: spawn() → the child said ready. */
  spawnToReadyMs: number;
  /** Child clock (since its process started). */
  bootMs: number;
  importsMs: number;
  startMs: number;
  /** First interaction after ready, cold. */
  firstAnswerMs: number;
}

export interface BotReport {
  kind: BotKind;
  label: string;
  migrateStart?: StartupFigures;
  startup: StartupFigures;
  rounds: LoadResult[];
  memory: { label: string; sample: MemorySample }[];
  logBytes: number;
  logLines: number;
  logSample: string[];
}

async function firstAnswer(fake: FakeDiscord, userId: string): Promise<number> {
  const handle = await fake.slash({ user: userId, name: 'roadmap' });
  const attempt = await handle.waitForAttempt(settings.responseTimeoutMs);
  if (attempt.status >= 300) throw new Error(`first interaction refused: ${JSON.stringify(attempt.error)}`);
  return attempt.elapsedMs;
}

async function startChild(
  kind: BotKind,
  runtime: BotRuntime,
  env: Record<string, string>,
  fake: FakeDiscord,
  userId: string,
): Promise<{ child: BotChild; figures: StartupFigures; readyMemory: MemorySample }> {
  const child = new BotChild({ kind, runtime, env, nodeArgs: settings.childNodeArgs });
  await child.waitReady();
  const timings = child.timings;
  if (!timings) throw new Error(`${kind} bot sent no start-up timings`);
  // Memory first, so the reading is "after READY" and the first interaction still meets a cold bot.
  const readyMemory = await child.memory();
  const firstAnswerMs = await firstAnswer(fake, userId);
  return {
    child,
    readyMemory,
    figures: {
      spawnToReadyMs: child.readyAt - child.spawnedAt,
      bootMs: timings.mainAtMs,
      importsMs: timings.importsMs,
      startMs: timings.startMs,
      firstAnswerMs,
    },
  };
}

/** A bot's report as it stands once the bot is up: its start-up, its memory after READY, no rounds yet. */
function freshReport(
  kind: BotKind,
  label: string,
  started: { figures: StartupFigures; readyMemory: MemorySample },
): BotReport {
  return {
    kind,
    label,
    startup: started.figures,
    rounds: [],
    memory: [{ label: 'after READY', sample: started.readyMemory }],
    logBytes: 0,
    logLines: 0,
    logSample: [],
  };
}

/** A bot that is up, with what is needed to load it. */
interface Contender {
  report: BotReport;
  child: BotChild;
  fake: FakeDiscord;
  target: LoadTarget;
}

async function loadRound(contender: Contender, round: number): Promise<void> {
  const { report, child, target } = contender;
  const result = await runLoad(target, {
    total: settings.interactions,
    ratePerSecond: settings.rate,
    responseTimeoutMs: settings.responseTimeoutMs,
    seed: round,
  });
  report.rounds.push(result);
  report.memory.push({
    label: `after ${(settings.interactions * round).toLocaleString('en')} interactions`,
    sample: await child.memory(),
  });
  report.logBytes = child.stdoutBytes;
  report.logLines = child.stdoutLines;
  report.logSample = child.firstLogLines;
  process.stderr.write(
    `  ${report.label} round ${round}: ${result.samples.length} answered, ${result.failures.length} failed\n`,
  );
}

function startFake(): Promise<FakeDiscord> {
  return startFakeDiscord({
    memberCount: settings.members,
    enforceDeadline: false,
    defaultTimeoutMs: settings.responseTimeoutMs,
  });
}

function activeUsersOf(fake: FakeDiscord): string[] {
  const users = fake.guild.members.slice(0, settings.activeMembers).map((member) => member.id);
  if (users.length === 0) throw new Error('the fake guild has no members');
  return users;
}

/** Migrate on a first start, seed, then the timed start; the fake is closed by the caller. */
async function startStepwise(
  fake: FakeDiscord,
  databasePath: string,
  runtime: BotRuntime,
  roadmap: Roadmap,
): Promise<Contender> {
  const env = {
    ...fakeDiscordEnv(fake),
    DATABASE_PATH: databasePath,
    LOG_LEVEL: settings.logLevel,
  };
  const activeUsers = activeUsersOf(fake);
  const firstUser = activeUsers[0] ?? '';

  // 1. A first start on an empty file applies the migrations (and registers the commands).
  process.stderr.write('  Stepwise: first start (migrations)\n');
  const first = await startChild('stepwise', runtime, env, fake, firstUser);
  await first.child.stop();

  // 2. Progress rows go straight into the file while no bot has it open.
  const stepIds = allSteps(roadmap).map((step) => step.id);
  const seeded = seedProgress({
    databasePath,
    guildId: fake.guild.id,
    userIds: activeUsers,
    stepIds,
    stepsPerMember: settings.stepsPerMember,
    trackIds: roadmap.tracks.map((track) => track.id),
    now: Date.now(),
  });
  process.stderr.write(`  seeded ${seeded.rows} progress rows in ${ms(seeded.ms, 0)} ms\n`);

  // 3. The timed start: migrations already applied, 50,000 rows in the file.
  process.stderr.write('  Stepwise: timed start\n');
  const started = await startChild('stepwise', runtime, env, fake, firstUser);
  return {
    child: started.child,
    fake,
    target: { kind: 'stepwise', fake, userIds: activeUsers, stepIds },
    report: { ...freshReport('stepwise', 'Stepwise', started), migrateStart: first.figures },
  };
}

/**
 * The baselines' replies carry no usable buttons, so each gets one message of the bot's own for everyone to
 * press: three small buttons for the plain baseline, the fixed step card for the rich one.
 */
async function postButtonMessage(fake: FakeDiscord, kind: BotKind): Promise<string> {
  const button = (customId: string, label: string) => ({ type: 2, style: 2, custom_id: customId, label });
  const message =
    kind === 'rich-baseline'
      ? fixedStepCard()
      : {
          content: 'Step card',
          components: [
            {
              type: 1,
              components: [
                button(FIXED_BUTTONS.status, 'In progress'),
                button(FIXED_BUTTONS.status2, 'Done'),
                button(FIXED_BUTTONS.next, 'Next'),
              ],
            },
          ],
        };
  const response = await fetch(`${fake.restUrl}/channels/${fake.guild.defaultChannel.id}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  });
  const body = (await response.json()) as { id?: unknown };
  if (!response.ok || typeof body.id !== 'string')
    throw new Error(
      `could not post the ${kind}'s button message: ${response.status} ${JSON.stringify(body)}`,
    );
  return body.id;
}

async function startBaseline(
  kind: 'baseline' | 'rich-baseline',
  fake: FakeDiscord,
  runtime: BotRuntime,
  roadmap: Roadmap,
): Promise<Contender> {
  const buttonMessageId = await postButtonMessage(fake, kind);
  const activeUsers = activeUsersOf(fake);
  process.stderr.write(`  ${kind}: start\n`);
  const env = fakeDiscordEnv(fake);
  const started = await startChild(kind, runtime, env, fake, activeUsers[0] ?? '');
  const stepIds = allSteps(roadmap).map((step) => step.id);
  return {
    child: started.child,
    fake,
    target: { kind, fake, userIds: activeUsers, stepIds, buttonMessageId },
    report: freshReport(kind, kind === 'baseline' ? 'Baseline' : 'Rich baseline', started),
  };
}

export interface BenchResult {
  stepwise: BotReport;
  baseline: BotReport;
  rich: BotReport;
  services: ServiceReport;
}

/**
 * The bots stay up and their rounds alternate (Stepwise 1, baseline 1, rich baseline, Stepwise 2,
 * baseline 2), so a change in the machine's background load during the run hits them alike. The rich
 * baseline, there only to separate payload size from Stepwise's own work, gets one round.
 */
export async function benchBots(dataDir: string, runtime: BotRuntime): Promise<BenchResult> {
  const roadmap = loadRoadmap();
  const databasePath = path.join(dataDir, 'stepwise.sqlite');
  const fakes: FakeDiscord[] = [];
  const contenders: Contender[] = [];
  const withFake = async (start: (fake: FakeDiscord) => Promise<Contender>): Promise<Contender> => {
    const fake = await startFake();
    fakes.push(fake);
    const contender = await start(fake);
    contenders.push(contender);
    return contender;
  };
  try {
    const stepwise = await withFake((fake) => startStepwise(fake, databasePath, runtime, roadmap));
    const baseline = await withFake((fake) => startBaseline('baseline', fake, runtime, roadmap));
    const rich = await withFake((fake) => startBaseline('rich-baseline', fake, runtime, roadmap));
    await loadRound(stepwise, 1);
    await loadRound(baseline, 1);
    await loadRound(rich, 1);
    await loadRound(stepwise, 2);
    await loadRound(baseline, 2);
    for (const contender of contenders.splice(0)) await contender.child.stop();

    process.stderr.write('  Stepwise: service timings\n');
    const services = await timeServices({
      databasePath,
      roadmap,
      guildId: stepwise.fake.guild.id,
      userIds: stepwise.target.userIds,
      calls: 2_000,
    });
    return { stepwise: stepwise.report, baseline: baseline.report, rich: rich.report, services };
  } finally {
    for (const contender of contenders) await contender.child.stop();
    for (const fake of fakes) await fake.close();
  }
}
