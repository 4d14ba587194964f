/**
 * Setback lines (guideline §4-7, Figure 4-6): a protection line set back from the waterfront onto
 * higher ground needs a lower wall. The least-cost line between the two ends of a zone's waterfront
 * is a shortest path over cells (Dijkstra 1959, binary heap on typed arrays) where entering a cell
 * costs the wall it needs, `max(0, required crest − ground) × step length` (m²), so the path total is
 * the wall height × length of the line.
 *
 * The path runs from the dry land around one end of the zone's waterfront chain to the dry land
 * around the other end (where a line ties into higher ground), and stays in the corridor between the
 * sea and the facilities it keeps behind it (the zone's key facilities when it has any, since the
 * waterfront in front of them may flood (§4-7 note 13); otherwise all its facilities): land cells,
 * not those facilities' cells, fewer 4-connected steps from today's water than the nearest of them.
 * Both lines are costed with the same required crest, so the difference is ground and length.
 */
import type { LineString } from '../project/geojson.js';
import type { Prepared } from './analyze.js';
import { DIRECTIONS } from '@floodzone/core';
import type { CaseResult, SetbackResult } from './types.js';
import type { WaterfrontSegment } from './waterfront.js';

/** The 8 moves of core's `DIRECTIONS` (E, SE, S, SW, W, NW, N, NE) as column and row offsets. */
const DCOL = Int8Array.from(DIRECTIONS, (d) => d[0]);
const DROW = Int8Array.from(DIRECTIONS, (d) => d[1]);

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
  // Window: the waterfront chain's bbox, grown by its extent (10 to 250 cells): a setback line stays
  // within about its own length of the waterfront, and the search stays local on big grids.
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (let k = 0; k < seg.cells.length; k++) {
    const g = seg.cells[k], q = g % fw, r = (g - q) / fw;
    if (q < c0) c0 = q; if (q + 1 > c1) c1 = q + 1; if (r < r0) r0 = r; if (r + 1 > r1) r1 = r + 1;
  }
  const grow = Math.max(10, Math.min(250, Math.max(c1 - c0, r1 - r0)));
  c0 = Math.max(0, c0 - grow); r0 = Math.max(0, r0 - grow);
  c1 = Math.min(fw, c1 + grow); r1 = Math.min(prep.height, r1 + grow);
  const w = c1 - c0, h = r1 - r0, n = w * h;
  // Facilities to keep behind the line: the zone's key facilities when it has any (the waterfront in
  // front of them may flood, §4-7 note 13), otherwise all its facilities.
  const index = new Map(prep.project.facilities.map((f, i) => [f.id, i]));
  const zoneFacs = zone.facilities.map((id) => index.get(id)!);
  const keys = zoneFacs.filter((f) => prep.project.facilities[f].key);
  const protect = new Set(keys.length > 0 ? keys : zoneFacs);
  // No room for a setback when a protected facility reaches today's water.
  for (const f of protect) {
    for (let j = prep.facStart[f]; j < prep.facStart[f + 1]; j++) {
      const g = prep.facCells[j], q = g % fw;
      for (let d = 0; d < 4; d++) {
        const m = d === 0 ? (q + 1 < fw ? g + 1 : -1) : d === 1 ? (q > 0 ? g - 1 : -1) : d === 2 ? (g + fw < z.length ? g + fw : -1) : g - fw;
        if (m >= 0 && !land[m] && W[m] === W[m]) return null;
      }
    }
  }
  const wet = new Uint8Array(n), fac = new Uint8Array(n), all = new Uint8Array(n).fill(1), ok = new Uint8Array(n);
  for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) {
    const g = (r + r0) * fw + q + c0, l = r * w + q;
    if (z[g] !== z[g]) { all[l] = 0; continue; }
    if (!land[g] && W[g] === W[g]) wet[l] = 1;
    else if (facOf[g] && protect.has(facOf[g] - 1)) fac[l] = 1;
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
  const wall = (l: number) => {
    const g = Math.floor(l / w + r0) * fw + (l % w) + c0;
    return Math.max(0, required - z[g]);
  };
  // Tie-in cells at each end: the end cell and the dry land (not flooded in this case) around it.
  const level = c.level.level_m;
  const tieIn = (end: number): number[] => {
    const l = local(end), q = l % w, r = (l - q) / w;
    const out = [l];
    for (let d = 0; d < 8; d++) {
      const nq = q + DCOL[d], nr = r + DROW[d];
      if (nq < 0 || nr < 0 || nq >= w || nr >= h) continue;
      const m = nr * w + nq, g = (nr + r0) * fw + nq + c0;
      if (ok[m] && !(W[g] < level)) out.push(m);
    }
    return out;
  };
  const starts = tieIn(seg.ends[0]), goals = tieIn(seg.ends[1]);
  const isGoal = new Uint8Array(n);
  for (const g of goals) { isGoal[g] = 1; ok[g] = 1; }
  for (const s0 of starts) ok[s0] = 1;
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
  for (const s0 of starts) {
    const d0 = wall(s0) * cellSize;
    if (d0 < dist[s0]) { dist[s0] = d0; push(d0, s0); }
  }
  let goal = -1;
  while (size > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (isGoal[u]) { goal = u; break; }
    const col = u % w, row = (u - col) / w;
    for (let d = 0; d < 8; d++) {
      const nc = col + DCOL[d], nr = row + DROW[d];
      if (nc < 0 || nr < 0 || nc >= w || nr >= h) continue;
      const v = nr * w + nc;
      if (!ok[v] || done[v]) continue;
      const step = (d & 1 ? Math.SQRT2 : 1) * cellSize;
      const nd = dist[u] + wall(v) * step;
      if (nd < dist[v]) { dist[v] = nd; prev[v] = u; push(nd, v); }
    }
  }
  if (goal < 0) return null;
  const t = dem.transform;
  const coords: number[][] = [];
  let length = 0, wallLength = 0;
  for (let v = goal; v >= 0; v = prev[v]) {
    const q = (v % w) + c0 + 0.5, r = Math.floor(v / w) + r0 + 0.5;
    coords.push([t[0] + q * t[1] + r * t[2], t[3] + q * t[4] + r * t[5]]);
    const p = prev[v];
    // A line over N cells is N cell lengths long (the start cell counts one, as in the cost).
    const step = p < 0 ? cellSize : ((p % w) !== (v % w) && Math.floor(p / w) !== Math.floor(v / w) ? Math.SQRT2 : 1) * cellSize;
    length += step;
    if (wall(v) > 0) wallLength += step;
  }
  coords.reverse();
  let wfArea = 0, wfLength = 0;
  for (let i = 0; i < seg.cells.length; i++) {
    const hgt = Math.max(0, required - z[seg.cells[i]]);
    wfArea += hgt * cellSize;
    if (hgt > 0) wfLength += cellSize;
  }
  const geometry: LineString = { type: 'LineString', coordinates: coords };
  return {
    zone: zoneId, segment: seg.id, requiredCrest_m: required, caseId: c.id, geometry, length_m: length, wallArea_m2: dist[goal], wallLength_m: wallLength,
    waterfrontLength_m: seg.edges * cellSize, waterfrontWallArea_m2: wfArea, waterfrontWallLength_m: wfLength,
  };
}
