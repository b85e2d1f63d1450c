// A least-recently-used map bounded by the sum of its entries' weights rather than their number,
// because tile indexes differ in size by orders of magnitude (a dozen bus stops, a million buildings)
// and so do encoded tiles.

interface Slot<V> {
  value: V;
  weight: number;
}

export class WeightedLru<K, V> {
  // A Map iterates in insertion order, so re-inserting on every hit keeps the coldest entry first.
  private readonly slots = new Map<K, Slot<V>>();
  private total = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.slots.size;
  }

  /** The sum of the weights held. */
  get weight(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Looks without making the entry younger. */
  peek(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  /**
   * Stores and evicts the coldest entries until the weights fit again. An entry heavier than the whole
   * capacity is not stored at all (false): keeping it would mean evicting everything else for it.
   */
  set(key: K, value: V, weight: number): boolean {
    this.delete(key);
    if (weight > this.capacity) return false;
    this.slots.set(key, { value, weight });
    this.total += weight;
    for (const [k, slot] of this.slots) {
      if (this.total <= this.capacity) break;
      this.slots.delete(k);
      this.total -= slot.weight;
    }
    return true;
  }

  delete(key: K): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.total -= slot.weight;
    return true;
  }

  /** Removes every entry the predicate picks; returns how many. */
  deleteWhere(pick: (key: K, value: V) => boolean): number {
    let n = 0;
    for (const [k, slot] of this.slots) {
      if (pick(k, slot.value)) {
        this.slots.delete(k);
        this.total -= slot.weight;
        n++;
      }
    }
    return n;
  }
}
