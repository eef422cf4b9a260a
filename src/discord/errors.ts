/**
 * An error whose message is meant for the member (bad input, a stale button, a missing permission).
 * The dispatcher shows its message as is; every other error gets a generic apology and a log line.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export const STALE_COMPONENT_MESSAGE =
  'This button or menu is out of date (it may come from an older message). Run the command again to get a fresh one.';
