import { formatDuration } from '../src/domain/time/duration.js';
import { settle } from './drive.js';
import { formatClock } from './render.js';
import type { Playground } from './session.js';

// The virtual clock: the scheduler runs at each step, and what fell due is shown at its time.

/** Runs the scheduler once, as the real bot does at start, and shows what fell due while it was closed. */
export async function catchUp(pg: Playground): Promise<void> {
  const before = pg.fake.requests.length;
  await pg.bot.scheduler.tick();
  if (pg.fake.requests.length === before) return;
  await settle(pg);
  const events = pg.feed.collect();
  if (events.length === 0) return;
  pg.print(`  ── ${formatClock(pg.clock.now(), pg.zone)}: what fell due while the playground was closed ──`);
  pg.transcript.printEvents(events, undefined, undefined);
}

/** Moves the clock in steps, running the scheduler at each, and prints what happened when. */
export async function advance(pg: Playground, ms: number): Promise<void> {
  const from = pg.clock.now().getTime();
  const target = from + ms;
  pg.print(
    `  ⏩ ${formatDuration(ms)}: ${formatClock(new Date(from), pg.zone)} → ${formatClock(new Date(target), pg.zone)}`,
  );
  let at = from;
  while (at < target) {
    at = Math.min(target, (Math.floor(at / pg.stepMs) + 1) * pg.stepMs);
    pg.clock.set(at);
    const before = pg.fake.requests.length;
    await pg.bot.scheduler.tick();
    // tick() awaits every job, so a step that sent nothing to Discord has nothing left to wait for.
    if (pg.fake.requests.length === before) continue;
    await settle(pg);
    const events = pg.feed.collect();
    if (events.length > 0) {
      pg.print(`  ── ${formatClock(new Date(at), pg.zone)} ──`);
      pg.transcript.printEvents(events, undefined, undefined);
    }
  }
  pg.print(`  🕒 now ${formatClock(pg.clock.now(), pg.zone)}`);
}
