import { errors, FormErrors } from '../errors.js';
import type { Dict } from '../json.js';
import { apiChannel, apiUser } from '../serialize.js';
import { isSnowflake } from '../snowflake.js';
import { type RouteKit } from './kit.js';
import type { RouteContext } from './routes.js';

/** Gateway discovery, the bot user and its DMs, the application and its commands. */
export function addUserRoutes(k: RouteKit): void {
  const { s, world, add, ok, noContent, id, body, guildFor } = k;
  add('GET', '/gateway', () => ok({ url: s.gatewayUrl() }), false);
  add('GET', '/gateway/bot', () =>
    ok({
      url: s.gatewayUrl(),
      shards: s.recommendedShards(),
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );

  // ---- users ----------------------------------------------------------------------------------------------
  add('GET', '/users/@me', () =>
    ok({ ...apiUser(world.botUser), bot: true, verified: true, mfa_enabled: false }),
  );
  add('GET', '/users/@me/guilds', () =>
    ok(
      world.guilds
        .filter((g) => g.botPresent)
        .map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          banner: null,
          owner: false,
          permissions: g.permissionsOf(g.botMember).toString(),
          features: [],
        })),
    ),
  );
  add('DELETE', '/users/@me/guilds/:guildId', (ctx) => {
    const guild = guildFor(ctx);
    s.emitGuild(guild, 'GUILD_DELETE', { id: guild.id });
    guild.botPresent = false;
    guild.removeMember(world.botUser.id);
    world.changed();
    return noContent();
  });
  add('GET', '/users/:userId', (ctx) => {
    const user = world.users.get(id(ctx, 'userId'));
    if (!user) throw errors.unknownUser();
    return ok(apiUser(user));
  });
  add('POST', '/users/@me/channels', (ctx) => {
    const recipient = body(ctx)['recipient_id'];
    if (!isSnowflake(recipient)) {
      const form = new FormErrors();
      form.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(recipient)}" is not snowflake.`);
      throw form.toError();
    }
    const user = world.users.get(recipient);
    if (!user) throw errors.unknownUser();
    return ok(apiChannel(world, world.openDmChannel(user)));
  });

  // ---- application & commands -----------------------------------------------------------------------------
  const application = (): Dict => {
    const owner = world.guilds[0]?.owner.user;
    return {
      id: world.applicationId,
      name: world.botUser.username,
      icon: null,
      description: 'Stepwise (fake Discord)',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: owner ? apiUser(owner) : null,
      team: null,
      bot: apiUser(world.botUser),
      approximate_guild_count: world.guilds.filter((g) => g.botPresent).length,
      approximate_user_install_count: 0,
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      tags: [],
    };
  };
  add('GET', '/applications/@me', () => ok(application()));
  add('GET', '/oauth2/applications/@me', () => ok(application()));

  const appScope = (ctx: RouteContext, guildScoped: boolean): string => {
    if (id(ctx, 'applicationId') !== world.applicationId) throw errors.missingAccess();
    return guildScoped ? guildFor(ctx).id : 'global';
  };
  for (const [prefix, guildScoped] of [
    ['/applications/:applicationId/commands', false],
    ['/applications/:applicationId/guilds/:guildId/commands', true],
  ] as const) {
    add('GET', prefix, (ctx) => ok(s.commands.list(appScope(ctx, guildScoped))));
    add('PUT', prefix, (ctx) => ok(s.commands.overwrite(appScope(ctx, guildScoped), ctx.body)));
    add('POST', prefix, (ctx) => {
      const { command, created } = s.commands.upsert(appScope(ctx, guildScoped), ctx.body);
      return ok(command, created ? 201 : 200);
    });
    add('GET', `${prefix}/:commandId`, (ctx) =>
      ok(s.commands.get(appScope(ctx, guildScoped), id(ctx, 'commandId'))),
    );
    add('PATCH', `${prefix}/:commandId`, (ctx) =>
      ok(s.commands.edit(appScope(ctx, guildScoped), id(ctx, 'commandId'), ctx.body)),
    );
    add('DELETE', `${prefix}/:commandId`, (ctx) => {
      s.commands.delete(appScope(ctx, guildScoped), id(ctx, 'commandId'));
      return noContent();
    });
  }
}
