import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCustomId, customId, parseCustomId } from '../../src/discord/custom-id.js';
import * as ids from '../../src/discord/custom-ids.js';

describe('custom ids', () => {
  it('round-trips namespace, version, action and arguments', () => {
    const id = buildCustomId('roadmap', 'step', 'git', 3);
    expect(id).toBe('roadmap:v1:step:git:3');
    expect(parseCustomId(id)).toEqual({
      namespace: 'roadmap',
      version: 'v1',
      action: 'step',
      args: ['git', '3'],
    });
  });

  it('refuses ids Discord would reject or that could be ambiguous', () => {
    expect(() => buildCustomId('roadmap', 'step', 'a'.repeat(100))).toThrow(/100 characters/);
    expect(() => buildCustomId('roadmap', 'step', 'a:b')).toThrow();
    expect(() => buildCustomId('roadmap', 'step', '')).toThrow();
  });

  it('returns nothing for forged or foreign ids', () => {
    expect(parseCustomId('')).toBeUndefined();
    expect(parseCustomId('hello')).toBeUndefined();
    expect(parseCustomId('Roadmap:v1:step')).toBeUndefined();
    expect(parseCustomId('roadmap:version1:step')).toBeUndefined();
    expect(parseCustomId(`roadmap:v1:step:${'x'.repeat(120)}`)).toBeUndefined();
  });

  it('builds and parses one spec alike: the action written once, the arguments typed both ways', () => {
    const openStep = customId('roadmap', 'open', z.tuple([ids.Snowflake, ids.ContentId]));
    const id = openStep.build('123456789012345678', 'git-basics');
    expect(id).toBe('roadmap:v1:open:123456789012345678:git-basics');
    const parsed = parseCustomId(id);
    expect(parsed).toMatchObject({ namespace: 'roadmap', action: 'open' });
    expect(openStep.args.parse(parsed?.args)).toEqual(['123456789012345678', 'git-basics']);
    // A forged owner does not parse.
    expect(openStep.args.safeParse(['alice', 'git-basics']).success).toBe(false);
  });

  it('turns numbers into segments and back', () => {
    const id = ids.interviewIds.met.build(42);
    expect(id).toBe('interview:v1:met:42');
    expect(ids.interviewIds.met.args.parse(parseCustomId(id)?.args)).toEqual([42]);
  });

  it('gives every spec its own namespace and action, within the limits Discord and the parser accept', () => {
    const specs = [ids.roadmapIds, ids.checkinIds, ids.interviewIds, ids.privacyIds].flatMap((group) =>
      Object.values(group),
    );
    const keys = specs.map((spec) => `${spec.namespace}:${spec.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(() => customId('Roadmap', 'open', z.tuple([]))).toThrow();
    expect(() => customId('roadmap', 'has:colon', z.tuple([]))).toThrow();
  });
});
