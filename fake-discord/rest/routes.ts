import { DiscordHttpError } from '../errors.js';
import type { CommandStore } from '../commands.js';
import type { Gateway } from '../gateway.js';
import type { InteractionRegistry } from '../interactions.js';
import type { Dict } from '../json.js';
import type { MessageService } from '../messages.js';
import type { FakeChannel, FakeGuild, World } from '../state.js';
import type { FakeFile } from '../types.js';
import { addChannelRoutes } from './channels.js';
import { addGuildRoutes } from './guilds.js';
import { addInteractionRoutes } from './interactions.js';
import { routeKit } from './kit.js';
import { addThreadRoutes } from './threads.js';
import { addUserRoutes } from './users.js';

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: FakeFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: string;
  pattern: string;
  segments: string[];
  /** false for interaction callbacks and webhook-token routes, which Discord serves without a bot token. */
  auth: boolean;
  handler: (ctx: RouteContext) => RouteResult;
}

export interface RestServices {
  world: World;
  messages: MessageService;
  interactions: InteractionRegistry;
  gateway: Gateway;
  commands: CommandStore;
  gatewayUrl: () => string;
  /** `shards` of GET /gateway/bot. */
  recommendedShards: () => number;
  /** Whether the GuildMembers privileged intent is enabled for the app (member listing needs it). */
  membersIntentEnabled: boolean;
  /** A channel-scoped gateway event (guild or DM routing); `extraIntent` adds an intent requirement. */
  emit: (channel: FakeChannel, t: string, d: Dict, extraIntent?: number) => void;
  emitGuild: (guild: FakeGuild, t: string, d: Dict, extraIntent?: number) => void;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Finds the route for decoded path segments; `methodMismatch` when the path exists with other methods. */
export function matchRoute(
  routes: readonly RouteDef[],
  method: string,
  segments: readonly string[],
): RouteMatch | { methodMismatch: boolean } {
  let pathExists = false;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length; i += 1) {
      const want = route.segments[i] ?? '';
      const got = segments[i] ?? '';
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathExists = true;
    if (route.method === method) return { route, params };
  }
  return { methodMismatch: pathExists };
}

/** Every REST route the fake serves, in match order (a literal segment is listed before a parameter). */
export function createRoutes(s: RestServices): RouteDef[] {
  const routes: RouteDef[] = [];
  const kit = routeKit(s, routes);
  addUserRoutes(kit);
  addGuildRoutes(kit);
  addChannelRoutes(kit);
  addThreadRoutes(kit);
  addInteractionRoutes(kit);
  return routes;
}

/** Ensures a thrown value is a DiscordHttpError (anything else is a bug in the fake: answered 500). */
export function asHttpError(error: unknown): DiscordHttpError {
  if (error instanceof DiscordHttpError) return error;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new DiscordHttpError(500, { message: `fake-discord internal error: ${message}`, code: 0 });
}
