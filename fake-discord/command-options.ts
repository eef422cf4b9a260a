import { ApplicationCommandOptionType, ComponentType } from 'discord-api-types/v10';
import { makeFile } from './http-body.js';
import type {
  AttachmentOptionInput,
  InteractionContext,
  OptionInput,
  SlashInput,
} from './interaction-types.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, isDict } from './json.js';
import { apiChannel, apiMember, apiRole, apiUser } from './serialize.js';
import type { FakeUser, World } from './state.js';
import type { FakeFile, StoredCommand } from './types.js';

/**
 * Turns test-friendly option values into Discord's option tree and `resolved` maps, typed from the registered
 * command definition when there is one.
 */
export class CommandOptionBuilder {
  private readonly commandIds = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly attachmentFiles: Map<string, FakeFile>,
    private readonly baseUrl: () => string,
  ) {}

  buildCommandData(
    input: SlashInput,
    ctx: InteractionContext,
    command: StoredCommand | undefined,
    focused: string | undefined,
  ): Dict {
    const resolved = new Resolved();
    let defs = command ? ((command.options ?? []) as Dict[]) : undefined;
    const path: string[] = [];
    const wrap: Dict[] = [];
    if (input.group) {
      const group = defs?.find((o) => o['name'] === input.group && o['type'] === 2);
      if (defs && !group)
        throw new Error(`fake-discord: /${input.name} has no subcommand group "${input.group}"`);
      defs = group ? (asArray(group['options']) ?? []).filter(isDict) : undefined;
      path.push(input.group);
      wrap.push({ type: 2, name: input.group });
    }
    if (input.subcommand) {
      const sub = defs?.find((o) => o['name'] === input.subcommand && o['type'] === 1);
      if (defs && !sub)
        throw new Error(`fake-discord: /${input.name} has no subcommand "${input.subcommand}"`);
      defs = sub ? (asArray(sub['options']) ?? []).filter(isDict) : undefined;
      path.push(input.subcommand);
      wrap.push({ type: 1, name: input.subcommand });
    } else if (defs?.some((o) => o['type'] === 1 || o['type'] === 2)) {
      throw new Error(`fake-discord: /${input.name} needs a subcommand`);
    }
    const label = `/${[input.name, ...path].join(' ')}`;
    const options = this.buildOptions(label, input.options ?? {}, defs, ctx, resolved, focused);
    let tree: Dict[] = options;
    for (const level of wrap.reverse()) tree = [{ ...level, options: tree }];
    const data: Dict = {
      id: command?.id ?? this.commandId(input.name),
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(tree.length > 0 ? { options: tree } : {}),
    };
    if (focused === undefined && !resolved.isEmpty()) data['resolved'] = resolved.toJSON();
    return data;
  }

  private commandId(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) {
      id = this.world.ids.next();
      this.commandIds.set(name, id);
    }
    return id;
  }

  private buildOptions(
    label: string,
    values: Record<string, OptionInput>,
    defs: Dict[] | undefined,
    ctx: InteractionContext,
    resolved: Resolved,
    focused: string | undefined,
  ): Dict[] {
    const out: Dict[] = [];
    const entries: [string, OptionInput][] = Object.entries(values);
    if (focused !== undefined && !(focused in values)) entries.push([focused, '']);
    for (const [name, value] of entries) {
      const def = defs?.find((o) => o['name'] === name);
      if (defs && !def) {
        throw new Error(
          `fake-discord: ${label} has no option "${name}" (options: ${defs.map((o) => String(o['name'])).join(', ')})`,
        );
      }
      if (name === focused) {
        out.push({ type: asNumber(def?.['type']) ?? 3, name, value: String(value), focused: true });
        continue;
      }
      out.push(this.optionValue(label, name, value, def, ctx, resolved));
    }
    if (defs && focused === undefined) {
      for (const def of defs) {
        if (def['required'] === true && !(String(def['name']) in values)) {
          throw new Error(`fake-discord: ${label} requires option "${String(def['name'])}"`);
        }
      }
    }
    return out;
  }

  private optionValue(
    label: string,
    name: string,
    value: OptionInput,
    def: Dict | undefined,
    ctx: InteractionContext,
    resolved: Resolved,
  ): Dict {
    const T = ApplicationCommandOptionType;
    const type = asNumber(def?.['type']) ?? inferOptionType(value);
    const fail = (why: string): never => {
      throw new Error(`fake-discord: ${label} option "${name}": ${why}`);
    };
    const refOf = (v: OptionInput): string => {
      if (typeof v === 'string') return v;
      if (typeof v === 'object' && v !== null) {
        if ('user' in v) return typeof v.user === 'string' ? v.user : v.user.id;
        if ('channel' in v) return v.channel;
        if ('role' in v) return v.role;
        if ('mentionable' in v) return v.mentionable;
      }
      return fail(`expected an id or name, got ${JSON.stringify(v)}`);
    };
    let out: string | number | boolean;
    switch (type) {
      case T.String:
        if (typeof value === 'object') fail('expected a string');
        out = String(value);
        break;
      case T.Integer:
        out = Number(value);
        if (!Number.isInteger(out)) fail(`expected an integer, got ${JSON.stringify(value)}`);
        break;
      case T.Number:
        out = Number(value);
        if (Number.isNaN(out)) fail(`expected a number, got ${JSON.stringify(value)}`);
        break;
      case T.Boolean:
        out = value === true || value === 'true';
        break;
      case T.User:
        out = this.resolveUserOption(resolved, ctx, refOf(value)).id;
        break;
      case T.Channel:
        out = this.resolveChannelOption(resolved, ctx, refOf(value));
        break;
      case T.Role:
        out = this.resolveRoleOption(resolved, ctx, refOf(value));
        break;
      case T.Mentionable: {
        const ref = refOf(value);
        out = ctx.guild?.role(ref)
          ? this.resolveRoleOption(resolved, ctx, ref)
          : this.resolveUserOption(resolved, ctx, ref).id;
        break;
      }
      case T.Attachment: {
        if (typeof value !== 'object' || value === null || !('attachment' in value)) {
          return fail('expected { attachment: { name, data } }');
        }
        out = this.resolveAttachmentOption(resolved, ctx, value.attachment);
        break;
      }
      default:
        return fail(`unsupported option type ${type}`);
    }
    const choices = asArray(def?.['choices']);
    if (choices && choices.length > 0 && !choices.some((c) => asDict(c)?.['value'] === out)) {
      fail(`${JSON.stringify(out)} is not one of the choices`);
    }
    return { type, name, value: out };
  }

  private resolveUserOption(resolved: Resolved, ctx: InteractionContext, ref: string): FakeUser {
    const member = ctx.guild?.member(ref);
    const user = member?.user ?? this.world.userByRef(ref);
    if (!user) throw new Error(`fake-discord: unknown user "${ref}"`);
    resolved.users[user.id] = apiUser(user);
    if (member && ctx.guild) {
      resolved.members[user.id] = apiMember(member, {
        withUser: false,
        permissions: ctx.guild.permissionsOf(member, ctx.channel),
      });
    }
    return user;
  }

  private resolveChannelOption(resolved: Resolved, ctx: InteractionContext, ref: string): string {
    const channel =
      (ctx.guild ? (ctx.guild.channel(ref) ?? this.world.channelInGuild(ctx.guild.id, ref)) : undefined) ??
      this.world.channels.get(ref);
    if (!channel) throw new Error(`fake-discord: unknown channel "${ref}"`);
    const full = apiChannel(this.world, channel);
    resolved.channels[channel.id] = {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions: (ctx.guild && ctx.member ? ctx.guild.permissionsOf(ctx.member, channel) : 0n).toString(),
      ...(channel.parentId ? { parent_id: channel.parentId } : {}),
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
      ...(full['thread_metadata'] ? { thread_metadata: full['thread_metadata'] } : {}),
    };
    return channel.id;
  }

  private resolveRoleOption(resolved: Resolved, ctx: InteractionContext, ref: string): string {
    const role = ctx.guild?.role(ref);
    if (!role) throw new Error(`fake-discord: unknown role "${ref}"`);
    resolved.roles[role.id] = apiRole(role);
    return role.id;
  }

  private resolveAttachmentOption(
    resolved: Resolved,
    ctx: InteractionContext,
    input: AttachmentOptionInput,
  ): string {
    const id = this.world.ids.next();
    const data = typeof input.data === 'string' ? Buffer.from(input.data) : input.data;
    const file = makeFile(0, input.name, input.contentType ?? 'application/octet-stream', data);
    this.attachmentFiles.set(id, file);
    const url = `${this.baseUrl()}/attachments/${ctx.channel.id}/${id}/${encodeURIComponent(input.name)}`;
    resolved.attachments[id] = {
      id,
      filename: input.name,
      size: data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ephemeral: true,
    };
    return id;
  }

  resolveSelectValue(resolved: Resolved, ctx: InteractionContext, type: number, value: string): void {
    if (type === ComponentType.UserSelect) this.resolveUserOption(resolved, ctx, value);
    else if (type === ComponentType.RoleSelect) this.resolveRoleOption(resolved, ctx, value);
    else if (type === ComponentType.ChannelSelect) this.resolveChannelOption(resolved, ctx, value);
    else if (ctx.guild?.role(value)) this.resolveRoleOption(resolved, ctx, value);
    else this.resolveUserOption(resolved, ctx, value);
  }
}

/** The `resolved` maps of an interaction's data. */
export class Resolved {
  users: Record<string, unknown> = {};
  members: Record<string, unknown> = {};
  roles: Record<string, unknown> = {};
  channels: Record<string, unknown> = {};
  attachments: Record<string, unknown> = {};

  isEmpty(): boolean {
    return [this.users, this.members, this.roles, this.channels, this.attachments].every(
      (m) => Object.keys(m).length === 0,
    );
  }

  toJSON(): Dict {
    const out: Dict = {};
    for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) {
      if (Object.keys(this[key]).length > 0) out[key] = this[key];
    }
    return out;
  }
}

function inferOptionType(value: OptionInput): number {
  const T = ApplicationCommandOptionType;
  if (typeof value === 'string') return T.String;
  if (typeof value === 'boolean') return T.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? T.Integer : T.Number;
  if ('user' in value) return T.User;
  if ('channel' in value) return T.Channel;
  if ('role' in value) return T.Role;
  if ('mentionable' in value) return T.Mentionable;
  return T.Attachment;
}
