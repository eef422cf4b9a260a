import { apiMessage } from '../serialize.js';
import { type RouteKit } from './kit.js';

/** Interaction callbacks and the webhook routes of an interaction's token (no bot token needed). */
export function addInteractionRoutes(k: RouteKit): void {
  const { s, world, add, ok, noContent } = k;
  add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (ctx) =>
      s.interactions.callback(
        ctx.params['interactionId'] ?? '',
        ctx.params['token'] ?? '',
        ctx.body,
        ctx.files,
        ctx.query.get('with_response') === 'true',
      ),
    false,
  );
  add(
    'POST',
    '/webhooks/:applicationId/:token',
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      const message = s.interactions.followUp(record, ctx.body, ctx.files);
      return ctx.query.get('wait') === 'true' ? ok(apiMessage(message, world)) : noContent();
    },
    false,
  );
  const webhookMessage = '/webhooks/:applicationId/:token/messages/:messageId';
  add(
    'GET',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      return ok(apiMessage(s.interactions.webhookMessage(record, ctx.params['messageId'] ?? ''), world));
    },
    false,
  );
  add(
    'PATCH',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      const message = s.interactions.editWebhookMessage(
        record,
        ctx.params['messageId'] ?? '',
        ctx.body,
        ctx.files,
      );
      return ok(apiMessage(message, world));
    },
    false,
  );
  add(
    'DELETE',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      s.interactions.deleteWebhookMessage(record, ctx.params['messageId'] ?? '');
      return noContent();
    },
    false,
  );
}
