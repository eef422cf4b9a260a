import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, defaultDataDir, loadRoadmap, loadSourceFingerprint } from '../../src/content/load.js';
import { anchorIsKnown, headingKey } from '../../src/content/fingerprint.js';
import { collectStrings } from '../../src/content/originality.js';
import { RoadmapSchema, TRACK_IDS } from '../../src/domain/roadmap/schema.js';
import type { Roadmap, Stage, Step, Track } from '../../src/domain/roadmap/schema.js';
import { allSteps } from '../../src/domain/roadmap/roadmap.js';

const dataDir = defaultDataDir();
const roadmap = loadRoadmap();
const fingerprint = loadSourceFingerprint();

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

describe('roadmap content', () => {
  it('loads and validates the real data files', () => {
    expect(roadmap.stages.length).toBeGreaterThanOrEqual(6);
    expect(roadmap.stages.length).toBeLessThanOrEqual(9);
    expect(allSteps(roadmap).length).toBeGreaterThanOrEqual(30);
  });

  it('defines every language track once', () => {
    expect(roadmap.tracks.map((t) => t.id).sort()).toEqual([...TRACK_IDS].sort());
  });

  it('marks the language and framework steps as track-aware', () => {
    const aware = allSteps(roadmap)
      .filter((s) => s.trackAware)
      .map((s) => s.id);
    expect(aware).toEqual(expect.arrayContaining(['language', 'frameworks']));
  });

  it('uses short, lower-kebab-case step ids', () => {
    for (const step of allSteps(roadmap)) expect(step.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('orders stage files by their numeric prefix', () => {
    const files = readdirSync(path.join(dataDir, 'roadmap', 'stages')).sort();
    files.forEach((file) => expect(file).toMatch(/^\d{2}-[a-z0-9-]+\.json$/));
  });
});

describe('RoadmapSchema cross-checks', () => {
  const clone = (): Roadmap => structuredClone(roadmap);
  const firstStage = (r: Roadmap): Stage => r.stages[0] as Stage;
  const firstStep = (r: Roadmap): Step => firstStage(r).steps[0] as Step;
  const messages = (r: unknown): string[] => {
    const result = RoadmapSchema.safeParse(r);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the real roadmap', () => {
    expect(messages(roadmap)).toEqual([]);
  });

  it('rejects duplicate step ids across stages', () => {
    const r = clone();
    const last = r.stages[r.stages.length - 1] as Stage;
    (last.steps[0] as Step).id = firstStep(r).id;
    expect(messages(r).join('\n')).toMatch(/duplicate step id/);
  });

  it('rejects duplicate stage ids', () => {
    const r = clone();
    (r.stages[1] as Stage).id = firstStage(r).id;
    expect(messages(r).join('\n')).toMatch(/duplicate stage id/);
  });

  it('rejects unknown source ids', () => {
    const r = clone();
    firstStep(r).sources.push('no-such-section');
    expect(messages(r).join('\n')).toMatch(/unknown source id "no-such-section"/);
  });

  it('rejects empty keywords', () => {
    const r = clone();
    firstStep(r).keywords = [];
    expect(messages(r).join('\n')).toMatch(/keyword/);
    const r2 = clone();
    firstStep(r2).keywords = ['  '];
    expect(messages(r2).length).toBeGreaterThan(0);
  });

  it('enforces the length limits', () => {
    const r = clone();
    firstStep(r).title = 'x'.repeat(81);
    firstStep(r).checklist = ['only', 'two'];
    const m = messages(r).join('\n');
    expect(m).toMatch(/title/);
    expect(m).toMatch(/checklist/);
  });

  it('rejects an emoji field holding text', () => {
    const r = clone();
    firstStage(r).emoji = 'ok';
    expect(messages(r).join('\n')).toMatch(/single emoji/);
  });
});

describe('coverage of the source articles', () => {
  const sources = roadmap.sources;
  // Parts of an article that are not sections to teach: its framing, and an advert after the last section.
  const NOT_SECTIONS = new Set(['introduction', 'conclusion', 'get your free', 'coding questions catalog']);

  it('fingerprints every article the sources name, and only those', () => {
    expect(fingerprint.articles.length).toBeGreaterThanOrEqual(3);
    expect(fingerprint.articles.map((a) => a.article).sort()).toEqual(
      [...new Set(sources.map((s) => s.article))].sort(),
    );
  });

  it('anchors every source in a heading or phrase that really occurs in its article', () => {
    const unknown = sources
      .filter((s) => !anchorIsKnown(fingerprint, s))
      .map((s) => `${s.id}: "${s.heading}"`);
    expect(unknown).toEqual([]);
  });

  it('covers every source section with at least one step or track', () => {
    const used = new Set([
      ...allSteps(roadmap).flatMap((s) => s.sources),
      ...roadmap.tracks.flatMap((t: Track) => t.sources),
    ]);
    const stepSources = new Set(allSteps(roadmap).flatMap((s) => s.sources));
    expect(sources.filter((s) => !used.has(s.id)).map((s) => s.id)).toEqual([]);
    // Tracks alone are not enough: each section must reach a roadmap step members actually see.
    expect(sources.filter((s) => !stepSources.has(s.id)).map((s) => s.id)).toEqual([]);
  });

  it('maps every section heading of every article to a source', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const article of fingerprint.articles) {
      const known = new Set(
        sources.filter((s) => s.article === article.article).map((s) => headingKey(s.heading)),
      );
      article.headings.forEach((heading, i) => {
        const key = headingKey(heading);
        if (NOT_SECTIONS.has(key)) return;
        // A numbered section made of lettered subsections is covered through those subsections.
        const next = article.headings[i + 1];
        if (/^\d+\. /.test(heading) && next && /^[a-z]\. /.test(next)) return;
        checked += 1;
        if (!known.has(key)) missing.push(`${article.article}: ${heading}`);
      });
    }
    expect(checked).toBeGreaterThanOrEqual(35);
    expect(missing).toEqual([]);
  });
});

/**
 * Conservative estimate of the Discord step card: title + summary + why + practice + checklist + resources
 * (+ track line) as embed fields, with generous allowances for markup the renderer may add.
 */
function stepCard(stage: Stage, step: Step, position: string, longestTrackLine: number) {
  const checklist = step.checklist.map((item) => `⬜ ${item}`).join('\n');
  const resources = step.resources.map((r) => `• [${r.name}](${r.url ?? ''}) · ${r.kind}`).join('\n');
  const fields = [
    { name: 'Why it matters', value: step.why },
    { name: 'How to practise', value: step.practice },
    { name: 'Checklist', value: checklist },
    { name: 'Resources', value: resources },
    ...(step.trackAware ? [{ name: 'Your track', value: 'x'.repeat(longestTrackLine) }] : []),
  ];
  const title = `${stage.emoji} ${step.title} · ${position}`;
  const description = `${step.summary}\n\n${stage.emoji} ${stage.title}`;
  const footerAndAuthor = 300;
  const total =
    title.length +
    description.length +
    footerAndAuthor +
    fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  return { title, description, fields, total };
}

function trackLine(track: Track): string {
  return [
    `**${track.name}**`,
    `Frameworks: ${track.frameworks.join(', ')}`,
    `Data: ${track.dataTools.join(', ')}`,
    `Testing: ${track.testing.join(', ')}`,
    `Tools: ${track.tools.join(', ')}`,
  ].join('\n');
}

describe('Discord size budget', () => {
  const longestTrackLine = Math.max(...roadmap.tracks.map((t) => trackLine(t).length));
  const total = allSteps(roadmap).length;

  it('keeps the track summary line small', () => {
    expect(longestTrackLine).toBeLessThanOrEqual(400);
  });

  it('fits every step card within embed limits', () => {
    let n = 0;
    for (const stage of roadmap.stages) {
      for (const step of stage.steps) {
        n += 1;
        const card = stepCard(stage, step, `Step ${n}/${total}`, longestTrackLine);
        expect(card.title.length, step.id).toBeLessThanOrEqual(256);
        expect(card.description.length, step.id).toBeLessThanOrEqual(4096);
        for (const field of card.fields)
          expect(field.value.length, `${step.id}: ${field.name}`).toBeLessThanOrEqual(1024);
        expect(card.total, step.id).toBeLessThanOrEqual(6000);
      }
    }
  });

  it('keeps stage summaries and track cards short', () => {
    for (const stage of roadmap.stages) expect(stage.summary.length).toBeLessThanOrEqual(300);
    for (const track of roadmap.tracks) {
      const resources = track.resources.map((r) => `• [${r.name}](${r.url ?? ''})`).join('\n');
      expect(resources.length, track.id).toBeLessThanOrEqual(1024);
      expect(trackLine(track).length + track.summary.length + resources.length, track.id).toBeLessThanOrEqual(
        6000,
      );
    }
  });
});

describe('loader errors', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  const brokenCopy = (): string => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-content-'));
    cpSync(dataDir, tmp, { recursive: true, filter: (src) => !/\.sqlite/.test(src) });
    return tmp;
  };
  const stageFile = (dir: string, index: number): string => {
    const name = readdirSync(path.join(dir, 'roadmap', 'stages')).sort()[index] ?? '';
    return path.join(dir, 'roadmap', 'stages', name);
  };
  const edit = (file: string, change: (json: Record<string, unknown>) => void): void => {
    const json = readJson(file) as Record<string, unknown>;
    change(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
  };
  const loadError = (dir: string): ContentError => {
    try {
      loadRoadmap(dir);
    } catch (error) {
      if (error instanceof ContentError) return error;
      throw error;
    }
    throw new Error('expected loadRoadmap to fail');
  };

  it('loads an unmodified copy', () => {
    const dir = brokenCopy();
    expect(loadRoadmap(dir).stages.length).toBe(roadmap.stages.length);
  });

  it('names the file and the path of a too-long checklist item', () => {
    const dir = brokenCopy();
    const file = stageFile(dir, 2);
    edit(file, (stage) => {
      const steps = stage.steps as { checklist: string[] }[];
      const third = steps[2] ?? steps[0];
      if (third) third.checklist[0] = 'y'.repeat(171);
    });
    const error = loadError(dir);
    const rel = `roadmap/stages/${path.basename(file)}`;
    const index = (readJson(file) as { steps: unknown[] }).steps.length > 2 ? 2 : 0;
    expect(error.message).toContain(
      `${rel} → steps[${index}].checklist[0]: is too long: at most 150 characters (has 171)`,
    );
    expect(error.problems).toHaveLength(1);
  });

  it('reports several problems, one line each, in plain words', () => {
    const dir = brokenCopy();
    edit(stageFile(dir, 0), (stage) => {
      const steps = stage.steps as Record<string, unknown>[];
      const step = steps[0] as Record<string, unknown>;
      delete step.why;
      step.keywords = [];
      step.colour = 'blue';
    });
    const error = loadError(dir);
    const lines = error.message.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(error.message).toMatch(/steps\[0\]\.why: is missing/);
    expect(error.message).toMatch(/steps\[0\]\.keywords: needs at least one keyword/);
    expect(error.message).toMatch(/steps\[0\]: has unknown field "colour"/);
  });

  it('maps cross-file problems back to the stage file', () => {
    const dir = brokenCopy();
    const file = stageFile(dir, 1);
    const firstId = allSteps(roadmap)[0]?.id;
    edit(file, (stage) => {
      const steps = stage.steps as Record<string, unknown>[];
      const step = steps[0] as Record<string, unknown>;
      step.id = firstId;
      step.sources = ['not-a-section'];
    });
    const error = loadError(dir);
    const rel = `roadmap/stages/${path.basename(file)}`;
    expect(error.message).toContain(`${rel} → steps[0].id: duplicate step id "${firstId}"`);
    expect(error.message).toContain(`${rel} → steps[0].sources[0]: unknown source id "not-a-section"`);
  });

  it('names a file with invalid JSON', () => {
    const dir = brokenCopy();
    writeFileSync(path.join(dir, 'roadmap', 'tracks.json'), '[{ "id": "python", }');
    const error = loadError(dir);
    expect(error.message).toMatch(/roadmap\/tracks\.json: is not valid JSON/);
  });

  it('names the edition file and its bad field', () => {
    const dir = brokenCopy();
    edit(path.join(dir, 'roadmap', 'edition.json'), (json) => {
      json.published = 'last Tuesday';
    });
    expect(loadError(dir).message).toContain(
      'roadmap/edition.json → published: must be a date such as 2026-11-30',
    );
  });

  it('names a missing file', () => {
    const dir = brokenCopy();
    rmSync(path.join(dir, 'roadmap', 'sources.json'));
    expect(loadError(dir).message).toMatch(/roadmap\/sources\.json: file is missing/);
  });

  it('explains a wrong value in a track', () => {
    const dir = brokenCopy();
    const file = path.join(dir, 'roadmap', 'tracks.json');
    const tracks = readJson(file) as Record<string, unknown>[];
    (tracks[0] as Record<string, unknown>).id = 'cobol';
    writeFileSync(file, JSON.stringify(tracks));
    expect(loadError(dir).message).toMatch(
      /roadmap\/tracks\.json → \[0\]\.id: must be one of "python", .* but is text "cobol"/,
    );
  });
});

describe('collectStrings', () => {
  it('walks nested JSON with readable paths', () => {
    expect(collectStrings({ a: ['x', { b: 'y' }], n: 1 })).toEqual([
      { path: 'a[0]', text: 'x' },
      { path: 'a[1].b', text: 'y' },
    ]);
  });
});
