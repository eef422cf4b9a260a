import { Refusal } from '../domain/refusal.js';

/**
 * A refusal worded by the Discord layer itself (bad input, a stale button, a missing permission).
 * Like every Refusal, the dispatcher answers it ephemerally; every other error gets a generic apology
 * and a log line.
 */
export class UserFacingError extends Refusal {
  constructor(text: string) {
    super({ code: 'worded', text });
    this.name = 'UserFacingError';
    this.message = text;
  }
}

export const STALE_COMPONENT_MESSAGE =
  'This button or menu is out of date (it may come from an older message). Run the command again to get a fresh one.';
