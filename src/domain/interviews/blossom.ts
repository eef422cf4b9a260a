import { metBefore } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';

/** Shared work counter so a chain of searches stays bounded; counts candidate edges looked at. */
export interface SearchBudget {
  spent: number;
  readonly limit: number;
}

export function searchBudget(limit: number): SearchBudget {
  return { spent: 0, limit };
}

/**
 * Edmonds' blossom search for augmenting paths in the "never met" graph: two members are adjacent when they
 * have no shared history. Adjacency is implicit (everyone except past partners), so a search costs O(n) per
 * visited member and typically ends after a few members in a large pool.
 *
 * `match` is updated in place (-1 = free); members flagged in `excluded` are ignored.
 */
export class BlossomSearch {
  private readonly n: number;
  private readonly parent: Int32Array;
  private readonly base: Int32Array;
  private readonly used: Uint8Array;
  private readonly blossom: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly queue: Int32Array;

  constructor(
    private readonly ctx: PairingContext,
    readonly match: Int32Array,
    readonly excluded: Uint8Array,
    private readonly budget: SearchBudget,
  ) {
    this.n = ctx.size;
    this.parent = new Int32Array(this.n);
    this.base = new Int32Array(this.n);
    this.used = new Uint8Array(this.n);
    this.blossom = new Uint8Array(this.n);
    this.seen = new Uint8Array(this.n);
    this.queue = new Int32Array(this.n);
  }

  /** Looks for an augmenting path from the free member `root` and flips it; false if none (or out of budget). */
  augment(root: number): boolean {
    if (this.match[root] !== -1 || this.excluded[root] === 1) return false;
    let v = this.findPath(root);
    if (v === -1) return false;
    while (v !== -1) {
      const pv = this.parent[v] as number;
      const next = this.match[pv] as number;
      this.match[v] = pv;
      this.match[pv] = v;
      v = next;
    }
    return true;
  }

  private lowestCommonAncestor(start: number, other: number): number {
    const { base, match, parent, seen } = this;
    seen.fill(0);
    let a = start;
    for (;;) {
      a = base[a] as number;
      seen[a] = 1;
      const mate = match[a] as number;
      if (mate === -1) break;
      a = parent[mate] as number;
    }
    let b = other;
    for (;;) {
      b = base[b] as number;
      if (seen[b] === 1) return b;
      b = parent[match[b] as number] as number;
    }
  }

  private markPath(start: number, stem: number, child: number): void {
    const { base, match, parent, blossom } = this;
    let v = start;
    let c = child;
    while (base[v] !== stem) {
      const mate = match[v] as number;
      blossom[base[v] as number] = 1;
      blossom[base[mate] as number] = 1;
      parent[v] = c;
      c = mate;
      v = parent[mate] as number;
    }
  }

  private findPath(root: number): number {
    const { n, ctx, base, match, parent, used, blossom, queue, excluded, budget } = this;
    parent.fill(-1);
    used.fill(0);
    for (let i = 0; i < n; i += 1) base[i] = i;
    used[root] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      if (budget.spent > budget.limit) return -1;
      const v = queue[head++] as number;
      budget.spent += n;
      for (let to = 0; to < n; to += 1) {
        if (to === v || excluded[to] === 1 || base[v] === base[to] || match[v] === to) continue;
        if (metBefore(ctx, v, to)) continue;
        const mateOfTo = match[to] as number;
        if (to === root || (mateOfTo !== -1 && parent[mateOfTo] !== -1)) {
          const stem = this.lowestCommonAncestor(v, to);
          blossom.fill(0);
          this.markPath(v, stem, to);
          this.markPath(to, stem, v);
          for (let i = 0; i < n; i += 1) {
            if (blossom[base[i] as number] === 1) {
              base[i] = stem;
              if (used[i] === 0) {
                used[i] = 1;
                queue[tail++] = i;
              }
            }
          }
        } else if (parent[to] === -1) {
          parent[to] = v;
          if (mateOfTo === -1) return to;
          used[mateOfTo] = 1;
          queue[tail++] = mateOfTo;
        }
      }
    }
    return -1;
  }
}
