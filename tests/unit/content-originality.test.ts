import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadSourceFingerprint } from '../../src/content/load.js';
import {
  anchorIsKnown,
  buildFingerprint,
  extractHeadings,
  fingerprintArticle,
  fingerprintRuns,
  runHash,
  SourceFingerprintSchema,
  UnknownAnchorError,
} from '../../src/content/fingerprint.js';
import { findCopiedRuns } from '../../src/content/originality.js';

const dataDir = defaultDataDir();
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

/** Every content file members read: the roadmap and the question bank. */
function contentFiles(): string[] {
  return ['roadmap', 'questions'].flatMap((dir) =>
    readdirSync(path.join(dataDir, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => path.join(entry.parentPath, entry.name)),
  );
}

/** `sources.json` quotes the articles' headings on purpose: they are references, not prose. */
function withoutQuotedHeadings(file: string, json: unknown): unknown {
  if (path.basename(file) !== 'sources.json' || !Array.isArray(json)) return json;
  return json.map((source: Record<string, unknown>) => ({ ...source, heading: '' }));
}

describe('own words (checked against the committed fingerprint of the source articles)', () => {
  const fingerprint = loadSourceFingerprint();
  const sourceRuns = fingerprintRuns(fingerprint);

  it('holds a plausible fingerprint: hashes of thousands of runs, sorted and unique per article', () => {
    expect(SourceFingerprintSchema.safeParse(fingerprint).success).toBe(true);
    const total = fingerprint.articles.reduce((n, a) => n + a.runs.length, 0);
    expect(total).toBeGreaterThan(3000);
    for (const article of fingerprint.articles) {
      expect(article.runs.length, article.article).toBeGreaterThan(500);
      expect([...new Set(article.runs)].sort()).toEqual(article.runs);
    }
  });

  it('checks both the roadmap and the question bank', () => {
    const files = contentFiles().map((f) => path.relative(dataDir, f).split(path.sep).join('/'));
    expect(files).toEqual(expect.arrayContaining(['roadmap/tracks.json', 'questions/behavioural.json']));
    expect(files.filter((f) => f.startsWith('roadmap/stages/')).length).toBeGreaterThanOrEqual(6);
  });

  it('shares no run of 8 consecutive words with any source article', () => {
    const copied = contentFiles().flatMap((file) =>
      findCopiedRuns(withoutQuotedHeadings(file, readJson(file)), sourceRuns).map(
        (hit) => `${path.relative(dataDir, file)} → ${hit.path}: "${hit.run}"`,
      ),
    );
    expect(copied).toEqual([]);
  });
});

/**
 * The guard must be able to fail. The real articles cannot be shipped, so this uses a text of our own and
 * its fingerprint built by the same functions the script uses.
 */
describe('the fingerprint guard (self-test on a fixture article)', () => {
  const fixture = [
    '---',
    'title: A fixture article',
    '---',
    '**Why Fixtures Exist**',
    'Test fixtures let a check run against text we wrote ourselves, so nobody has to ship the real article.',
    '1. **Keep them small**: a short fixture keeps the failing case easy to read when the guard trips.',
    'a. Lettered Section',
    'Closing Words',
  ].join('\n');
  const fp = buildFingerprint(
    [{ article: 'fixture.txt', text: fixture }],
    [{ id: 'fixture-phrase', article: 'fixture.txt', heading: 'nobody has to ship' }],
  );
  const runs = fingerprintRuns(fp);

  it('hashes a run as the first 16 hex digits of its SHA-256', () => {
    // Expected value from `printf 'one two three four five six seven eight' | sha256sum`.
    expect(runHash('one two three four five six seven eight')).toBe('62d51a1fd36f8eb3');
  });

  it('finds a copied run of 8 words whatever the case and punctuation', () => {
    const hits = findCopiedRuns(
      { why: 'Our advice: TEST fixtures let a check run against text — we wrote, ourselves!' },
      runs,
    );
    expect(hits.map((h) => h.run)).toContain('test fixtures let a check run against text');
    expect(hits.every((h) => h.path === 'why')).toBe(true);
  });

  it('lets 7 shared words and a paraphrase through', () => {
    expect(findCopiedRuns({ a: 'Test fixtures let a check run against, then stop.' }, runs)).toEqual([]);
    expect(
      findCopiedRuns({ a: 'We write our own sample text so the real article stays out.' }, runs),
    ).toEqual([]);
  });

  it('keeps hashes, not words, in the fingerprint', () => {
    const serialised = JSON.stringify(fp.articles.map((a) => [a.runs, a.anchors]));
    expect(serialised).not.toMatch(/fixtures|ship|wrote|small/);
    expect(fp.articles[0]?.runs.every((r) => /^[0-9a-f]{16}$/.test(r))).toBe(true);
  });

  it('extracts bold, numbered, lettered and Title Case headings, skipping front matter', () => {
    expect(extractHeadings(fixture)).toEqual([
      'Why Fixtures Exist',
      '1. Keep them small',
      'a. Lettered Section',
      'Closing Words',
    ]);
  });

  it('vouches for headings and phrases of the article, and nothing else', () => {
    expect(anchorIsKnown(fp, { id: 'h', article: 'fixture.txt', heading: 'Keep them small' })).toBe(true);
    expect(anchorIsKnown(fp, { id: 'p', article: 'fixture.txt', heading: 'Nobody has to ship' })).toBe(true);
    expect(anchorIsKnown(fp, { id: 'x', article: 'fixture.txt', heading: 'nobody has to sell' })).toBe(false);
    expect(anchorIsKnown(fp, { id: 'y', article: 'other.txt', heading: 'Keep them small' })).toBe(false);
  });

  it('refuses to fingerprint a source anchored to a phrase the article lacks', () => {
    expect(() =>
      fingerprintArticle('fixture.txt', fixture, [
        { id: 'made-up', article: 'fixture.txt', heading: 'a phrase that is not there' },
      ]),
    ).toThrow(UnknownAnchorError);
  });
});
