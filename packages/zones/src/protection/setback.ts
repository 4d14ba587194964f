/**
 * Setback lines (guideline §4-7, Figure 4-6): a protection line set back from the waterfront onto
 * higher ground needs a lower wall. The least-cost line between the two ends of a zone's waterfront
 * is a shortest path over cells (Dijkstra 1959, binary heap on typed arrays) where entering a cell
 * costs the wall it needs, `max(0, required crest − ground) × step length` (m²), so the path total is
 * the wall height × length of the line.
 *
 * The path runs between the two end cells of the waterfront segment (which cost nothing: they are
 * where both lines tie in) and stays in the corridor between the sea and the facilities: land cells,
 * not facility cells, fewer 4-connected steps from today's water than the nearest facility cell. That
 * keeps the line seaward of the facilities, so they stay behind it. Both lines are costed with the
 * same required crest (the waterfront's, waves included), so the difference is ground and length.
 */
import type { LineString } from '../project/geojson.js';
import type { Prepared } from './analyze.js';
import { DCOL, DROW } from './grid.js';
import type { CaseResult, SetbackResult } from './types.js';
import type { WaterfrontSegment } from './waterfront.js';

function bfs(sources: Uint8Array, allowed: Uint8Array, w: number, h: number): Int32Array {
  const n = w * h;
  const dist = new Int32Array(n).fill(-1);
  const q = new Int32Array(n);
  let head = 0, tail = 0;
  for (let i = 0; i < n; i++) if (sources[i]) { dist[i] = 0; q[tail++] = i; }
  while (head < tail) {
    const c = q[head++];
    const col = c % w, row = (c - col) / w;
    for (let d = 0; d < 8; d += 2) {
      const nc = col + DCOL[d], nr = row + DROW[d];
      if (nc < 0 || nr < 0 || nc >= w || nr >= h) continue;
      const j = nr * w + nc;
      if (dist[j] >= 0 || !allowed[j]) continue;
      dist[j] = dist[c] + 1;
      q[tail++] = j;
    }
  }
  return dist;
}

/** The least-cost setback line for one waterfront segment, or null when it has no two ends or no path. */
export function setbackLine(prep: Prepared, W: Float32Array, land: Uint8Array, c: CaseResult, seg: WaterfrontSegment, required: number): SetbackResult | null {
  if (!seg.ends) return null;
  const { dem, width: fw, facOf, cellSize } = prep;
  const z = dem.data;
  const zoneId = seg.zones[0];
  const zone = c.zones.find((x) => x.id === zoneId);
  if (!zone) return null;
  // Window: the zone's areas' bbox, grown by a quarter of its size (at least 3 cells).
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (const a of c.areas) if (zone.areaIds.includes(a.id)) {
    c0 = Math.min(c0, a.window[0]); r0 = Math.min(r0, a.window[1]); c1 = Math.max(c1, a.window[2]); r1 = Math.max(r1, a.window[3]);
  }
  const grow = Math.max(3, Math.ceil(Math.max(c1 - c0, r1 - r0) / 4));
  c0 = Math.max(0, c0 - grow); r0 = Math.max(0, r0 - grow);
  c1 = Math.min(fw, c1 + grow); r1 = Math.min(prep.height, r1 + grow);
  const w = c1 - c0, h = r1 - r0, n = w * h;
  const wet = new Uint8Array(n), fac = new Uint8Array(n), all = new Uint8Array(n).fill(1), ok = new Uint8Array(n);
  for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) {
    const g = (r + r0) * fw + q + c0, l = r * w + q;
    if (z[g] !== z[g]) { all[l] = 0; continue; }
    if (!land[g] && W[g] === W[g]) wet[l] = 1;
    else if (facOf[g]) fac[l] = 1;
  }
  // Corridor: strictly seaward of the nearest facility front (fewer 4-steps from today's water).
  const dWet = bfs(wet, all, w, h);
  let front = Infinity;
  for (let l = 0; l < n; l++) if (fac[l] && dWet[l] >= 0 && dWet[l] < front) front = dWet[l];
  for (let l = 0; l < n; l++) {
    const g = Math.floor(l / w + r0) * fw + (l % w) + c0;
    ok[l] = !wet[l] && !fac[l] && all[l] && land[g] && dWet[l] >= 0 && dWet[l] < front ? 1 : 0;
  }
  const local = (g: number) => (Math.floor(g / fw) - r0) * w + (g % fw) - c0;
  const start = local(seg.ends[0]), goal = local(seg.ends[1]);
  ok[start] = 1; ok[goal] = 1;
  const wall = (l: number) => {
    const g = Math.floor(l / w + r0) * fw + (l % w) + c0;
    return Math.max(0, required - z[g]);
  };
  // Dijkstra
  const dist = new Float64Array(n).fill(Infinity), prev = new Int32Array(n).fill(-1), done = new Uint8Array(n);
  let hk = new Float64Array(256), hv = new Int32Array(256), size = 0;
  const push = (k: number, v: number) => {
    if (size === hk.length) { const a = new Float64Array(size * 2); a.set(hk); hk = a; const b = new Int32Array(size * 2); b.set(hv); hv = b; }
    let i = size++;
    while (i > 0) { const p = (i - 1) >> 1; if (hk[p] <= k) break; hk[i] = hk[p]; hv[i] = hv[p]; i = p; }
    hk[i] = k; hv[i] = v;
  };
  const pop = () => {
    const top = hv[0], k = hk[--size], v = hv[size];
    let i = 0;
    for (;;) { let ch = 2 * i + 1; if (ch >= size) break; if (ch + 1 < size && hk[ch + 1] < hk[ch]) ch++; if (hk[ch] >= k) break; hk[i] = hk[ch]; hv[i] = hv[ch]; i = ch; }
    hk[i] = k; hv[i] = v;
    return top;
  };
  // The two ends tie the line to the waterfront line's ends: they cost nothing themselves.
  dist[start] = 0;
  push(0, start);
  while (size > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === goal) break;
    const col = u % w, row = (u - col) / w;
    for (let d = 0; d < 8; d++) {
      const nc = col + DCOL[d], nr = row + DROW[d];
      if (nc < 0 || nr < 0 || nc >= w || nr >= h) continue;
      const v = nr * w + nc;
      if (!ok[v] || done[v]) continue;
      const step = (d & 1 ? Math.SQRT2 : 1) * cellSize;
      const nd = dist[u] + (v === goal ? 0 : wall(v) * step);
      if (nd < dist[v]) { dist[v] = nd; prev[v] = u; push(nd, v); }
    }
  }
  if (!done[goal]) return null;
  const t = dem.transform;
  const coords: number[][] = [];
  let length = 0;
  for (let v = goal; v >= 0; v = prev[v]) {
    const q = (v % w) + c0 + 0.5, r = Math.floor(v / w) + r0 + 0.5;
    coords.push([t[0] + q * t[1] + r * t[2], t[3] + q * t[4] + r * t[5]]);
    const p = prev[v];
    if (p >= 0) length += ((p % w) !== (v % w) && Math.floor(p / w) !== Math.floor(v / w) ? Math.SQRT2 : 1) * cellSize;
  }
  coords.reverse();
  let wfArea = 0;
  for (let i = 0; i < seg.cells.length; i++) wfArea += Math.max(0, required - z[seg.cells[i]]) * cellSize;
  const geometry: LineString = { type: 'LineString', coordinates: coords };
  return {
    zone: zoneId, segment: seg.id, requiredCrest_m: required, caseId: c.id, geometry, length_m: length, wallArea_m2: dist[goal],
    waterfrontLength_m: seg.edges * cellSize, waterfrontWallArea_m2: wfArea,
  };
}
