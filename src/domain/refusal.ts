/**
 * Every "no" a member or admin can get from a use case, as a reason code and its data. Services throw
 * a `Refusal`; the Discord dispatcher answers it ephemerally and render (src/discord/render/refusals.ts)
 * turns it into words, so no service writes Discord text and no command needs its own try/catch.
 */
export type RefusalReason =
  // check-ins
  | { code: 'checkins-not-set-up' }
  | { code: 'checkins-setup-invalid'; problems: readonly string[] }
  | { code: 'checkins-not-joined' }
  | { code: 'checkins-pause-weeks'; min: number; max: number }
  | { code: 'checkin-closed'; wanted: 'answer' | 'edit' }
  | { code: 'checkin-answer-invalid'; problems: readonly string[] }
  // mock interviews
  | { code: 'interviews-not-set-up' }
  | { code: 'interviews-setup-invalid'; problems: readonly string[] }
  | { code: 'interviews-join-invalid'; problems: readonly string[] }
  | { code: 'interviews-not-joined' }
  | { code: 'interview-group-gone' }
  | { code: 'interview-not-in-group' }
  | { code: 'interview-round-ended' }
  | { code: 'interview-candidate-gone' }
  | { code: 'interview-feedback-invalid'; problems: readonly string[] }
  | { code: 'interview-no-question' }
  | { code: 'interview-round-already-ran'; ranAt: Date; nextAt: Date }
  // roadmap
  | { code: 'roadmap-unknown-step'; stepId: string }
  /** Refusals of the Discord layer itself (stale buttons, permissions), already worded there. */
  | { code: 'worded'; text: string };

export type RefusalCode = RefusalReason['code'];

/** A use case said no for a reason the member can act on; not a failure, nothing is logged as an error. */
export class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(`refused: ${reason.code}`);
    this.name = 'Refusal';
  }

  get code(): RefusalCode {
    return this.reason.code;
  }
}
