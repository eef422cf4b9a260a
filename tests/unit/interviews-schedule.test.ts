import { describe, expect, it } from 'vitest';
import {
  cycleAt,
  firstOpeningAfter,
  followUpTime,
  nextRoundAt,
  scheduleOf,
  type InterviewSchedule,
} from '../../src/domain/interviews/schedule.js';
import type { InterviewConfig } from '../../src/domain/interviews/types.js';

const weekly: InterviewSchedule = {
  weekday: 'friday',
  time: '18:00',
  timezone: 'Europe/Paris',
  cadence: 'weekly',
};

function config(changes: Partial<InterviewConfig> = {}): InterviewConfig {
  return {
    guildId: '111111111111111111',
    channelId: '300000000000000000',
    weekday: 'friday',
    time: '18:00',
    timezone: 'Europe/Paris',
    cadence: 'weekly',
    anchorKey: '2026-11-20',
    activeSince: 0,
    updatedAt: 0,
    updatedBy: '200000000000000001',
    ...changes,
  };
}

describe('the interview calendar', () => {
  it('reads the schedule of a saved config', () => {
    expect(scheduleOf(config({ cadence: 'biweekly' }))).toEqual({ ...weekly, cadence: 'biweekly' });
  });

  it('runs weekly cycles from one Friday 18:00 Paris to the next, across the DST change', () => {
    const cycle = cycleAt(weekly, '2026-10-23', Date.parse('2026-10-28T12:00:00Z'));
    expect(cycle).toEqual({
      key: '2026-10-23',
      opensAt: new Date('2026-10-23T16:00:00Z'), // CEST
      closesAt: new Date('2026-10-30T17:00:00Z'), // CET
    });
  });

  it('runs fortnightly cycles on the anchor week and every second week after it, whatever the moment asked', () => {
    const biweekly = { ...weekly, cadence: 'biweekly' as const };
    const anchor = '2026-11-20';
    const first = {
      key: '2026-11-20',
      opensAt: new Date('2026-11-20T17:00:00Z'),
      closesAt: new Date('2026-12-04T17:00:00Z'),
    };
    expect(cycleAt(biweekly, anchor, Date.parse('2026-11-21T00:00:00Z'))).toEqual(first);
    expect(cycleAt(biweekly, anchor, Date.parse('2026-12-01T00:00:00Z'))).toEqual(first);
    expect(cycleAt(biweekly, anchor, Date.parse('2026-12-04T17:00:00Z')).key).toBe('2026-12-04');
    // Before the anchor: the cycle that ends at it.
    expect(cycleAt(biweekly, anchor, Date.parse('2026-11-16T12:00:00Z'))).toEqual({
      key: '2026-11-06',
      opensAt: new Date('2026-11-06T17:00:00Z'),
      closesAt: new Date('2026-11-20T17:00:00Z'),
    });
  });

  it('puts the follow-up halfway through, rounded down to the millisecond', () => {
    expect(followUpTime(new Date(1000), new Date(3000))).toEqual(new Date(2000));
    expect(followUpTime(1000, 1003)).toEqual(new Date(1001));
  });

  it('takes the first opening strictly after setup as the next round and the fortnightly anchor', () => {
    // Tuesday: the coming Friday.
    expect(firstOpeningAfter(weekly, new Date('2026-11-17T10:00:00Z'))).toEqual({
      at: new Date('2026-11-20T17:00:00Z'),
      key: '2026-11-20',
    });
    // At the very opening: that one has started, so the next is a week later.
    expect(firstOpeningAfter(weekly, new Date('2026-11-20T17:00:00Z'))).toEqual({
      at: new Date('2026-11-27T17:00:00Z'),
      key: '2026-11-27',
    });
  });

  it("names this cycle's opening as the next round while it is owed, else the next cycle's", () => {
    const now = new Date('2026-11-21T10:00:00Z');
    const opened = new Date('2026-11-20T17:00:00Z');
    const next = new Date('2026-11-27T17:00:00Z');
    expect(nextRoundAt(config(), false, now)).toEqual(opened);
    expect(nextRoundAt(config(), true, now)).toEqual(next);
    // Set up after this cycle opened: it is not paired late.
    expect(nextRoundAt(config({ activeSince: Date.parse('2026-11-21T09:00:00Z') }), false, now)).toEqual(
      next,
    );
  });
});
