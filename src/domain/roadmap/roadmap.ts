import type { Roadmap, Stage, Step, Track } from './schema.js';

export interface StepLocation {
  step: Step;
  stage: Stage;
  /** 0-based position in the whole roadmap. */
  index: number;
  /** 0-based position inside its stage. */
  indexInStage: number;
  stageIndex: number;
}

interface RoadmapIndex {
  ordered: StepLocation[];
  byId: Map<string, StepLocation>;
}

// Roadmaps are immutable after loading, so the index is computed once per object and shared.
const indexCache = new WeakMap<Roadmap, RoadmapIndex>();

function indexOf(roadmap: Roadmap): RoadmapIndex {
  const cached = indexCache.get(roadmap);
  if (cached) return cached;
  const ordered: StepLocation[] = [];
  roadmap.stages.forEach((stage, stageIndex) => {
    stage.steps.forEach((step, indexInStage) => {
      ordered.push({ step, stage, index: ordered.length, indexInStage, stageIndex });
    });
  });
  const index = { ordered, byId: new Map(ordered.map((loc) => [loc.step.id, loc])) };
  indexCache.set(roadmap, index);
  return index;
}

/** Every step in roadmap order (stage by stage). */
export function allSteps(roadmap: Roadmap): Step[] {
  return indexOf(roadmap).ordered.map((loc) => loc.step);
}

export function stepCount(roadmap: Roadmap): number {
  return indexOf(roadmap).ordered.length;
}

export function findStep(roadmap: Roadmap, id: string): Step | undefined {
  return indexOf(roadmap).byId.get(id)?.step;
}

/** Where a step sits: its stage and positions, or undefined for an unknown id. */
export function locateStep(roadmap: Roadmap, id: string): StepLocation | undefined {
  return indexOf(roadmap).byId.get(id);
}

export function stageOfStep(roadmap: Roadmap, stepId: string): Stage | undefined {
  return indexOf(roadmap).byId.get(stepId)?.stage;
}

export function findStage(roadmap: Roadmap, id: string): Stage | undefined {
  return roadmap.stages.find((stage) => stage.id === id);
}

export function previousStep(roadmap: Roadmap, stepId: string): Step | undefined {
  const { ordered, byId } = indexOf(roadmap);
  const loc = byId.get(stepId);
  return loc ? ordered[loc.index - 1]?.step : undefined;
}

export function nextStep(roadmap: Roadmap, stepId: string): Step | undefined {
  const { ordered, byId } = indexOf(roadmap);
  const loc = byId.get(stepId);
  return loc ? ordered[loc.index + 1]?.step : undefined;
}

/** First step (in roadmap order) whose id is not in `done`; undefined when everything is done. */
export function firstUnfinishedStep(roadmap: Roadmap, done: ReadonlySet<string>): Step | undefined {
  return indexOf(roadmap).ordered.find((loc) => !done.has(loc.step.id))?.step;
}

// Track lookups run on every card; normalising every name and alias each time showed up in profiles.
const trackIndexCache = new WeakMap<Roadmap, Map<string, Track>>();

export function findTrack(roadmap: Roadmap, idOrAlias: string): Track | undefined {
  let index = trackIndexCache.get(roadmap);
  if (!index) {
    index = new Map();
    for (const track of roadmap.tracks) {
      for (const key of [track.id, normalize(track.name), ...track.aliases.map(normalize)]) {
        if (!index.has(key)) index.set(key, track);
      }
    }
    trackIndexCache.set(roadmap, index);
  }
  return index.get(idOrAlias) ?? index.get(normalize(idOrAlias));
}

// ---------------------------------------------------------------------------
// Search

export const MAX_SEARCH_RESULTS = 25;

/** Lower-case, keep letters, digits and '#' (for "c#"), collapse everything else to single spaces. */
export function normalize(input: string): string {
  return input
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9#+]+/g, ' ')
    .trim();
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("gti" → "git" is 1). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
      rowMin = Math.min(rowMin, value);
    }
    // Every later row is at least this row's minimum, so the bound is already exceeded.
    if (rowMin > max) return max + 1;
  }
  return at(a.length, b.length);
}

/** Typos tolerated for a query word of this length: none for 1–2 letters, one up to 5, then two. */
function allowedTypos(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return 2;
}

interface SearchTerms {
  phrases: string[];
  words: string[];
}

const termsCache = new WeakMap<Step, SearchTerms>();

function termsOf(step: Step): SearchTerms {
  const cached = termsCache.get(step);
  if (cached) return cached;
  const phrases = [step.title, step.id.replace(/-/g, ' '), ...step.keywords].map(normalize).filter(Boolean);
  const words = [...new Set(phrases.flatMap((phrase) => phrase.split(' ')))];
  const terms = { phrases, words };
  termsCache.set(step, terms);
  return terms;
}

// Score tiers: an exact hit always beats a prefix hit, which beats a typo-tolerant hit.
const SCORE = {
  exactPhrase: 100,
  phrasePrefix: 85,
  exactWord: 75,
  wordPrefix: 60,
  substring: 40,
  typo: 30,
  typoPrefix: 20,
} as const;

function scoreWord(token: string, terms: SearchTerms): number {
  let best = 0;
  const typos = allowedTypos(token.length);
  for (const word of terms.words) {
    if (word === token) return SCORE.exactWord;
    if (word.startsWith(token)) best = Math.max(best, SCORE.wordPrefix);
    else if (token.length >= 3 && word.includes(token)) best = Math.max(best, SCORE.substring);
    else if (typos > 0 && best < SCORE.typo) {
      const distance = editDistance(token, word, typos);
      if (distance <= typos) {
        best = Math.max(best, SCORE.typo - 5 * (distance - 1));
      } else if (
        token.length >= 4 &&
        word.length > token.length &&
        editDistance(token, word.slice(0, token.length), 1) <= 1
      ) {
        // Half-typed word with a slip, as happens while autocomplete is open: "dokc" → "docker".
        best = Math.max(best, SCORE.typoPrefix);
      }
    }
  }
  return best;
}

function scoreStep(query: string, tokens: string[], step: Step): number {
  const terms = termsOf(step);
  let best = 0;
  for (const phrase of terms.phrases) {
    if (phrase === query) return SCORE.exactPhrase;
    if (phrase.startsWith(query)) best = Math.max(best, SCORE.phrasePrefix);
  }
  // Multi-word queries: average per word so one unmatched word lowers but does not hide a result.
  const total = tokens.reduce((sum, token) => sum + scoreWord(token, terms), 0);
  return Math.max(best, total / tokens.length);
}

export interface SearchHit {
  step: Step;
  score: number;
}

/** Ranked, typo-tolerant search over step titles, ids and keywords. */
export function searchStepsWithScores(
  roadmap: Roadmap,
  query: string,
  limit = MAX_SEARCH_RESULTS,
): SearchHit[] {
  const max = Math.max(0, Math.floor(limit));
  const ordered = allSteps(roadmap);
  const q = normalize(query);
  if (q === '') return ordered.slice(0, max).map((step) => ({ step, score: 0 }));
  const tokens = q.split(' ');
  const hits = ordered
    .map((step, order) => ({ step, order, score: scoreStep(q, tokens, step) }))
    .filter((hit) => hit.score > 0);
  // Typo matches are a fallback: once something matches as typed, look-alikes ("fit" for "git") are noise.
  const best = hits.reduce((max, hit) => Math.max(max, hit.score), 0);
  const floor = best >= SCORE.substring ? SCORE.substring : 0;
  return hits
    .filter((hit) => hit.score >= floor)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, max)
    .map(({ step, score }) => ({ step, score }));
}

/** Steps matching `query`, best first; an empty query lists steps in roadmap order. */
export function searchSteps(roadmap: Roadmap, query: string, limit = MAX_SEARCH_RESULTS): Step[] {
  return searchStepsWithScores(roadmap, query, limit).map((hit) => hit.step);
}
