import { z } from 'zod';

// Step ids are persisted as members' progress keys, so their shape is locked down hard.
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const LIMITS = {
  stageTitle: 60,
  stageSummary: 300,
  stepId: 40,
  stepTitle: 80,
  summary: 300,
  why: 600,
  practice: 600,
  checklistMin: 3,
  checklistMax: 8,
  checklistItem: 150,
  resourcesMax: 10,
  resourceName: 100,
  keywordsMax: 20,
  keyword: 40,
  trackItem: 60,
} as const;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const IdSchema = z
  .string()
  .max(LIMITS.stepId)
  .regex(ID_PATTERN, 'must be lower-kebab-case (a-z, 0-9 and single hyphens)');

export const RESOURCE_KINDS = [
  'book',
  'platform',
  'tool',
  'course',
  'certification',
  'community',
  'site',
] as const;

export const ResourceSchema = z.strictObject({
  name: text(LIMITS.resourceName),
  url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).optional(),
  kind: z.enum(RESOURCE_KINDS),
});

export const SourceSchema = z.strictObject({
  id: IdSchema,
  article: z.string().regex(/^[\w.-]+\.txt$/, 'must be a seed file name such as 003_xxx.txt'),
  heading: text(120),
});

export const StepSchema = z.strictObject({
  id: IdSchema,
  title: text(LIMITS.stepTitle),
  summary: text(LIMITS.summary),
  why: text(LIMITS.why),
  practice: text(LIMITS.practice),
  checklist: z.array(text(LIMITS.checklistItem)).min(LIMITS.checklistMin).max(LIMITS.checklistMax),
  resources: z.array(ResourceSchema).max(LIMITS.resourcesMax),
  keywords: z.array(text(LIMITS.keyword)).min(1, 'needs at least one keyword').max(LIMITS.keywordsMax),
  trackAware: z.boolean().optional(),
  sources: z.array(IdSchema).min(1, 'must name at least one source section'),
});

export const StageSchema = z.strictObject({
  id: IdSchema,
  title: text(LIMITS.stageTitle),
  summary: text(LIMITS.stageSummary),
  // One grapheme that renders as an emoji; keycaps and flags are not used here, so this is enough.
  emoji: z.string().regex(/^\p{Extended_Pictographic}\uFE0F?$/u, 'must be a single emoji'),
  steps: z.array(StepSchema).min(1, 'needs at least one step'),
});

export const TRACK_IDS = ['python', 'javascript', 'java', 'ruby', 'php', 'go', 'csharp'] as const;

const trackList = z.array(text(LIMITS.trackItem)).min(1, 'needs at least one entry').max(12);

export const TrackSchema = z.strictObject({
  id: z.enum(TRACK_IDS),
  name: text(40),
  summary: text(300),
  // Alternative spellings members type into autocomplete ("node", "golang", "c#").
  aliases: z.array(text(LIMITS.keyword)).max(10),
  frameworks: trackList,
  dataTools: trackList,
  testing: trackList,
  tools: trackList,
  resources: z.array(ResourceSchema).max(LIMITS.resourcesMax),
  sources: z.array(IdSchema).min(1, 'must name at least one source section'),
});

/**
 * Which edition of the roadmap this is, shown on the overview. Step ids are members' progress keys, so an
 * edition keeps every earlier id (tests/fixtures/content/step-ids-edition-1.json); renaming one needs a
 * migration of step_progress.
 */
export const EditionSchema = z.strictObject({
  edition: z.number().int().min(1),
  published: z.iso.date({ error: 'must be a date such as 2026-11-30' }),
  whatsNew: text(200),
});

export const SourcesFileSchema = z.array(SourceSchema).min(1);
export const TracksFileSchema = z.array(TrackSchema).min(1);

export const RoadmapSchema = z
  .strictObject({
    edition: EditionSchema,
    sources: SourcesFileSchema,
    tracks: TracksFileSchema,
    stages: z.array(StageSchema).min(1),
  })
  .superRefine((roadmap, ctx) => {
    const duplicate = (seen: Set<string>, id: string): boolean => {
      if (seen.has(id)) return true;
      seen.add(id);
      return false;
    };

    const sourceIds = new Set<string>();
    roadmap.sources.forEach((source, i) => {
      if (duplicate(sourceIds, source.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'id'],
          message: `duplicate source id "${source.id}"`,
        });
      }
    });

    const checkSources = (list: readonly string[], path: (string | number)[]) => {
      list.forEach((id, k) => {
        if (!sourceIds.has(id)) {
          ctx.addIssue({ code: 'custom', path: [...path, k], message: `unknown source id "${id}"` });
        }
      });
    };

    const trackIds = new Set<string>();
    roadmap.tracks.forEach((track, i) => {
      if (duplicate(trackIds, track.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tracks', i, 'id'],
          message: `duplicate track id "${track.id}"`,
        });
      }
      checkSources(track.sources, ['tracks', i, 'sources']);
    });

    const stageIds = new Set<string>();
    const stepIds = new Set<string>();
    roadmap.stages.forEach((stage, i) => {
      if (duplicate(stageIds, stage.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'id'],
          message: `duplicate stage id "${stage.id}"`,
        });
      }
      stage.steps.forEach((step, j) => {
        const at = ['stages', i, 'steps', j];
        if (duplicate(stepIds, step.id)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate step id "${step.id}"` });
        }
        checkSources(step.sources, [...at, 'sources']);
        const seenKeywords = new Set<string>();
        step.keywords.forEach((keyword, k) => {
          if (duplicate(seenKeywords, keyword.toLowerCase())) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'keywords', k],
              message: `duplicate keyword "${keyword}"`,
            });
          }
        });
      });
    });
  });

export type Resource = z.infer<typeof ResourceSchema>;
export type Edition = z.infer<typeof EditionSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Stage = z.infer<typeof StageSchema>;
export type Track = z.infer<typeof TrackSchema>;
export type TrackId = (typeof TRACK_IDS)[number];
export type Roadmap = z.infer<typeof RoadmapSchema>;
