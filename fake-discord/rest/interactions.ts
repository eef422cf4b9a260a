import { apiMessage } from '../serialize.js';
import { type RouteKit } from './kit.js';
import type { RouteContext, RouteDef } from './routes.js';

/** Interaction callbacks and the webhook routes of an interaction's token (no bot token needed). */
export function addInteractionRoutes(k: RouteKit): void {
  const { s, world, add, ok, noContent } = k;
  // Discord serves these on the interaction's token alone: no bot token is asked for.
  const addTokenRoute = (method: string, path: string, handler: RouteDef['handler']) =>
    add(method, path, handler, false);
  // The interaction behind the webhook's application id and token (unknown or expired: Discord's refusal).
  const recordOf = (ctx: RouteContext) =>
    s.interactions.webhookRecord(ctx.params['applicationId'] ?? '', ctx.params['token'] ?? '');

  addTokenRoute('POST', '/interactions/:interactionId/:token/callback', (ctx) =>
    s.interactions.callback(
      ctx.params['interactionId'] ?? '',
      ctx.params['token'] ?? '',
      ctx.body,
      ctx.files,
      ctx.query.get('with_response') === 'true',
    ),
  );
  addTokenRoute('POST', '/webhooks/:applicationId/:token', (ctx) => {
    const message = s.interactions.followUp(recordOf(ctx), ctx.body, ctx.files);
    return ctx.query.get('wait') === 'true' ? ok(apiMessage(message, world)) : noContent();
  });
  const webhookMessage = '/webhooks/:applicationId/:token/messages/:messageId';
  addTokenRoute('GET', webhookMessage, (ctx) => {
    const record = recordOf(ctx);
    return ok(apiMessage(s.interactions.webhookMessage(record, ctx.params['messageId'] ?? ''), world));
  });
  addTokenRoute('PATCH', webhookMessage, (ctx) => {
    const record = recordOf(ctx);
    const message = s.interactions.editWebhookMessage(
      record,
      ctx.params['messageId'] ?? '',
      ctx.body,
      ctx.files,
    );
    return ok(apiMessage(message, world));
  });
  addTokenRoute('DELETE', webhookMessage, (ctx) => {
    s.interactions.deleteWebhookMessage(recordOf(ctx), ctx.params['messageId'] ?? '');
    return noContent();
  });
}
