/**
 * Connected-component labelling of a 0/1 mask for the vectorizer, by breadth-first search with an
 * explicit Int32Array queue (no recursion, nothing allocated per cell). Labels are 1..n in row-major
 * order of each component's first cell; background is 0.
 */
import { throwIfAborted } from '@floodzone/core';

export function labelMask(
  mask: Uint8Array,
  width: number,
  height: number,
  eightConnected: boolean,
  signal?: AbortSignal,
): { labels: Int32Array; count: number } {
  const W = width;
  const H = height;
  const labels = new Int32Array(W * H);
  const queue = new Int32Array(W * H);
  let n = 0;
  for (let s = 0; s < W * H; s++) {
    if (mask[s] === 0 || labels[s] !== 0) continue;
    if ((n & 1023) === 0) throwIfAborted(signal);
    const L = ++n;
    labels[s] = L;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const i = queue[head++];
      const r = (i / W) | 0;
      const c = i - r * W;
      const up = r > 0;
      const down = r < H - 1;
      const left = c > 0;
      const right = c < W - 1;
      let j: number;
      if (up && mask[(j = i - W)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
      if (down && mask[(j = i + W)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
      if (left && mask[(j = i - 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
      if (right && mask[(j = i + 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
      if (eightConnected) {
        if (up && left && mask[(j = i - W - 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
        if (up && right && mask[(j = i - W + 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
        if (down && left && mask[(j = i + W - 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
        if (down && right && mask[(j = i + W + 1)] !== 0 && labels[j] === 0) { labels[j] = L; queue[tail++] = j; }
      }
    }
  }
  return { labels, count: n };
}
