/**
 * Max-heap of (count, pair key) used by BPE training. Entries are never updated in place: a changed
 * count is pushed as a new entry and the trainer discards entries whose count no longer matches
 * (lazy deletion), which keeps every operation O(log n). Ties break towards the smaller key so that
 * training is deterministic.
 */
export class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    this.siftUp(this.keys.length - 1);
  }

  /** Removes the top entry; returns undefined when empty. */
  pop(): { count: number; key: number } | undefined {
    const last = this.keys.length - 1;
    if (last < 0) return undefined;
    const top = { count: this.counts[0] as number, key: this.keys[0] as number };
    this.counts[0] = this.counts[last] as number;
    this.keys[0] = this.keys[last] as number;
    this.counts.pop();
    this.keys.pop();
    if (this.keys.length > 0) this.siftDown(0);
    return top;
  }

  private before(i: number, j: number): boolean {
    const countI = this.counts[i] as number;
    const countJ = this.counts[j] as number;
    return countI > countJ || (countI === countJ && (this.keys[i] as number) < (this.keys[j] as number));
  }

  private swap(i: number, j: number): void {
    const count = this.counts[i] as number;
    this.counts[i] = this.counts[j] as number;
    this.counts[j] = count;
    const key = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = key;
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const length = this.keys.length;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let best = parent;
      if (left < length && this.before(left, best)) best = left;
      if (right < length && this.before(right, best)) best = right;
      if (best === parent) return;
      this.swap(parent, best);
      parent = best;
    }
  }
}
