import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, plainErrorMap, problemsFromZod } from './errors.js';
import { SourceFingerprintSchema } from './fingerprint.js';
import type { SourceFingerprint } from './fingerprint.js';
import { parseQuestionFiles, parseRoadmapFiles, QUESTION_FILES, ROADMAP_FILES } from './parse.js';
import type { ContentFile } from './parse.js';
import type { Roadmap } from '../domain/roadmap/schema.js';
import type { QuestionBank } from '../domain/questions/schema.js';

export { ContentError } from './errors.js';
export type { ContentProblem } from './errors.js';

/**
 * Walks up from this module to the folder holding package.json, so the same code finds `data/` whether it
 * runs from `src/` (tsx, vitest) or from `dist/src/`.
 */
export function findProjectRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${start}`);
    dir = parent;
  }
}

export function defaultDataDir(): string {
  return path.join(findProjectRoot(), 'data');
}

function readContent(dataDir: string, relative: string): ContentFile {
  const shown = relative.split(path.sep).join('/');
  try {
    return { path: shown, text: readFileSync(path.join(dataDir, relative), 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file is missing' : `cannot be read (${code ?? String(error)})`;
    throw new ContentError([{ file: shown, path: '', message: reason }], dataDir);
  }
}

function listJson(dataDir: string, relativeDir: string): string[] {
  try {
    return readdirSync(path.join(dataDir, relativeDir))
      .filter((name) => name.endsWith('.json'))
      .sort() // File names carry the stage order ("01-…", "02-…").
      .map((name) => `${relativeDir}/${name}`);
  } catch {
    throw new ContentError([{ file: relativeDir, path: '', message: 'folder is missing' }], dataDir);
  }
}

/**
 * Reads and validates `roadmap/` under `dataDir` (default: the project's `data/`).
 * Synchronous on purpose: a few small files read once at start-up; callers may still `await` it.
 * @throws ContentError listing every problem as `file → path: what is wrong`.
 */
export function loadRoadmap(dataDir: string = defaultDataDir()): Roadmap {
  const stageFiles = listJson(dataDir, ROADMAP_FILES.stagesDir).map((file) => readContent(dataDir, file));
  return parseRoadmapFiles(
    readContent(dataDir, ROADMAP_FILES.edition),
    readContent(dataDir, ROADMAP_FILES.sources),
    readContent(dataDir, ROADMAP_FILES.tracks),
    stageFiles,
    dataDir,
  );
}

/**
 * Reads and validates `questions/` under `dataDir` (default: the project's `data/`).
 * @throws ContentError listing every problem as `file → path: what is wrong`.
 */
export function loadQuestionBank(dataDir: string = defaultDataDir()): QuestionBank {
  return parseQuestionFiles(
    readContent(dataDir, QUESTION_FILES.behavioural),
    readContent(dataDir, QUESTION_FILES.starGuide),
    dataDir,
  );
}

export const SOURCE_FINGERPRINT_FILE = 'source-fingerprint.json';

/**
 * Reads the committed fingerprint of the source articles (hashes and headings; see `fingerprint.ts`).
 * Only the content checks use it; the bot itself never does.
 * @throws ContentError when the file is missing or malformed.
 */
export function loadSourceFingerprint(dataDir: string = defaultDataDir()): SourceFingerprint {
  const file = readContent(dataDir, SOURCE_FINGERPRINT_FILE);
  let json: unknown;
  try {
    json = JSON.parse(file.text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContentError(
      [{ file: file.path, path: '', message: `is not valid JSON (${reason})` }],
      dataDir,
    );
  }
  const result = SourceFingerprintSchema.safeParse(json, { error: plainErrorMap, reportInput: true });
  if (!result.success) throw new ContentError(problemsFromZod(file.path, result.error), dataDir);
  return result.data;
}
