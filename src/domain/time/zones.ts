import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export interface ZoneOption {
  /** IANA name to store, e.g. "Europe/Paris". */
  readonly zone: string;
  /** Human label for a picker, e.g. "Europe/Paris (UTC+01:00)". */
  readonly label: string;
  readonly offsetMinutes: number;
}

export const ZONE_ERROR = 'Choose a time zone such as Europe/Paris, America/New_York or UTC.';

export const FIXED_OFFSET_ERROR =
  'A fixed UTC offset such as +01:00 never follows daylight-saving time, so the schedule would drift by an hour ' +
  'twice a year. Choose a place-based zone such as Europe/Paris, America/New_York or UTC.';

// Node 22+ ships an ICU that accepts offset zones ("+01:00") where Node 20 refuses them. Refusing every
// spelling of a fixed offset ourselves gives one behaviour on every runtime (and one that keeps DST right).
const FIXED_OFFSET = /^(?:utc|gmt|z)?\s*[+\-\u2212]\s*\d/i;

/** True for "+01:00", "-0500", "UTC+1", "GMT−05:00": fixed offsets, which Stepwise refuses everywhere. */
export function isFixedOffset(zone: string): boolean {
  return FIXED_OFFSET.test(zone.trim());
}

// Older ICU builds (Node 20) list only the legacy spelling of renamed zones; people search for the current one.
const MODERN_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Africa/Asmera': 'Africa/Asmara',
};

// Shown for an empty query so the picker is useful before the user types.
const POPULAR_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

interface IndexedZone {
  readonly zone: string;
  readonly lowerZone: string;
  /** Lower-cased, "_" → " ", e.g. "america/new york". */
  readonly searchText: string;
  /** Path segments after the region, e.g. ["new york"]; "utc" for UTC. */
  readonly places: readonly string[];
}

let zoneIndex: readonly IndexedZone[] | undefined;

function normalizeQuery(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

function buildIndex(): readonly IndexedZone[] {
  const names = new Set<string>(['UTC']);
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const modern = MODERN_NAMES[zone];
    names.add(modern !== undefined && IANAZone.isValidZone(modern) ? modern : zone);
  }
  return [...names].sort().map((zone) => {
    const searchText = normalizeQuery(zone);
    const segments = searchText.split('/');
    return {
      zone,
      lowerZone: zone.toLowerCase(),
      searchText,
      places: segments.length > 1 ? segments.slice(1) : segments,
    };
  });
}

function allZones(): readonly IndexedZone[] {
  zoneIndex ??= buildIndex();
  return zoneIndex;
}

export function isValidZone(zone: string): boolean {
  const trimmed = zone.trim();
  return trimmed !== '' && !isFixedOffset(trimmed) && IANAZone.isValidZone(trimmed);
}

/**
 * Canonical spelling of a zone the user typed ("europe/paris" → "Europe/Paris", "US/Eastern" →
 * "America/New_York"), or undefined when it is not a valid IANA zone.
 */
export function normalizeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (!isValidZone(trimmed)) return undefined;
  const lower = trimmed.toLowerCase();
  const listed = allZones().find((entry) => entry.lowerZone === lower);
  if (listed !== undefined) return listed.zone;
  return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
}

export const timeZoneSchema = z.string({ error: ZONE_ERROR }).transform((text, ctx) => {
  const zone = normalizeZone(text);
  if (zone === undefined) {
    ctx.addIssue({ code: 'custom', message: isFixedOffset(text) ? FIXED_OFFSET_ERROR : ZONE_ERROR });
    return z.NEVER;
  }
  return zone;
});

/** UTC offset of `zone` at instant `at`, in minutes (Paris in winter → 60). */
export function zoneOffsetMinutes(zone: string, at: Date | number): number {
  return DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone }).offset;
}

export function zoneOption(zone: string, at: Date | number): ZoneOption {
  const local = DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone });
  return { zone, label: `${zone} (UTC${local.toFormat('ZZ')})`, offsetMinutes: local.offset };
}

/** 0 = the city itself matches, higher = weaker match, undefined = no match. */
function matchRank(entry: IndexedZone, query: string): number | undefined {
  if (entry.places.some((place) => place === query)) return 0;
  if (entry.places.some((place) => place.startsWith(query))) return 1;
  if (entry.places.some((place) => place.split(/[ /-]/).some((word) => word.startsWith(query)))) return 2;
  if (entry.searchText.startsWith(query)) return 3;
  if (entry.searchText.includes(query)) return 4;
  return undefined;
}

/**
 * Autocomplete over IANA zones plus UTC. Matches city names case-insensitively and treats "_" like a
 * space ("new york" → America/New_York); labels carry the UTC offset at `at` because it changes with DST.
 */
export function searchZones(query: string, at: Date | number, limit = 25): ZoneOption[] {
  const wanted = normalizeQuery(query);
  const max = Math.max(0, Math.floor(limit));
  if (wanted === '') {
    return POPULAR_ZONES.filter(isValidZone)
      .slice(0, max)
      .map((zone) => zoneOption(zone, at));
  }
  const ranked: { entry: IndexedZone; rank: number }[] = [];
  for (const entry of allZones()) {
    const rank = matchRank(entry, wanted);
    if (rank !== undefined) ranked.push({ entry, rank });
  }
  // Index is already alphabetical and Array.prototype.sort is stable, so ties stay alphabetical.
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, max).map(({ entry }) => zoneOption(entry.zone, at));
}
