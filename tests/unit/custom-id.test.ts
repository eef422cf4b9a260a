import { describe, expect, it } from 'vitest';
import { buildCustomId, parseCustomId } from '../../src/discord/custom-id.js';

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
});
