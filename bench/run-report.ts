// `npm run bench`'s report: latency, memory, start-up and service timings as tables, goals stated.
import os from 'node:os';
import { SESSION, type Sample } from './load.js';
import { distribution, mb, ms, ratio, table } from './stats.js';
import { settings } from './run-settings.js';
import type { BenchResult, BotReport, StartupFigures } from './run-bots.js';

function latencyRows(reports: readonly BotReport[]): string[][] {
  const rows = [
    [
      'bot',
      'round',
      'answered',
      'failed',
      '>3 s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'mean ms',
      'hi-res p50',
      'hi-res p99',
      'rate/s',
    ],
  ];
  for (const report of reports) {
    report.rounds.forEach((round, index) => {
      const d = distribution(round.samples.map((sample) => sample.elapsedMs));
      const hiRes = distribution(round.samples.map((sample) => sample.hiResMs));
      rows.push([
        report.label,
        String(index + 1),
        String(round.samples.length),
        String(round.failures.length),
        String(round.samples.filter((sample) => sample.elapsedMs > 3000).length),
        ms(d.p50),
        ms(d.p95),
        ms(d.p99),
        ms(d.max),
        ms(d.mean, 2),
        ms(hiRes.p50, 2),
        ms(hiRes.p99, 2),
        ms((1000 * (round.issued - 1)) / Math.max(1, round.sendSpanMs), 0),
      ]);
    });
  }
  return rows;
}

export function printReport({ stepwise, baseline, rich, services }: BenchResult): void {
  const reports = [stepwise, baseline, rich];
  const p = (report: BotReport, round: number, pick: (sample: Sample) => number) =>
    distribution(report.rounds[round]?.samples.map(pick) ?? []);

  console.log('\n## 1. Interaction latency under load');
  console.log(
    `INTERACTION_CREATE sent → interaction callback received, measured at the fake (its elapsedMs, whole ms). ` +
      `${settings.interactions.toLocaleString('en')} interactions per round at ${settings.rate}/s, paced by a timer; ` +
      `each visit: ${SESSION.join(' → ')}.`,
  );
  console.log(table(latencyRows(reports)));
  console.log(
    'hi-res: the same span on this process’s performance.now(), from just before the fake builds the payload.',
  );

  const ratioRows = [['Stepwise / …', 'round', 'p50', 'p99', 'p50 (hi-res)', 'p99 (hi-res)']];
  const compare = (other: BotReport, round: number) => {
    const [s, o] = [p(stepwise, round, (x) => x.elapsedMs), p(other, round, (x) => x.elapsedMs)];
    const [sh, oh] = [p(stepwise, round, (x) => x.hiResMs), p(other, round, (x) => x.hiResMs)];
    ratioRows.push([
      other.label,
      String(round + 1),
      ratio(s.p50, o.p50),
      ratio(s.p99, o.p99),
      ratio(sh.p50, oh.p50),
      ratio(sh.p99, oh.p99),
    ]);
  };
  compare(baseline, 0);
  compare(baseline, 1);
  compare(rich, 0);
  console.log('\nRatios:');
  console.log(table(ratioRows));
  console.log(
    'Rich baseline: the guide-style bot answering every interaction with one fixed Stepwise step card ' +
      '(ephemeral reply to commands, message update for buttons): Stepwise’s payloads without its work.',
  );
  for (let round = 0; round < 2; round += 1) {
    const sw = p(stepwise, round, (x) => x.elapsedMs);
    const base = p(baseline, round, (x) => x.elapsedMs);
    console.log(
      `Goals, round ${round + 1}: p99 < 50 ms → ${sw.p99 < 50 ? 'met' : 'NOT met'} (${ms(sw.p99)} ms); ` +
        `p99 ratio to the baseline < 2 → ${sw.p99 / base.p99 < 2 ? 'met' : 'NOT met'} (${ratio(sw.p99, base.p99)})`,
    );
  }

  console.log('\nStepwise by interaction (both rounds; fake elapsedMs, and hi-res p50 of each bot):');
  const byOp = [
    [
      'interaction',
      'count',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'hi-res p50 ms',
      'baseline hi-res p50',
      'rich hi-res p50',
    ],
  ];
  const ofOp = (report: BotReport, op: string) =>
    report.rounds.flatMap((round) => round.samples.filter((sample) => sample.op === op));
  for (const op of SESSION) {
    const samples = ofOp(stepwise, op);
    const d = distribution(samples.map((sample) => sample.elapsedMs));
    byOp.push([
      op,
      String(d.count),
      ms(d.p50),
      ms(d.p95),
      ms(d.p99),
      ms(d.max),
      ms(distribution(samples.map((sample) => sample.hiResMs)).p50, 2),
      ms(distribution(ofOp(baseline, op).map((sample) => sample.hiResMs)).p50, 2),
      ms(distribution(ofOp(rich, op).map((sample) => sample.hiResMs)).p50, 2),
    ]);
  }
  console.log(table(byOp));
  const failures = reports.flatMap((report) =>
    report.rounds.flatMap((round) =>
      round.failures.map((failure) => `${report.label} ${failure.op}: ${failure.reason}`),
    ),
  );
  if (failures.length > 0) {
    console.log(`\nFailures (${failures.length}, first 5):`);
    for (const failure of failures.slice(0, 5)) console.log(`  ${failure}`);
  }
  console.log(
    '\nCPU during each round: the bot process; this process (fake Discord + load); everything else on the ' +
      'machine, in % of all its cores (anything but ~0 means other work competed with the bench):',
  );
  const cpuRows = [
    [
      'bot',
      'round',
      'bot CPU ms',
      'per interaction ms',
      'bot busy %',
      'loop delay p99 ms',
      'loop delay max ms',
      'fake CPU %',
      'others % of machine',
    ],
  ];
  const othersShares: number[] = [];
  for (const report of reports) {
    report.rounds.forEach((round, index) => {
      const before = report.memory[index]?.sample;
      const after = report.memory[index + 1]?.sample;
      if (!before || !after) return;
      const cpu = after.cpuMs - before.cpuAfterMs;
      const others =
        (100 * Math.max(0, round.machineCpuMs - cpu - round.parentCpuMs)) /
        Math.max(1, round.wallMs * os.cpus().length);
      othersShares.push(others);
      cpuRows.push([
        report.label,
        String(index + 1),
        ms(cpu, 0),
        ms(cpu / Math.max(1, round.issued), 2),
        ms((100 * cpu) / Math.max(1, round.wallMs), 0),
        ms(after.loopDelayP99Ms),
        ms(after.loopDelayMaxMs),
        ms((100 * round.parentCpuMs) / Math.max(1, round.wallMs), 0),
        ms(others, 0),
      ]);
    });
  }
  console.log(table(cpuRows));
  const busiest = Math.max(...othersShares);
  if (busiest > 10)
    console.log(
      `WARNING: other processes used up to ${ms(busiest, 0)}% of the machine during a round; the latency ` +
        'figures then measure the competition as much as the bot. Re-run on an idle machine.',
    );
  console.log(
    `\nPacing: worst timer lag ${reports.map((r) => `${r.label} ${ms(Math.max(...r.rounds.map((x) => x.maxLagMs)))} ms`).join(', ')}; ` +
      `most interactions in flight ${reports.map((r) => `${r.label} ${Math.max(...r.rounds.map((x) => x.maxInFlight))}`).join(', ')}.`,
  );

  console.log('\n## 2. Memory of the bot process (as it stands, then after global.gc())');
  const memRows = [
    [
      'bot',
      'reading',
      'RSS as is MB',
      'RSS after GC MB',
      'anon MB',
      'file MB',
      'heap used MB',
      'heap total MB',
      'external MB',
      'users',
      'members',
      'messages',
    ],
  ];
  for (const report of reports) {
    for (const { label, sample } of report.memory) {
      memRows.push([
        report.label,
        label,
        mb(sample.rssAsIs),
        mb(sample.rss),
        mb(sample.rssAnon),
        mb(sample.rssFile),
        mb(sample.heapUsed),
        mb(sample.heapTotal),
        mb(sample.external),
        String(sample.caches.users),
        String(sample.caches.members),
        String(sample.caches.messages),
      ]);
    }
  }
  console.log(table(memRows));
  console.log(
    '(anon: the process’s private memory; file: mapped files, mostly the node binary’s code, shared with ' +
      'other node processes; users / members / messages: entries in the discord.js caches)',
  );
  for (const report of reports) {
    const [, second, third] = report.memory;
    if (!second || !third) continue;
    const rss = third.sample.rss - second.sample.rss;
    const heap = third.sample.heapUsed - second.sample.heapUsed;
    const peak = Math.max(...report.memory.map((m) => m.sample.rss));
    const peakAsIs = Math.max(...report.memory.map((m) => m.sample.rssAsIs));
    const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
    // After a full gc the heap is the leak signal; RSS also moves with the allocator, so allow more.
    const flat = heap < 2 * 1024 * 1024 && rss < 10 * 1024 * 1024;
    console.log(
      `${report.label}: highest RSS ${mb(peakAsIs)} MB as it stood, ${mb(peak)} MB after GC ` +
        `(goal < 150 MB: ${peakAsIs < 150 * 1024 * 1024 ? 'met' : 'NOT met'} as it stood); ` +
        `2nd → 3rd reading RSS ${signed(rss)} MB, heap used ${signed(heap)} MB ` +
        `(goal no growth: ${flat ? 'met' : 'NOT met'}, noise taken as < 2 MB heap and < 10 MB RSS)` +
        (third.sample.gc ? '' : ' — gc() unavailable, readings include garbage'),
    );
  }

  console.log('\n## 3. Start-up (spawn → ready to answer)');
  const startRows = [
    [
      'start',
      'spawn → ready ms',
      'node boot ms',
      'imports ms',
      'startBot ms',
      'first answer ms',
      'spawn → first answer ms',
    ],
  ];
  const startRow = (label: string, f: StartupFigures) => [
    label,
    ms(f.spawnToReadyMs, 0),
    ms(f.bootMs, 0),
    ms(f.importsMs, 0),
    ms(f.startMs, 0),
    ms(f.firstAnswerMs, 0),
    ms(f.spawnToReadyMs + f.firstAnswerMs, 0),
  ];
  if (stepwise.migrateStart)
    startRows.push(startRow('Stepwise, empty file (migrates)', stepwise.migrateStart));
  startRows.push(startRow('Stepwise, migrated, 50k rows', stepwise.startup));
  startRows.push(startRow('Baseline', baseline.startup));
  startRows.push(startRow('Rich baseline', rich.startup));
  console.log(table(startRows));
  console.log(
    'ready = startBot() resolved: database opened, migrations checked, gateway READY, commands compared (and PUT ' +
      'when changed). Timed start reuses the fake, so its commands are already registered, as on a restart.',
  );

  console.log('\n## 4. Where a Stepwise interaction spends its time (in-process, seeded database, per call)');
  const svcRows = [['call', 'calls', 'mean µs', 'p50 µs', 'p99 µs', 'max µs']];
  for (const timing of services.timings) {
    svcRows.push([
      timing.name,
      String(timing.micros.count),
      ms(timing.micros.mean, 0),
      ms(timing.micros.p50, 0),
      ms(timing.micros.p99, 0),
      ms(timing.micros.max, 0),
    ]);
  }
  console.log(table(svcRows));
  console.log(`Query plan of the per-member read: ${services.plan.join(' | ')}`);
  console.log(
    `Reply sizes (JSON): overview ${services.payloadBytes.overview} B, step card ${services.payloadBytes.stepCard} B, ` +
      `progress ${services.payloadBytes.progress} B (the baseline sends "ok").`,
  );
  console.log(
    `Logging: LOG_LEVEL=${settings.logLevel}; Stepwise wrote ${stepwise.logLines} log lines (${stepwise.logBytes} bytes) during the run.`,
  );
  for (const line of stepwise.logSample)
    console.log(`  ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
}
