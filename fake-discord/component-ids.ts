import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString } from './json.js';

// Components by id: the numeric ids Discord assigns, and finding a component by its custom_id.

/** Discord numbers components depth-first from 1 when the sender leaves `id` out. */
export function assignComponentIds<T>(components: T): T {
  let next = 1;
  const used = new Set<number>();
  const collect = (node: unknown): void => {
    const dict = asDict(node);
    if (!dict) return;
    const id = asNumber(dict['id']);
    if (id !== undefined) used.add(id);
    for (const child of asArray(dict['components']) ?? []) collect(child);
    collect(dict['accessory']);
    collect(dict['component']);
  };
  const assign = (node: unknown): void => {
    const dict = asDict(node);
    if (!dict) return;
    if (dict['id'] === undefined) {
      while (used.has(next)) next += 1;
      dict['id'] = next;
      used.add(next);
    }
    for (const child of asArray(dict['components']) ?? []) assign(child);
    assign(dict['component']);
    assign(dict['accessory']);
  };
  for (const c of asArray(components) ?? []) collect(c);
  for (const c of asArray(components) ?? []) assign(c);
  return components;
}

/** Depth-first search through rows, sections (accessory) and containers. */
export function findComponent(components: unknown, customId: string): Dict | undefined {
  for (const raw of asArray(components) ?? []) {
    const c = asDict(raw);
    if (!c) continue;
    if (c['custom_id'] === customId) return c;
    const nested = findComponent(c['components'], customId);
    if (nested) return nested;
    const accessory = asDict(c['accessory']);
    if (accessory?.['custom_id'] === customId) return accessory;
  }
  return undefined;
}

export function listCustomIds(components: unknown): string[] {
  const out: string[] = [];
  for (const raw of asArray(components) ?? []) {
    const c = asDict(raw);
    if (!c) continue;
    const id = asString(c['custom_id']);
    if (id) out.push(id);
    out.push(...listCustomIds(c['components']));
    const accessory = asString(asDict(c['accessory'])?.['custom_id']);
    if (accessory) out.push(accessory);
  }
  return out;
}
