import type { Refusal, RefusalReason } from '../../domain/refusal.js';
import { bullets, timestamp } from './format.js';

export const UNKNOWN_STEP_TEXT =
  'That step is not in the roadmap (it may have been renamed). Run `/roadmap` to browse the current steps.';

/** The words a member reads for a refusal; one place, so every feature says "no" alike. */
export function renderRefusal(refusal: Refusal | RefusalReason): string {
  const reason = 'reason' in refusal ? refusal.reason : refusal;
  switch (reason.code) {
    case 'checkins-not-set-up':
      return 'Check-ins are not set up in this server yet. Someone with **Manage Server** can run `/checkin-admin setup`.';
    case 'checkins-setup-invalid':
    case 'interviews-join-invalid':
      return reason.problems.join('\n');
    case 'checkins-not-joined':
      return 'You have not joined the weekly check-ins. Join with `/checkin join`.';
    case 'checkins-pause-weeks':
      return `Pause for ${reason.min} to ${reason.max} weeks.`;
    case 'checkin-closed':
      return reason.wanted === 'answer'
        ? 'That check-in has closed. Answer this week’s with `/checkin now`.'
        : 'That check-in has closed, so it can no longer be edited.';
    case 'checkin-answer-invalid':
    case 'interviews-setup-invalid':
      return `Nothing was saved:\n${bullets(reason.problems)}`;
    case 'interviews-not-set-up':
      return 'Mock interviews are not set up in this server yet. Someone with **Manage Server** can run `/interview-admin setup`.';
    case 'interviews-not-joined':
      return 'You are not in the mock-interview pool. Join with `/interview join`.';
    case 'interview-group-gone':
      return 'This interview group no longer exists.';
    case 'interview-not-in-group':
      return 'Only the members of this interview group can use these buttons.';
    case 'interview-round-ended':
      return 'This round has ended, so its meeting can no longer be changed.';
    case 'interview-candidate-gone':
      return 'The member you were to interview in this group is no longer part of it (they deleted their Stepwise data), so there is nobody to give feedback to.';
    case 'interview-feedback-invalid':
      return `Nothing was saved:\n${bullets(reason.problems)}\nPress **Give feedback** to try again.`;
    case 'interview-no-question':
      return 'There is no question for that competency yet.';
    case 'interview-round-already-ran':
      return `This cycle's round already ran (${timestamp(reason.ranAt, 'f')}); the next one starts ${timestamp(reason.nextAt, 'F')}.`;
    case 'roadmap-unknown-step':
      return UNKNOWN_STEP_TEXT;
    case 'worded':
      return reason.text;
  }
}
