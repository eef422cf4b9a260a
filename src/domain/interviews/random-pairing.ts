import { countRepeats } from './partner-history.js';
import type { PairingResult, PastGroup, PoolMember } from './pairing-types.js';
import { mulberry32, shuffled } from './random.js';

/** Baseline for the benchmark: shuffle and pair neighbours; the last member of an odd pool joins the last pair. */
export function randomPairMembers(
  pool: readonly Pick<PoolMember, 'memberId'>[],
  history: readonly PastGroup[],
  options: { readonly seed: number; readonly lookbackRounds?: number },
): PairingResult {
  const ids = shuffled(
    pool.map((member) => member.memberId),
    mulberry32(options.seed),
  );
  if (ids.length === 1) return { groups: [], unpaired: ids, repeats: 0 };
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i] as string, ids[i + 1] as string]);
  if (ids.length % 2 === 1) groups.at(-1)?.push(ids.at(-1) as string);
  return { groups, unpaired: [], repeats: countRepeats(groups, history, options.lookbackRounds) };
}
