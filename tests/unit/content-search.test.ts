import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRoadmap } from '../../src/content/load.js';
import {
  allSteps,
  editDistance,
  findStage,
  findStep,
  findTrack,
  firstUnfinishedStep,
  locateStep,
  MAX_SEARCH_RESULTS,
  nextStep,
  normalize,
  previousStep,
  searchSteps,
  stageOfStep,
  stepCount,
} from '../../src/domain/roadmap/roadmap.js';

const roadmap = loadRoadmap();
const ids = (query: string, limit?: number): string[] => searchSteps(roadmap, query, limit).map((s) => s.id);

describe('step navigation', () => {
  const steps = allSteps(roadmap);

  it('lists steps stage by stage', () => {
    expect(steps.map((s) => s.id)).toEqual(roadmap.stages.flatMap((stage) => stage.steps.map((s) => s.id)));
    expect(stepCount(roadmap)).toBe(steps.length);
  });

  it('finds steps and their stage', () => {
    expect(findStep(roadmap, 'git')?.title).toMatch(/Git/);
    expect(findStep(roadmap, 'nope')).toBeUndefined();
    expect(stageOfStep(roadmap, 'sql-databases')?.id).toBe('databases');
    expect(stageOfStep(roadmap, 'nope')).toBeUndefined();
    expect(findStage(roadmap, 'interviews')?.steps.length).toBeGreaterThan(0);
  });

  it('moves to the previous and next step across stage borders', () => {
    const first = steps[0];
    const last = steps[steps.length - 1];
    expect(first && previousStep(roadmap, first.id)).toBeUndefined();
    expect(last && nextStep(roadmap, last.id)).toBeUndefined();
    for (let i = 1; i < steps.length; i++) {
      const prev = steps[i - 1];
      const step = steps[i];
      if (!prev || !step) continue;
      expect(previousStep(roadmap, step.id)?.id).toBe(prev.id);
      expect(nextStep(roadmap, prev.id)?.id).toBe(step.id);
    }
    const lastOfFirstStage = roadmap.stages[0]?.steps.at(-1);
    const firstOfSecondStage = roadmap.stages[1]?.steps[0];
    expect(lastOfFirstStage && nextStep(roadmap, lastOfFirstStage.id)?.id).toBe(firstOfSecondStage?.id);
    expect(nextStep(roadmap, 'nope')).toBeUndefined();
  });

  it('locates a step with its positions', () => {
    const loc = locateStep(roadmap, 'sql-databases');
    expect(loc?.stage.id).toBe('databases');
    expect(loc?.indexInStage).toBe(0);
    expect(loc && steps[loc.index]?.id).toBe('sql-databases');
  });

  it('finds the first unfinished step', () => {
    const done = new Set(steps.slice(0, 3).map((s) => s.id));
    expect(firstUnfinishedStep(roadmap, done)?.id).toBe(steps[3]?.id);
    expect(firstUnfinishedStep(roadmap, new Set(steps.map((s) => s.id)))).toBeUndefined();
  });

  it('finds tracks by id, name or alias', () => {
    expect(findTrack(roadmap, 'python')?.id).toBe('python');
    expect(findTrack(roadmap, 'Node')?.id).toBe('javascript');
    expect(findTrack(roadmap, 'golang')?.id).toBe('go');
    expect(findTrack(roadmap, 'C#')?.id).toBe('csharp');
    expect(findTrack(roadmap, 'cobol')).toBeUndefined();
  });
});

describe('searchSteps', () => {
  it('returns steps in roadmap order for an empty query', () => {
    const order = allSteps(roadmap).map((s) => s.id);
    expect(ids('')).toEqual(order.slice(0, MAX_SEARCH_RESULTS));
    expect(ids('   ')).toEqual(order.slice(0, MAX_SEARCH_RESULTS));
    expect(ids('', 5)).toEqual(order.slice(0, 5));
  });

  it.each([
    ['gti', 'git'],
    ['dokcer', 'deployment'],
    ['sql', 'sql-databases'],
    ['git', 'git'],
    ['Git', 'git'],
    ['postgres', 'sql-databases'],
    ['mongo', 'nosql-databases'],
    ['rest api', 'rest-apis'],
    ['linkdin', 'linkedin-profile'],
    ['resume', 'cv'],
    ['star', 'behavioural-interviews'],
    ['owasp', 'security'],
    ['open sorce', 'open-source'],
    ['intership', 'internships'],
    ['sytem design', 'system-design'],
    ['dokc', 'deployment'],
  ])('"%s" ranks %s first', (query, expected) => {
    expect(ids(query)[0]).toBe(expected);
  });

  it('ranks exact and prefix matches above typo matches', () => {
    const hits = ids('git');
    expect(hits[0]).toBe('git');
    expect(hits).toContain('github-profile');
    // "fit" or "gin" are one typo from "git" but must not appear when real matches exist.
    expect(hits).not.toContain('behavioural-interviews');
  });

  it('finds practice platforms through keywords', () => {
    expect(ids('leetcode')).toEqual(
      expect.arrayContaining(['data-structures-algorithms', 'technical-interviews']),
    );
  });

  it('finds databases steps for "sql" before NoSQL', () => {
    const hits = ids('sql');
    expect(hits.indexOf('sql-databases')).toBeLessThan(hits.indexOf('nosql-databases'));
  });

  it('returns nothing for gibberish', () => {
    expect(ids('xyzzyq')).toEqual([]);
  });

  it('never returns more than 25 results', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (query) => {
        expect(searchSteps(roadmap, query).length).toBeLessThanOrEqual(MAX_SEARCH_RESULTS);
      }),
      { numRuns: 200 },
    );
    expect(ids('e').length).toBeLessThanOrEqual(25);
  });

  it('honours smaller limits', () => {
    expect(ids('interview', 2)).toHaveLength(2);
    expect(ids('interview', 0)).toEqual([]);
  });

  it('finds every step by its own title', () => {
    for (const step of allSteps(roadmap)) expect(ids(step.title)[0], step.id).toBe(step.id);
  });
});

describe('text helpers', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normalize('  Résumé / CV! ')).toBe('resume cv');
    expect(normalize('C#')).toBe('c#');
  });

  it('computes Damerau (OSA) distance', () => {
    expect(editDistance('gti', 'git')).toBe(1);
    expect(editDistance('dokcer', 'docker')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBeGreaterThan(2);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
      }),
    );
  });
});
