import { z } from 'zod';

/** Bump when the meaning of existing ids changes; old messages then fail clearly instead of misbehaving. */
export const CUSTOM_ID_VERSION = 'v1';
export const CUSTOM_ID_MAX = 100;

const segment = z
  .string()
  .min(1)
  .regex(/^[^:]+$/, 'a custom id segment cannot contain ":"');

export const ParsedCustomIdSchema = z.object({
  namespace: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.string().regex(/^v\d+$/),
  action: z.string().regex(/^[a-z][a-z0-9-]*$/),
  args: z.array(z.string()),
});
export type ParsedCustomId = z.infer<typeof ParsedCustomIdSchema>;

/** Builds `namespace:v1:action:arg…`; throws if it would break Discord's 100-character limit. */
export function buildCustomId(namespace: string, action: string, ...args: Array<string | number>): string {
  const parts = [namespace, CUSTOM_ID_VERSION, action, ...args.map(String)];
  for (const part of parts) segment.parse(part);
  const id = parts.join(':');
  if (id.length > CUSTOM_ID_MAX) throw new Error(`Custom id longer than ${CUSTOM_ID_MAX} characters: ${id}`);
  return id;
}

/** Returns undefined for anything that is not one of ours (forged, truncated or from another bot). */
export function parseCustomId(raw: string): ParsedCustomId | undefined {
  if (raw.length > CUSTOM_ID_MAX) return undefined;
  const [namespace, version, action, ...args] = raw.split(':');
  const result = ParsedCustomIdSchema.safeParse({ namespace, version, action, args });
  return result.success ? result.data : undefined;
}

/** What a custom id's arguments parse into: a zod schema over the id's string segments. */
export type CustomIdArgs = z.ZodType<readonly unknown[], readonly string[]>;

/**
 * One kind of custom id, shared by the render code that builds it and the handler that parses it, so
 * the action string and the argument types are written once: `openStep.build(owner, stepId)` in render,
 * `defineComponent(openStep, …)` in the command.
 */
export interface CustomIdSpec<S extends CustomIdArgs = CustomIdArgs> {
  readonly namespace: string;
  readonly action: string;
  readonly args: S;
  /** The id for these arguments (numbers and strings as they parse back). */
  build(...args: z.output<S>): string;
}

export function customId<S extends CustomIdArgs>(
  namespace: string,
  action: string,
  args: S,
): CustomIdSpec<S> {
  ParsedCustomIdSchema.shape.namespace.parse(namespace);
  ParsedCustomIdSchema.shape.action.parse(action);
  return {
    namespace,
    action,
    args,
    build: (...values) => buildCustomId(namespace, action, ...values.map((value) => String(value))),
  };
}
