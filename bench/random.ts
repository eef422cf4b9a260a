// The same seeded PRNG the pairing uses, so every run issues the same interactions in the same order.
export { mulberry32 } from '../src/domain/interviews/random.js';

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}
