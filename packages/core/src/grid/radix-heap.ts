/**
 * Monotone priority queue on 32-bit unsigned keys (a radix heap: Ahuja, Mehlhorn, Orlin & Tarjan 1990,
 * "Faster algorithms for the shortest path problem", J. ACM 37(2)). Keys popped never decrease, and a
 * pushed key must be ≥ the last popped key, which is exactly the order of a priority-flood. Exact on
 * integer keys; float32 levels map to order-preserving uint32 keys with `sortableKey`. Bucket b holds
 * entries whose key first differs from the last popped key at bit b − 1; each entry moves down at most
 * 32 times, pushes are O(1).
 */
export class RadixHeap {
  private readonly keys: Uint32Array[] = [];
  private readonly vals: Int32Array[] = [];
  private readonly lens = new Int32Array(33);
  /** Last popped key (the current minimum). */
  last = 0;
  size = 0;

  constructor(initial = 1024) {
    for (let b = 0; b < 33; b++) {
      this.keys.push(new Uint32Array(b === 0 ? initial : 16));
      this.vals.push(new Int32Array(b === 0 ? initial : 16));
    }
  }

  push(key: number, val: number): void {
    const b = key === this.last ? 0 : 32 - Math.clz32(key ^ this.last);
    const len = this.lens[b]!;
    if (len === this.vals[b]!.length) this.grow(b);
    this.keys[b]![len] = key;
    this.vals[b]![len] = val;
    this.lens[b] = len + 1;
    this.size++;
  }

  /** Removes an entry with the minimum key; its key is then `last`. Call only when `size > 0`. */
  pop(): number {
    if (this.lens[0] === 0) this.refill();
    const len = this.lens[0]! - 1;
    this.lens[0] = len;
    this.size--;
    return this.vals[0]![len]!;
  }

  private refill(): void {
    let b = 1;
    while (this.lens[b] === 0) b++;
    const K = this.keys[b]!;
    const V = this.vals[b]!;
    const len = this.lens[b]!;
    let m = K[0]!;
    for (let j = 1; j < len; j++) if (K[j]! < m) m = K[j]!;
    this.last = m;
    this.lens[b] = 0;
    this.size -= len;
    for (let j = 0; j < len; j++) this.push(K[j]!, V[j]!);
  }

  private grow(b: number): void {
    const nk = new Uint32Array(this.keys[b]!.length * 2);
    nk.set(this.keys[b]!);
    this.keys[b] = nk;
    const nv = new Int32Array(this.vals[b]!.length * 2);
    nv.set(this.vals[b]!);
    this.vals[b] = nv;
  }
}

/** Order-preserving map of float32 bits (read through a Uint32Array view) to an unsigned key. */
export function sortableKey(bits: number): number {
  return (bits & 0x80000000) !== 0 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Inverse of `sortableKey`: the float32 bits. */
export function keyBits(key: number): number {
  return (key & 0x80000000) !== 0 ? (key ^ 0x80000000) >>> 0 : ~key >>> 0;
}
