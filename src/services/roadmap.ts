import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  applyStepAction,
  getProfile,
  getStepProgress,
  listStepProgress,
  toStepState,
  updateProfile,
  type MemberKey,
  type MemberProfile,
} from '../db/repositories/progress.js';
import {
  summarize,
  type ProgressSummary,
  type StepAction,
  type StepState,
  type StepStatus,
} from '../domain/progress/progress.js';
import { findTrack, locateStep, type StepLocation } from '../domain/roadmap/roadmap.js';
import type { Roadmap, Track } from '../domain/roadmap/schema.js';
import { Refusal } from '../domain/refusal.js';

export interface RoadmapDeps {
  db: Kysely<Database>;
  roadmap: Roadmap;
}

export interface MemberRoadmap {
  profile: MemberProfile;
  track: Track | undefined;
  states: Map<string, StepState>;
  summary: ProgressSummary;
}

/** Everything about one member's roadmap in one read: profile, states per step, summary. */
export async function loadMemberRoadmap(
  { db, roadmap }: RoadmapDeps,
  member: MemberKey,
): Promise<MemberRoadmap> {
  const [profile, rows] = await Promise.all([getProfile(db, member), listStepProgress(db, member)]);
  const states = new Map<string, StepState>();
  // Steps removed from the content keep their rows (history) but no longer count.
  for (const row of rows) if (locateStep(roadmap, row.step_id)) states.set(row.step_id, toStepState(row));
  const statuses = new Map<string, StepStatus>([...states].map(([id, state]) => [id, state.status]));
  const outline = roadmap.stages.map((stage) => ({
    id: stage.id,
    stepIds: stage.steps.map((step) => step.id),
  }));
  return {
    profile,
    track: profile.track ? findTrack(roadmap, profile.track) : undefined,
    states,
    summary: summarize(outline, statuses),
  };
}

/** What one step card needs: the member's track and their state on that one step (one row, not all). */
export type StepView = Pick<MemberRoadmap, 'track' | 'states'>;

export async function loadStepView(
  { db, roadmap }: RoadmapDeps,
  member: MemberKey,
  stepId: string,
): Promise<StepView> {
  const [profile, row] = await Promise.all([getProfile(db, member), getStepProgress(db, member, stepId)]);
  return {
    track: profile.track ? findTrack(roadmap, profile.track) : undefined,
    states: new Map(row ? [[stepId, toStepState(row)]] : []),
  };
}

export function requireStep(roadmap: Roadmap, stepId: string): StepLocation {
  const location = locateStep(roadmap, stepId);
  if (!location) throw new Refusal({ code: 'roadmap-unknown-step', stepId });
  return location;
}

/** One button press on a step card, applied in one transaction. */
export async function changeStep(
  { db, roadmap }: RoadmapDeps,
  member: MemberKey,
  stepId: string,
  action: StepAction,
  at: Date,
  proofUrl?: string | null,
): Promise<{ changed: boolean }> {
  requireStep(roadmap, stepId);
  const { changed } = await applyStepAction(db, member, stepId, action, at, proofUrl);
  return { changed };
}

export async function setTrack(
  { db, roadmap }: RoadmapDeps,
  member: MemberKey,
  trackId: string,
  at: Date,
): Promise<Track> {
  const track = findTrack(roadmap, trackId);
  if (!track) throw new Error(`Unknown track "${trackId}"`);
  await updateProfile(db, member, { track: track.id }, at);
  return track;
}

export async function setShareProgress(
  deps: RoadmapDeps,
  member: MemberKey,
  share: boolean,
  at: Date,
): Promise<void> {
  await updateProfile(deps.db, member, { shareProgress: share }, at);
}

export type ProgressAccess = { allowed: true; view: MemberRoadmap } | { allowed: false; reason: 'private' };

/** A member always sees their own progress; someone else's only if that member chose to share it. */
export async function viewProgress(
  deps: RoadmapDeps,
  viewer: MemberKey,
  target: MemberKey,
): Promise<ProgressAccess> {
  const view = await loadMemberRoadmap(deps, target);
  if (viewer.userId !== target.userId && !view.profile.shareProgress)
    return { allowed: false, reason: 'private' };
  return { allowed: true, view };
}
