import { describe, expect, it } from 'vitest';
import {
  isValidZone,
  normalizeZone,
  searchZones,
  timeZoneSchema,
  zoneOffsetMinutes,
  zoneOption,
} from '../../src/domain/time/zones.js';

const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

describe('zones', () => {
  it('validates IANA zones', () => {
    expect(isValidZone('Europe/Paris')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('America/New_York')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
    expect(isValidZone('+01:00')).toBe(false);
  });

  // Node 22+ accepts "+01:00" as a zone and Node 20 does not; CI runs this file on both runtimes.
  it('refuses fixed offsets on every runtime, saying why', () => {
    for (const offset of ['+01:00', '-05:00', '+0530', '+01', 'UTC+01:00', 'GMT-5', ' \u221205:00 ']) {
      expect(isValidZone(offset), offset).toBe(false);
      expect(normalizeZone(offset), offset).toBeUndefined();
      const message = timeZoneSchema.safeParse(offset).error?.issues[0]?.message;
      expect(message, offset).toMatch(/daylight-saving/);
      expect(message, offset).toMatch(/Europe\/Paris/);
    }
    // Place-based zones whose names merely contain a sign stay valid.
    expect(isValidZone('Etc/GMT+1')).toBe(true);
    expect(timeZoneSchema.safeParse('Nowhere/Land').error?.issues[0]?.message).not.toMatch(/daylight-saving/);
  });

  it('normalises spelling', () => {
    expect(normalizeZone('europe/paris')).toBe('Europe/Paris');
    expect(normalizeZone(' america/new_york ')).toBe('America/New_York');
    expect(normalizeZone('utc')).toBe('UTC');
    expect(normalizeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(normalizeZone('Nowhere/Land')).toBeUndefined();
    expect(timeZoneSchema.parse('europe/paris')).toBe('Europe/Paris');
    expect(timeZoneSchema.safeParse('Nowhere/Land').error?.issues[0]?.message).toMatch(/time zone/);
  });

  it('computes offsets for an instant', () => {
    expect(zoneOffsetMinutes('Europe/Paris', WINTER)).toBe(60);
    expect(zoneOffsetMinutes('Europe/Paris', SUMMER.getTime())).toBe(120);
    expect(zoneOption('Europe/Paris', WINTER).label).toBe('Europe/Paris (UTC+01:00)');
    expect(zoneOption('America/New_York', SUMMER).label).toBe('America/New_York (UTC-04:00)');
    expect(zoneOption('Asia/Kolkata', WINTER).label).toBe('Asia/Kolkata (UTC+05:30)');
  });

  it('finds cities case-insensitively, ignoring _ vs space', () => {
    expect(searchZones('new york', WINTER)[0]?.zone).toBe('America/New_York');
    expect(searchZones('New_York', WINTER)[0]?.zone).toBe('America/New_York');
    expect(searchZones('PARIS', WINTER)[0]).toEqual({
      zone: 'Europe/Paris',
      label: 'Europe/Paris (UTC+01:00)',
      offsetMinutes: 60,
    });
    expect(searchZones('utc', WINTER)[0]?.zone).toBe('UTC');
    expect(searchZones('kolkata', WINTER)[0]?.zone).toBe('Asia/Kolkata');
    expect(searchZones('los ang', WINTER)[0]?.zone).toBe('America/Los_Angeles');
  });

  it('ranks exact city matches before prefix and substring matches', () => {
    const zones = searchZones('london', WINTER).map((option) => option.zone);
    expect(zones[0]).toBe('Europe/London');
    const europe = searchZones('europe', WINTER);
    expect(europe.length).toBe(25);
    expect(europe.every((option) => option.zone.startsWith('Europe/'))).toBe(true);
  });

  it('honours the limit and returns popular zones for an empty query', () => {
    expect(searchZones('a', WINTER, 5)).toHaveLength(5);
    const popular = searchZones('', WINTER);
    expect(popular[0]?.zone).toBe('UTC');
    expect(popular.length).toBeGreaterThan(5);
    expect(popular.length).toBeLessThanOrEqual(25);
    expect(searchZones('zzzz-no-such-place', WINTER)).toEqual([]);
  });

  it('labels change with DST', () => {
    expect(searchZones('paris', SUMMER)[0]?.label).toBe('Europe/Paris (UTC+02:00)');
  });
});
