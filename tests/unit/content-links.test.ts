import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot, loadRoadmap } from '../../src/content/load.js';
import { collectStrings } from '../../src/content/originality.js';
import { allSteps, findStep } from '../../src/domain/roadmap/roadmap.js';
import type { Resource } from '../../src/domain/roadmap/schema.js';

const fixtures = path.join(findProjectRoot(), 'tests', 'fixtures', 'content');
const readFixture = <T>(name: string): T => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as T;
const roadmap = loadRoadmap();

interface LinkEntry {
  url: string;
  names: string[];
  usedBy: string[];
}

/** The content's links in the fixture's shape: one entry per address, sorted. */
function contentLinks(): LinkEntry[] {
  const byUrl = new Map<string, { names: Set<string>; usedBy: string[] }>();
  const add = (resource: Resource, where: string) => {
    if (!resource.url) return;
    const entry = byUrl.get(resource.url) ?? { names: new Set<string>(), usedBy: [] };
    entry.names.add(resource.name);
    entry.usedBy.push(where);
    byUrl.set(resource.url, entry);
  };
  for (const step of allSteps(roadmap)) for (const r of step.resources) add(r, `step:${step.id}`);
  for (const track of roadmap.tracks) for (const r of track.resources) add(r, `track:${track.id}`);
  return [...byUrl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([url, { names, usedBy }]) => ({ url, names: [...names].sort(), usedBy }));
}

describe('resource links', () => {
  const reviewed = readFixture<{ links: LinkEntry[] }>('links.json').links;

  it('are exactly the reviewed list in tests/fixtures/content/links.json', () => {
    expect(contentLinks()).toEqual(reviewed);
    expect(reviewed.length).toBeGreaterThan(100);
  });

  it('point at pages, not at services that closed or plans that ended', () => {
    const urls = reviewed.map((l) => l.url);
    for (const gone of ['heroku.com', 'pramp.com', 'stackoverflow.com/jobs', 'angel.co']) {
      expect(
        urls.filter((u) => u.includes(gone)),
        gone,
      ).toEqual([]);
    }
    // The AWS certificates are linked to their own pages, not to the certification hub.
    expect(urls).not.toContain('https://aws.amazon.com/certification/');
  });

  it('give every step at least one resource', () => {
    expect(
      allSteps(roadmap)
        .filter((s) => s.resources.length === 0)
        .map((s) => s.id),
    ).toEqual([]);
  });
});

describe('second edition', () => {
  it('keeps every first-edition step id, since members’ progress is stored under them', () => {
    const { stepIds } = readFixture<{ stepIds: string[] }>('step-ids-edition-1.json');
    expect(stepIds.length).toBe(38);
    expect(stepIds.filter((id) => !findStep(roadmap, id))).toEqual([]);
    expect(roadmap.edition.edition).toBe(2);
  });

  it('adds the steps the issue asked for', () => {
    for (const id of [
      'how-the-web-works',
      'authentication',
      'testing',
      'caching-background-jobs',
      'offer-negotiation',
    ]) {
      expect(findStep(roadmap, id), id).toBeDefined();
    }
    expect(findStep(roadmap, 'testing')?.trackAware).toBe(true);
  });

  it('links the caching step from the database and system-design steps', () => {
    for (const id of ['database-design', 'nosql-databases', 'system-design']) {
      const text = collectStrings(findStep(roadmap, id))
        .map((s) => s.text)
        .join('\n');
      expect(text, id).toContain('/roadmap step:caching-background-jobs');
    }
  });

  it('only mentions /roadmap step: ids that exist', () => {
    const mentioned = collectStrings(roadmap.stages).flatMap(({ path: where, text }) =>
      [...text.matchAll(/\/roadmap step:([a-z0-9-]+)/g)].map((m) => ({ where, id: m[1] ?? '' })),
    );
    expect(mentioned.length).toBeGreaterThanOrEqual(6);
    expect(mentioned.filter((m) => !findStep(roadmap, m.id))).toEqual([]);
  });

  it('no longer recommends Heroku, calls Node.js a framework, or names the retired MySQL 5.x credential', () => {
    const deployment = findStep(roadmap, 'deployment');
    expect(deployment?.resources.map((r) => r.name).join(' ')).not.toMatch(/heroku/i);
    expect(deployment?.why).toMatch(/November 2022/);
    expect(findStep(roadmap, 'frameworks')?.why).toMatch(/Node\.js itself is a runtime/);
    const certificates = findStep(roadmap, 'certifications')?.resources.map((r) => r.name) ?? [];
    expect(certificates).toContain('Oracle Certified Professional, MySQL 8.0 Database Developer');
    expect(certificates.join(' ')).not.toMatch(/Certified PHP Developer|MySQL Developer$/);
  });

  it('shows testing tools for API tests on every track', () => {
    for (const track of roadmap.tracks) expect(track.testing.length, track.id).toBeGreaterThanOrEqual(2);
  });
});
