/**
 * Pairing benchmark: `npx tsx bench/pairing.bench.ts [members] [weeks]`.
 * Builds a pool, runs the pairing itself week by week to produce a year of history, then times week
 * N+1 for Stepwise and for the random baseline. Prints figures; it is not a test.
 */
import { performance } from 'node:perf_hooks';
import { countRepeats } from '../src/domain/interviews/partner-history.js';
import { pairMembers } from '../src/domain/interviews/pairing.js';
import type { Level, PairingResult, PastGroup, PoolMember } from '../src/domain/interviews/pairing-types.js';
import { mulberry32, randomInt } from '../src/domain/interviews/random.js';
import { randomPairMembers } from '../src/domain/interviews/random-pairing.js';
import { zoneOffsetMinutes } from '../src/domain/time/zones.js';

const MEMBERS = Number(process.argv[2] ?? 10_000);
const WEEKS = Number(process.argv[3] ?? 52);
const RUNS = 5;

// Weighted towards where a developer community actually lives, with a long tail.
const ZONES = [
  ...Array<string>(6).fill('Europe/Paris'),
  ...Array<string>(4).fill('Europe/London'),
  ...Array<string>(3).fill('Europe/Berlin'),
  ...Array<string>(5).fill('America/New_York'),
  ...Array<string>(3).fill('America/Chicago'),
  ...Array<string>(3).fill('America/Los_Angeles'),
  ...Array<string>(2).fill('America/Sao_Paulo'),
  ...Array<string>(4).fill('Asia/Kolkata'),
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Pacific/Auckland',
  'Asia/Kathmandu',
  'America/St_Johns',
];
const LEVELS: Level[] = ['beginner', 'beginner', 'intermediate', 'advanced'];
const FOCUSES = ['node', 'python', 'java', 'go', 'dotnet', 'system design'];
const WEEK_MS = 7 * 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 5, 17);

function buildPool(size: number, seed: number): PoolMember[] {
  const random = mulberry32(seed);
  return Array.from({ length: size }, (_, i) => {
    const roll = random();
    return {
      memberId: `m${i}`,
      // A few members never set a zone, level or focus.
      timezone: roll < 0.05 ? undefined : ZONES[randomInt(random, ZONES.length)],
      level: roll < 0.1 ? undefined : LEVELS[randomInt(random, LEVELS.length)],
      focus: roll < 0.15 ? undefined : FOCUSES[randomInt(random, FOCUSES.length)],
      priority: false,
    };
  });
}

function withPriority(pool: readonly PoolMember[], last: PairingResult | undefined): PoolMember[] {
  if (last === undefined) return [...pool];
  const flagged = new Set([...last.unpaired, ...last.groups.filter((g) => g.length === 3).flat()]);
  return pool.map((member) => ({ ...member, priority: flagged.has(member.memberId) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(run: () => PairingResult): { ms: number; result: PairingResult } {
  const times: number[] = [];
  let result: PairingResult | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result: result as PairingResult };
}

function main(): void {
  if (!Number.isInteger(MEMBERS) || MEMBERS < 2 || !Number.isInteger(WEEKS) || WEEKS < 0) {
    throw new Error('usage: npx tsx bench/pairing.bench.ts [members >= 2] [weeks >= 0]');
  }
  const basePool = buildPool(MEMBERS, 42);
  const history: PastGroup[] = [];
  let last: PairingResult | undefined;
  let historyRepeats = 0;
  const historyStarted = performance.now();
  for (let week = 0; week < WEEKS; week += 1) {
    last = pairMembers(withPriority(basePool, last), history, { seed: week + 1, at: START + week * WEEK_MS });
    historyRepeats += last.repeats;
    for (const group of last.groups) history.push({ round: week, memberIds: group });
  }
  const historyMs = performance.now() - historyStarted;

  const pool = withPriority(basePool, last);
  const options = { seed: 2026, at: START + WEEKS * WEEK_MS };
  const stepwise = time(() => pairMembers(pool, history, options));
  const random = time(() => randomPairMembers(pool, history, options));
  const byId = new Map(pool.map((member) => [member.memberId, member]));
  const quality = (result: PairingResult) => {
    let pairs = 0;
    let offsetGap = 0;
    let sameLevel = 0;
    let sameFocus = 0;
    for (const group of result.groups) {
      for (let i = 0; i < group.length; i += 1) {
        for (let j = i + 1; j < group.length; j += 1) {
          const a = byId.get(group[i] as string);
          const b = byId.get(group[j] as string);
          pairs += 1;
          if (a?.timezone !== undefined && b?.timezone !== undefined) {
            const hours =
              Math.abs(
                zoneOffsetMinutes(a.timezone, options.at) - zoneOffsetMinutes(b.timezone, options.at),
              ) / 60;
            offsetGap += Math.min(hours, 24 - hours);
          }
          if (a?.level !== undefined && a.level === b?.level) sameLevel += 1;
          if (a?.focus !== undefined && a.focus === b?.focus) sameFocus += 1;
        }
      }
    }
    return {
      pairs,
      offsetGap: offsetGap / pairs,
      sameLevel: sameLevel / pairs,
      sameFocus: sameFocus / pairs,
    };
  };

  const check = countRepeats(stepwise.result.groups, history);
  if (check !== stepwise.result.repeats)
    throw new Error(`repeat count mismatch: ${check} vs ${stepwise.result.repeats}`);

  const runs: [string, { ms: number; result: PairingResult }][] = [
    ['stepwise', stepwise],
    ['random', random],
  ];
  const rows = [
    [
      'algorithm',
      'members',
      'history rounds',
      `time ms (median of ${RUNS})`,
      'repeats',
      'repeat rate',
      'mean UTC gap h',
      'same level',
      'same focus',
    ],
    ...runs.map(([name, { ms, result }]) => {
      const q = quality(result);
      return [
        name,
        String(MEMBERS),
        String(WEEKS),
        ms.toFixed(1),
        String(result.repeats),
        `${((100 * result.repeats) / q.pairs).toFixed(3)}%`,
        q.offsetGap.toFixed(2),
        `${(100 * q.sameLevel).toFixed(1)}%`,
        `${(100 * q.sameFocus).toFixed(1)}%`,
      ];
    }),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => row[c]?.length ?? 0))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
  console.log(
    `\nhistory: ${history.length} past groups, built in ${(historyMs / 1000).toFixed(1)} s ` +
      `(${(historyMs / WEEKS).toFixed(0)} ms per week, ${historyRepeats} repeats over those weeks).\n` +
      'repeat rate = repeat pairs / pairs formed; ' +
      'random time includes counting its repeats.',
  );
}

main();
