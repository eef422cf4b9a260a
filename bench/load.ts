import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FakeDiscord, FakeMessage, InteractionHandle } from '../fake-discord/index.js';
import { FIXED_BUTTONS, type BotKind } from './protocol.js';
import { mulberry32, pick } from './random.js';

/**
 * One member's visit, in order: overview, a step card, two status buttons on that card (toggling
 * In progress / Done, so both write), Next on the card, then /progress. Half commands, half buttons.
 */
export const SESSION = [
  '/roadmap',
  '/roadmap step',
  'button status',
  'button status 2',
  'button next',
  '/progress',
] as const;
export type Op = (typeof SESSION)[number];

export interface LoadTarget {
  kind: BotKind;
  fake: FakeDiscord;
  /** Members who interact (for Stepwise: members with progress rows). */
  userIds: readonly string[];
  stepIds: readonly string[];
  /** Baselines only: the message whose buttons everyone presses (FIXED_BUTTONS). */
  buttonMessageId?: string;
}

export interface LoadOptions {
  total: number;
  ratePerSecond: number;
  /** Give up on one interaction after this long (counted as a failure). */
  responseTimeoutMs: number;
  seed: number;
}

export interface Sample {
  op: Op;
  /** The fake's own figure: INTERACTION_CREATE sent → callback received, whole ms (Date.now). */
  elapsedMs: number;
  /** Same span on this process's high-resolution clock, including building the payload in the fake. */
  hiResMs: number;
}

export interface Failure {
  op: Op;
  reason: string;
}

export interface LoadResult {
  samples: Sample[];
  failures: Failure[];
  issued: number;
  /** First send to last send: the pacing actually achieved. */
  sendSpanMs: number;
  /** First send to last answer. */
  wallMs: number;
  /** Worst delay of the pacing timer behind schedule. */
  maxLagMs: number;
  maxInFlight: number;
  /** CPU this process (fake Discord + load generator) used during the round. */
  parentCpuMs: number;
  /** CPU every process on the machine used during the round (other people's test runs included). */
  machineCpuMs: number;
}

/** Busy CPU time of the whole machine so far, all cores, ms. */
export function machineBusyMs(): number {
  return os
    .cpus()
    .reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

interface Session {
  userId: string;
  stepId: string;
  next: number;
  /** Stepwise: the ephemeral step card the buttons are on. */
  cardId: string | undefined;
}

interface ButtonInfo {
  customId: string;
  label: string;
  disabled: boolean;
}

function buttonsOf(message: FakeMessage): ButtonInfo[] {
  const out: ButtonInfo[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as {
      type?: unknown;
      custom_id?: unknown;
      label?: unknown;
      disabled?: unknown;
      components?: unknown;
    };
    if (record.type === 2 && typeof record.custom_id === 'string') {
      out.push({
        customId: record.custom_id,
        label: typeof record.label === 'string' ? record.label : '',
        disabled: record.disabled === true,
      });
    }
    if (Array.isArray(record.components)) for (const child of record.components) walk(child);
  };
  for (const top of message.components) walk(top);
  return out;
}

function enabled(
  buttons: readonly ButtonInfo[],
  test: (button: ButtonInfo) => boolean,
): ButtonInfo | undefined {
  return buttons.find((button) => !button.disabled && test(button));
}

/** Open loop: one interaction per timer slot whatever the bot's speed, as members do not wait for each other. */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const { fake } = target;
  const random = mulberry32(options.seed);
  const samples: Sample[] = [];
  const failures: Failure[] = [];
  const ready: Session[] = [];
  const inFlight = new Set<Promise<void>>();
  let userCursor = Math.floor(random() * target.userIds.length);
  let maxInFlight = 0;
  let maxLagMs = 0;
  let lastAnswerAt = 0;

  const newSession = (): Session => {
    const userId = target.userIds[userCursor % target.userIds.length];
    userCursor += 1;
    if (userId === undefined) throw new Error('no users to interact with');
    return { userId, stepId: pick(random, target.stepIds), next: 0, cardId: undefined };
  };

  const card = (session: Session): FakeMessage => {
    const message = session.cardId ? fake.message(session.cardId) : undefined;
    if (!message) throw new Error('the step card is missing');
    return message;
  };

  const inject = async (session: Session, op: Op): Promise<InteractionHandle> => {
    const user = session.userId;
    switch (op) {
      case '/roadmap':
        return fake.slash({ user, name: 'roadmap' });
      case '/roadmap step':
        return fake.slash({ user, name: 'roadmap', options: { step: session.stepId } });
      case '/progress':
        return fake.slash({ user, name: 'progress' });
      default:
        break;
    }
    if (target.kind !== 'stepwise') {
      const customId =
        op === 'button status'
          ? FIXED_BUTTONS.status
          : op === 'button status 2'
            ? FIXED_BUTTONS.status2
            : FIXED_BUTTONS.next;
      return fake.clickButton({ user, message: target.buttonMessageId ?? '', customId });
    }
    const message = card(session);
    const buttons = buttonsOf(message);
    const choice =
      op === 'button next'
        ? (enabled(buttons, (b) => b.label === 'Next') ?? enabled(buttons, (b) => b.label === 'Previous'))
        : enabled(buttons, (b) => /:set:.*:(in_progress|done)$/.test(b.customId));
    if (!choice) throw new Error(`no enabled button for "${op}" on the card`);
    return fake.clickButton({ user, message, customId: choice.customId });
  };

  const run = async (session: Session): Promise<void> => {
    const op = SESSION[session.next];
    if (op === undefined) return;
    const startedAt = performance.now();
    try {
      const handle = await inject(session, op);
      const attempt = await handle.waitForAttempt(options.responseTimeoutMs);
      const hiResMs = performance.now() - startedAt;
      lastAnswerAt = performance.now();
      if (attempt.status >= 300) {
        failures.push({ op, reason: `callback refused: ${attempt.status} ${JSON.stringify(attempt.error)}` });
        return;
      }
      samples.push({ op, elapsedMs: attempt.elapsedMs, hiResMs });
      if (op === '/roadmap step') session.cardId = handle.original()?.id;
    } catch (error) {
      failures.push({
        op,
        reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
      });
      return;
    }
    session.next += 1;
    if (session.next < SESSION.length) ready.push(session);
  };

  const cpuBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const intervalMs = 1000 / options.ratePerSecond;
  let issued = 0;
  const startedAt = performance.now();
  let lastSendAt = startedAt;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (issued < options.total && startedAt + issued * intervalMs <= now) {
        maxLagMs = Math.max(maxLagMs, now - (startedAt + issued * intervalMs));
        // A member whose previous answer has arrived goes on; otherwise a new member starts a visit.
        const session = ready.shift() ?? newSession();
        const work = run(session).finally(() => inFlight.delete(work));
        inFlight.add(work);
        maxInFlight = Math.max(maxInFlight, inFlight.size);
        issued += 1;
        lastSendAt = now;
      }
      if (issued >= options.total) return resolve();
      setTimeout(tick, Math.max(0, startedAt + issued * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all([...inFlight]);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    parentCpuMs: (cpu.user + cpu.system) / 1000,
    machineCpuMs: machineBusyMs() - machineBefore,
    samples,
    failures,
    issued,
    sendSpanMs: lastSendAt - startedAt,
    wallMs: Math.max(lastAnswerAt, lastSendAt) - startedAt,
    maxLagMs,
    maxInFlight,
  };
}
