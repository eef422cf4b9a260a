/**
 * A fingerprint of the source articles: what the content checks need from them, without their text.
 * The repository may not ship the articles, so the originality check works from hashes of their word runs
 * (normalised by `wordRuns`, exactly as when comparing against the text) and the coverage check from their
 * section headings. `npm run content:fingerprint` rebuilds it when the articles are at hand.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_RUN, words, wordRuns } from './originality.js';
import type { RunLookup } from './originality.js';

/** 16 hex digits = 64 bits: with a few thousand runs per article, an accidental match is ~1e-11 likely. */
const HASH_HEX_DIGITS = 16;

export function runHash(run: string): string {
  return createHash('sha256').update(run, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
}

const HashSchema = z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lower-case hex digits');

export const ArticleFingerprintSchema = z.strictObject({
  /** Seed file name, as `sources.json` names it. */
  article: z.string().regex(/^[\w.-]+\.txt$/),
  /** Section headings in article order, e.g. "1. Acquire the Necessary Skills", "a. Portfolio Website". */
  headings: z.array(z.string().min(1).max(120)),
  /** Hashes of short phrases (fewer than `runSize` words) that `sources.json` anchors to inside the text. */
  anchors: z.array(HashSchema),
  /** Hashes of every run of `runSize` words, sorted. */
  runs: z.array(HashSchema),
});

export const SourceFingerprintSchema = z.strictObject({
  about: z.string(),
  runSize: z.literal(DEFAULT_RUN),
  hash: z.literal(`sha256, first ${HASH_HEX_DIGITS} hex digits, of the normalised words joined by spaces`),
  articles: z.array(ArticleFingerprintSchema).min(1),
});

export type ArticleFingerprint = z.infer<typeof ArticleFingerprintSchema>;
export type SourceFingerprint = z.infer<typeof SourceFingerprintSchema>;

/** Lower-cased words of a heading without its "3." / "b." list marker, for matching headings to sources. */
export function headingKey(heading: string): string {
  return words(heading.replace(/^\s*(?:\d+|[a-z])\.\s+/, '')).join(' ');
}

const FRONT_MATTER = /^---\n[\s\S]*?\n---\n/;

/**
 * Section headings of a seed article. The articles are plain text or light markdown, so a heading is:
 * a line in bold (`**Who is …**`), the bold lead of a numbered item (`2. **Master …**: text`), a numbered or
 * lettered line (`4. Networking`, `b. GitHub Profile`), or a short Title Case line with no final punctuation
 * (`Introduction`, `Additional Resources`). The first line of an article without front matter is its title.
 */
export function extractHeadings(text: string): string[] {
  const hasFrontMatter = FRONT_MATTER.test(text);
  const lines = text.replace(FRONT_MATTER, '').split(/\r?\n/);
  const headings: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || (!hasFrontMatter && i === 0)) return;
    const bold = /^\*\*(.+?):?\*\*:?$/.exec(line);
    const boldLead = /^(\d+)\.\s+\*\*(.+?):?\*\*/.exec(line);
    const listed = /^((?:\d+|[a-z])\.\s+.{1,80})$/.exec(line);
    if (bold?.[1]) headings.push(bold[1].trim());
    else if (boldLead?.[1] && boldLead[2]) headings.push(`${boldLead[1]}. ${boldLead[2].trim()}`);
    else if (listed?.[1] && !/[.:!?]$/.test(line)) headings.push(listed[1]);
    else if (/^(?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*){0,3}$/u.test(line)) headings.push(line);
  });
  return headings;
}

export interface SourceAnchor {
  id: string;
  article: string;
  heading: string;
}

/** Thrown when `sources.json` names a heading or phrase that is not in its article. */
export class UnknownAnchorError extends Error {
  override readonly name = 'UnknownAnchorError';
}

/**
 * Fingerprint of one article. `anchors` are the sources pointing into this article: each must be one of its
 * headings or a phrase of its text (then its hash is kept, so tests can check it without the text).
 */
export function fingerprintArticle(
  article: string,
  text: string,
  anchors: readonly SourceAnchor[] = [],
): ArticleFingerprint {
  const headings = extractHeadings(text);
  const headingKeys = new Set(headings.map(headingKey));
  const body = ` ${words(text).join(' ')} `;
  const anchorHashes = new Set<string>();
  for (const anchor of anchors) {
    const key = headingKey(anchor.heading);
    if (headingKeys.has(key)) continue;
    if (!key || !body.includes(` ${key} `)) {
      throw new UnknownAnchorError(
        `source "${anchor.id}": "${anchor.heading}" is neither a heading nor a phrase of ${article}`,
      );
    }
    anchorHashes.add(runHash(key));
  }
  return {
    article,
    headings,
    anchors: [...anchorHashes].sort(),
    runs: [...new Set([...wordRuns(text, DEFAULT_RUN)].map(runHash))].sort(),
  };
}

export function buildFingerprint(
  articles: readonly { article: string; text: string }[],
  anchors: readonly SourceAnchor[],
): SourceFingerprint {
  return {
    about:
      'Built by `npm run content:fingerprint` from the source articles; holds hashes and headings, not their text.',
    runSize: DEFAULT_RUN,
    hash: `sha256, first ${HASH_HEX_DIGITS} hex digits, of the normalised words joined by spaces`,
    articles: [...articles]
      .sort((a, b) => a.article.localeCompare(b.article))
      .map(({ article, text }) =>
        fingerprintArticle(
          article,
          text,
          anchors.filter((a) => a.article === article),
        ),
      ),
  };
}

/** Answers "is this run of words in a source article?" from the hashes alone. */
export function fingerprintRuns(fingerprint: SourceFingerprint): RunLookup {
  const hashes = new Set(fingerprint.articles.flatMap((a) => a.runs));
  return { has: (run) => hashes.has(runHash(run)) };
}

/** Is `source.heading` a heading of its article, or a phrase the fingerprint vouches for? */
export function anchorIsKnown(fingerprint: SourceFingerprint, source: SourceAnchor): boolean {
  const article = fingerprint.articles.find((a) => a.article === source.article);
  if (!article) return false;
  const key = headingKey(source.heading);
  return article.headings.some((h) => headingKey(h) === key) || article.anchors.includes(runHash(key));
}
