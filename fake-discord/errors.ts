import type { Dict } from './json.js';

/** An error answered to the client exactly as Discord would: HTTP status plus JSON body. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Dict,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${typeof body['message'] === 'string' ? body['message'] : ''}`.trim());
    this.name = 'DiscordHttpError';
  }
}

function jsonError(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { message, code });
}

/** Discord's JSON error codes used by the fake (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const errors = {
  notFound: () => jsonError(404, 0, '404: Not Found'),
  unauthorized: () => jsonError(401, 0, '401: Unauthorized'),
  methodNotAllowed: () => jsonError(405, 0, '405: Method Not Allowed'),
  unknownChannel: () => jsonError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => jsonError(404, 10004, 'Unknown Guild'),
  unknownMember: () => jsonError(404, 10007, 'Unknown Member'),
  unknownMessage: () => jsonError(404, 10008, 'Unknown Message'),
  unknownRole: () => jsonError(404, 10011, 'Unknown Role'),
  unknownUser: () => jsonError(404, 10013, 'Unknown User'),
  unknownWebhook: () => jsonError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => jsonError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => jsonError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => jsonError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => jsonError(403, 50001, 'Missing Access'),
  cannotEditOthersMessage: () => jsonError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => jsonError(400, 50006, 'Cannot send an empty message'),
  cannotDmUser: () => jsonError(403, 50007, 'Cannot send messages to this user'),
  nonTextChannel: () => jsonError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => jsonError(403, 50013, 'Missing Permissions'),
  wrongChannelType: () => jsonError(400, 50024, 'Cannot execute action on this channel type'),
  invalidWebhookToken: () => jsonError(401, 50027, 'Invalid Webhook Token'),
  archivedThread: () => jsonError(400, 50083, 'Thread is archived'),
  invalidJson: () => jsonError(400, 50109, 'The request body contains invalid JSON.'),
  threadAlreadyCreated: () => jsonError(400, 160004, 'A thread has already been created for this message'),
};

export interface FieldError {
  code: string;
  message: string;
}

type ErrorTree = { _errors?: FieldError[]; [key: string]: ErrorTree | FieldError[] | undefined };

/**
 * Collects field errors into Discord's nested `Invalid Form Body` shape:
 * `{ code: 50035, message: 'Invalid Form Body', errors: { embeds: { 0: { title: { _errors: [...] } } } } }`.
 */
export class FormErrors {
  private readonly tree: ErrorTree = {};
  private count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const segment of path) {
      const key = String(segment);
      const next = node[key];
      if (next === undefined || Array.isArray(next)) {
        const created: ErrorTree = {};
        node[key] = created;
        node = created;
      } else {
        node = next;
      }
    }
    (node._errors ??= []).push({ code, message });
    this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  toError(): DiscordHttpError {
    return new DiscordHttpError(400, { message: 'Invalid Form Body', code: 50035, errors: this.tree });
  }

  throwIfAny(): void {
    if (this.count > 0) throw this.toError();
  }
}
