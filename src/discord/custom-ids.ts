import { z } from 'zod';
import { STEP_ACTIONS } from '../domain/progress/progress.js';
import { customId } from './custom-id.js';

/**
 * Every custom id Stepwise puts on a button, menu or modal, in one list: render builds them with
 * `.build(…)`, commands handle them with `defineComponent(spec, …)`. Arguments are checked by zod when
 * an id comes back, so a forged or outdated one is refused as stale.
 */

/** Discord ids (users, servers) inside our own custom ids. */
export const Snowflake = z.string().regex(/^\d{17,20}$/);
/** Roadmap step and stage ids (the content's own ids, or a placeholder for a disabled button). */
export const ContentId = z.string().max(60);
const RoundKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const GroupId = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);
const StepActionArg = z.enum(STEP_ACTIONS);

// /roadmap: every card names its owner, whose buttons they are.
export const roadmapIds = {
  overview: customId('roadmap', 'overview', z.tuple([Snowflake])),
  progress: customId('roadmap', 'progress', z.tuple([Snowflake])),
  stageMenu: customId('roadmap', 'stage', z.tuple([Snowflake])),
  openStage: customId('roadmap', 'open-stage', z.tuple([Snowflake, ContentId])),
  stepMenu: customId('roadmap', 'step', z.tuple([Snowflake])),
  openStep: customId('roadmap', 'open', z.tuple([Snowflake, ContentId])),
  setStep: customId('roadmap', 'set', z.tuple([Snowflake, ContentId, StepActionArg])),
  proof: customId('roadmap', 'proof', z.tuple([Snowflake, ContentId])),
  proofSubmit: customId('roadmap', 'proof-submit', z.tuple([Snowflake, ContentId])),
};

// /checkin: prompts may sit in a DM, so they carry their server.
export const checkinIds = {
  answer: customId('checkin', 'answer', z.tuple([Snowflake, RoundKey])),
  submit: customId('checkin', 'submit', z.tuple([Snowflake, RoundKey])),
};

// Interview threads: every button acts on one group.
export const interviewIds = {
  met: customId('interview', 'met', z.tuple([GroupId])),
  missed: customId('interview', 'missed', z.tuple([GroupId])),
  feedback: customId('interview', 'feedback', z.tuple([GroupId])),
  submitFeedback: customId('interview', 'submit', z.tuple([GroupId])),
  myFeedback: customId('interview', 'mine', z.tuple([GroupId])),
  notes: customId('interview', 'notes', z.tuple([GroupId])),
};

// /privacy delete: the confirmation belongs to the member who asked.
export const privacyIds = {
  confirmDeletion: customId('privacy', 'delete', z.tuple([Snowflake])),
  cancelDeletion: customId('privacy', 'cancel', z.tuple([Snowflake])),
};
