import { PermissionFlagsBits } from 'discord-api-types/v10';
import { errors, FormErrors } from '../errors.js';
import type { Dict } from '../json.js';
import { asString } from '../json.js';
import { apiChannel, apiGuild, apiMember, apiRole } from '../serialize.js';
import type { FakeGuild } from '../state.js';
import { isThread } from '../state.js';
import { type RouteKit } from './kit.js';

/** Guilds: the guild, its channels, roles and members, its active threads. */
export function addGuildRoutes(k: RouteKit): void {
  const { s, world, add, ok, noContent, id, body, guildFor, archiveIfIdle } = k;
  add('GET', '/guilds/:guildId', (ctx) =>
    ok(apiGuild(guildFor(ctx), ctx.query.get('with_counts') === 'true')),
  );
  add('GET', '/guilds/:guildId/channels', (ctx) =>
    ok(guildFor(ctx).channels.map((c) => apiChannel(world, c))),
  );
  add('GET', '/guilds/:guildId/roles', (ctx) => ok(guildFor(ctx).roles.map(apiRole)));
  const requireMembersIntent = (): void => {
    if (!s.membersIntentEnabled) throw errors.missingAccess();
  };
  add('GET', '/guilds/:guildId/members', (ctx) => {
    const guild = guildFor(ctx);
    requireMembersIntent();
    const limit = Number(ctx.query.get('limit') ?? '1');
    const after = ctx.query.get('after') ?? '0';
    const form = new FormErrors();
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      form.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 1000.');
    }
    if (!/^\d+$/.test(after)) form.add(['after'], 'NUMBER_TYPE_COERCE', `Value "${after}" is not snowflake.`);
    form.throwIfAny();
    return ok(guild.membersAfter(after, limit).map((m) => apiMember(m)));
  });
  add('GET', '/guilds/:guildId/members/search', (ctx) => {
    const guild = guildFor(ctx);
    requireMembersIntent();
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const limit = Math.min(1000, Math.max(1, Number(ctx.query.get('limit') ?? '1')));
    const found = [];
    for (const m of guild.allMembers()) {
      if (found.length >= limit) break;
      if (m.username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query))
        found.push(m);
    }
    return ok(found.map((m) => apiMember(m)));
  });
  add('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const member = guildFor(ctx).member(id(ctx, 'userId'));
    if (!member) throw errors.unknownMember();
    return ok(apiMember(member));
  });
  const memberUpdated = (guild: FakeGuild, userId: string): Dict => {
    const member = guild.member(userId);
    if (!member) throw errors.unknownMember();
    const payload = { guild_id: guild.id, ...apiMember(member) };
    s.emitGuild(guild, 'GUILD_MEMBER_UPDATE', payload);
    world.changed();
    return apiMember(member);
  };
  add('PATCH', '/guilds/:guildId/members/:userId', (ctx) => {
    const guild = guildFor(ctx);
    const member = guild.member(id(ctx, 'userId'));
    if (!member) throw errors.unknownMember();
    const b = body(ctx);
    if ('nick' in b) member.nick = asString(b['nick']) ?? null;
    if (Array.isArray(b['roles'])) {
      const roles = b['roles'].map(String);
      if (roles.some((r) => !guild.role(r))) throw errors.unknownRole();
      member.roles = roles.filter((r) => r !== guild.id);
    }
    return ok(memberUpdated(guild, member.id));
  });
  for (const method of ['PUT', 'DELETE'] as const) {
    add(method, '/guilds/:guildId/members/:userId/roles/:roleId', (ctx) => {
      const guild = guildFor(ctx);
      const member = guild.member(id(ctx, 'userId'));
      if (!member) throw errors.unknownMember();
      const role = guild.role(id(ctx, 'roleId'));
      if (!role) throw errors.unknownRole();
      if (role.managed || role.id === guild.id) throw errors.missingPermissions();
      if ((guild.permissionsOf(guild.botMember) & PermissionFlagsBits.ManageRoles) === 0n) {
        throw errors.missingPermissions();
      }
      const has = member.roles.includes(role.id);
      if (method === 'PUT' && !has) member.roles.push(role.id);
      if (method === 'DELETE' && has) member.roles = member.roles.filter((r) => r !== role.id);
      memberUpdated(guild, member.id);
      return noContent();
    });
  }
  add('GET', '/guilds/:guildId/threads/active', (ctx) => {
    const guild = guildFor(ctx);
    for (const c of world.channels.values()) if (c.guildId === guild.id) archiveIfIdle(c);
    const threads = [...world.channels.values()].filter(
      (c) => c.guildId === guild.id && isThread(c) && !c.deleted && !c.archived,
    );
    return ok({
      threads: threads.map((t) => apiChannel(world, t)),
      members: threads
        .filter((t) => world.threadMembers.get(t.id)?.has(world.botUser.id))
        .map((t) => ({
          id: t.id,
          user_id: world.botUser.id,
          join_timestamp: world.threadMembers.get(t.id)?.get(world.botUser.id),
          flags: 0,
        })),
    });
  });
}
