import type { z } from 'zod';
import { ContentError, formatPath, plainErrorMap, problemsFromZod } from './errors.js';
import type { ContentProblem } from './errors.js';
import {
  EditionSchema,
  RoadmapSchema,
  SourcesFileSchema,
  StageSchema,
  TracksFileSchema,
  type Roadmap,
  type Stage,
} from '../domain/roadmap/schema.js';
import {
  BehaviouralFileSchema,
  QuestionBankSchema,
  StarGuideSchema,
  type QuestionBank,
} from '../domain/questions/schema.js';

/** A content file as read from disk; `path` is relative to the data directory. */
export interface ContentFile {
  path: string;
  text: string;
}

export const ROADMAP_FILES = {
  edition: 'roadmap/edition.json',
  sources: 'roadmap/sources.json',
  tracks: 'roadmap/tracks.json',
  stagesDir: 'roadmap/stages',
} as const;

export const QUESTION_FILES = {
  behavioural: 'questions/behavioural.json',
  starGuide: 'questions/star-guide.json',
} as const;

const PARSE_OPTIONS = { error: plainErrorMap, reportInput: true } as const;

function parseJson(file: ContentFile, problems: ContentProblem[]): unknown {
  try {
    return JSON.parse(file.text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ file: file.path, path: '', message: `is not valid JSON (${reason})` });
    return undefined;
  }
}

function validate<T>(schema: z.ZodType<T>, file: ContentFile, problems: ContentProblem[]): T | undefined {
  const json = parseJson(file, problems);
  if (json === undefined) return undefined;
  const result = schema.safeParse(json, PARSE_OPTIONS);
  if (result.success) return result.data;
  problems.push(...problemsFromZod(file.path, result.error));
  return undefined;
}

/**
 * Validates the roadmap files. Each file is checked on its own first so problems point at the right file;
 * the cross-file checks (unique ids, known sources) run afterwards and are mapped back to their file.
 */
export function parseRoadmapFiles(
  editionFile: ContentFile,
  sourcesFile: ContentFile,
  tracksFile: ContentFile,
  stageFiles: readonly ContentFile[],
  dataDir?: string,
): Roadmap {
  const problems: ContentProblem[] = [];
  if (stageFiles.length === 0) {
    problems.push({ file: ROADMAP_FILES.stagesDir, path: '', message: 'contains no stage files (*.json)' });
  }
  const edition = validate(EditionSchema, editionFile, problems);
  const sources = validate(SourcesFileSchema, sourcesFile, problems);
  const tracks = validate(TracksFileSchema, tracksFile, problems);
  const stages = stageFiles.map((file) => validate(StageSchema, file, problems));
  if (problems.length > 0 || !edition || !sources || !tracks) throw new ContentError(problems, dataDir);

  const roadmap = {
    edition,
    sources,
    tracks,
    stages: stages.filter((stage): stage is Stage => stage !== undefined),
  };
  const result = RoadmapSchema.safeParse(roadmap, PARSE_OPTIONS);
  if (result.success) return result.data;

  const files: Record<string, ContentFile> = {
    edition: editionFile,
    sources: sourcesFile,
    tracks: tracksFile,
  };
  for (const issue of result.error.issues) {
    const [section, index, ...rest] = issue.path;
    if (section === 'stages' && typeof index === 'number') {
      problems.push({
        file: stageFiles[index]?.path ?? ROADMAP_FILES.stagesDir,
        path: formatPath(rest),
        message: issue.message,
      });
    } else {
      const file = typeof section === 'string' ? files[section] : undefined;
      problems.push({
        file: file?.path ?? 'roadmap',
        path: formatPath(file ? issue.path.slice(1) : issue.path),
        message: issue.message,
      });
    }
  }
  throw new ContentError(problems, dataDir);
}

export function parseQuestionFiles(
  behaviouralFile: ContentFile,
  starGuideFile: ContentFile,
  dataDir?: string,
): QuestionBank {
  const problems: ContentProblem[] = [];
  const behavioural = validate(BehaviouralFileSchema, behaviouralFile, problems);
  const starGuide = validate(StarGuideSchema, starGuideFile, problems);
  if (problems.length > 0 || !behavioural || !starGuide) throw new ContentError(problems, dataDir);

  const result = QuestionBankSchema.safeParse({ ...behavioural, starGuide }, PARSE_OPTIONS);
  if (result.success) return result.data;
  // Cross-checks only concern the questions file; star-guide issues were all caught above.
  throw new ContentError(
    result.error.issues.map((issue) => {
      const [first, ...rest] = issue.path;
      return first === 'starGuide'
        ? { file: starGuideFile.path, path: formatPath(rest), message: issue.message }
        : { file: behaviouralFile.path, path: formatPath(issue.path), message: issue.message };
    }),
    dataDir,
  );
}
