/**
 * Automatic protection lines: where no user line borders a zone, its waterfront is the set of cell
 * edges between the zone's flooded land and today's water (cells with W < L_ref: the sills through
 * which the sea reaches the land), split by the owner of the land behind and chained into polylines.
 */
import type { LineString } from '../project/geojson.js';
import type { Prepared } from './analyze.js';
import type { CaseResult, LineSegment } from './types.js';

/** A waterfront segment with the zone cells behind it and its two end cells (for setback lines). */
export interface WaterfrontSegment extends Omit<LineSegment, 'crest' | 'adaptationYear'> {
  readonly geometry: LineString;
  /** Zone cells behind the segment, one per edge (repeats allowed). */
  readonly cells: Int32Array;
  /** Zone cells at the two ends of the chain; null for a closed ring. */
  readonly ends: readonly [number, number] | null;
  readonly edges: number;
}

const UNASSIGNED = '(no facility)';

/**
 * Nearest facility (index + 1) of every cell of `inZone`, by breadth-first search through zone cells
 * from the facility cells inside it; 0 where no facility is reachable.
 */
function nearestFacility(prep: Prepared, inZone: Uint8Array): Int32Array {
  const { width: w, height: h, facOf } = prep;
  const n = w * h;
  const near = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0, tail = 0;
  for (let i = 0; i < n; i++) if (inZone[i] && facOf[i]) { near[i] = facOf[i]; queue[tail++] = i; }
  while (head < tail) {
    const c = queue[head++];
    const col = c % w;
    for (let d = 0; d < 4; d++) {
      const j = d === 0 ? (col + 1 < w ? c + 1 : -1) : d === 1 ? (col > 0 ? c - 1 : -1) : d === 2 ? (c + w < n ? c + w : -1) : c - w;
      if (j < 0 || !inZone[j] || near[j]) continue;
      near[j] = near[c];
      queue[tail++] = j;
    }
  }
  return near;
}

/**
 * Waterfront segments of the zones of case `c` not in `bordered`: per zone and (with `splitByOwner`)
 * per owner of the land behind, chained into polylines, longest first.
 */
export function waterfrontSegments(prep: Prepared, W: Float32Array, land: Uint8Array, c: CaseResult, bordered: ReadonlySet<number>, splitByOwner = true): WaterfrontSegment[] {
  const { width: w, height: h, dem, project } = prep;
  const n = w * h;
  const labels = c.areaLabels.data;
  const zoneOfArea = new Int32Array(c.areas.length + 1);
  let any = false;
  for (const z of c.zones) if (!bordered.has(z.id)) for (const a of z.areaIds) { zoneOfArea[a] = z.id; any = true; }
  if (!any) return [];
  const inZone = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (labels[i] > 0 && zoneOfArea[labels[i]] > 0) inZone[i] = 1;
  // The owner of the land behind a cell: its facility, else the nearest one through the zone (only
  // needed when splitting by owner; otherwise the facility the cell lies in).
  const near = splitByOwner ? nearestFacility(prep, inZone) : prep.facOf;
  const facs = project.facilities;
  const wet = (j: number) => !land[j] && W[j] === W[j];

  // Edges: (zone, owner) → list of [cornerA, cornerB, cell]; owners numbered from 1, 0 = none.
  const ownerNames: string[] = [UNASSIGNED];
  const ownerIndex = new Map<string, number>();
  const ownerOfFac = new Int32Array(facs.length + 1);
  facs.forEach((f, i) => {
    let k = ownerIndex.get(f.owner);
    if (k === undefined) { k = ownerNames.length; ownerNames.push(f.owner); ownerIndex.set(f.owner, k); }
    ownerOfFac[i + 1] = splitByOwner ? k : 0;
  });
  if (!splitByOwner) ownerNames[0] = '(all owners)';
  const groups = new Map<number, { zone: number; owner: string; edges: number[] }>();
  const stride = ownerNames.length;
  const add = (zone: number, owner: number, a: number, b: number, cell: number) => {
    const key = zone * stride + owner;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { zone, owner: ownerNames[owner], edges: [] }));
    g.edges.push(a, b, cell);
  };
  const W1 = w + 1;
  for (let i = 0; i < n; i++) {
    if (!inZone[i]) continue;
    const col = i % w, row = (i - col) / w;
    const owner = ownerOfFac[near[i]];
    const zone = zoneOfArea[labels[i]];
    const tl = row * W1 + col;
    if (col + 1 < w && wet(i + 1)) add(zone, owner, tl + 1, tl + 1 + W1, i);
    if (col > 0 && wet(i - 1)) add(zone, owner, tl, tl + W1, i);
    if (row + 1 < h && wet(i + w)) add(zone, owner, tl + W1, tl + W1 + 1, i);
    if (row > 0 && wet(i - w)) add(zone, owner, tl, tl + 1, i);
  }

  const t = dem.transform;
  const world = (corner: number): number[] => {
    const col = corner % W1, row = (corner - col) / W1;
    return [t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]];
  };
  const out: WaterfrontSegment[] = [];
  const sorted = [...groups.values()].sort((a, b) => a.zone - b.zone || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  for (const g of sorted) {
    const m = g.edges.length / 3;
    const at = new Map<number, number[]>();
    for (let e = 0; e < m; e++) {
      for (const k of [g.edges[3 * e], g.edges[3 * e + 1]]) {
        let l = at.get(k);
        if (!l) at.set(k, (l = []));
        l.push(e);
      }
    }
    const used = new Uint8Array(m);
    const walk = (startCorner: number, startEdge: number) => {
      const corners = [startCorner];
      const cells: number[] = [];
      let corner = startCorner, e = startEdge;
      while (e >= 0) {
        used[e] = 1;
        cells.push(g.edges[3 * e + 2]);
        corner = g.edges[3 * e] === corner ? g.edges[3 * e + 1] : g.edges[3 * e];
        corners.push(corner);
        e = -1;
        for (const x of at.get(corner)!) if (!used[x]) { e = x; break; }
      }
      return { corners, cells, closed: corners[0] === corners[corners.length - 1] && corners.length > 2 };
    };
    const chains: Array<ReturnType<typeof walk>> = [];
    for (const [corner, list] of at) if (list.length === 1 && !used[list[0]]) chains.push(walk(corner, list[0]));
    for (let e = 0; e < m; e++) if (!used[e]) chains.push(walk(g.edges[3 * e], e));
    chains.sort((a, b) => b.cells.length - a.cells.length);
    chains.forEach((ch, k) => {
      // Drop collinear corners.
      const pts: number[][] = [];
      for (let i = 0; i < ch.corners.length; i++) {
        const p = world(ch.corners[i]);
        if (pts.length >= 2) {
          const a = pts[pts.length - 2], b = pts[pts.length - 1];
          if (Math.abs((b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0])) < 1e-9 * (Math.abs(t[1]) + Math.abs(t[5])) ** 2) pts.pop();
        }
        pts.push(p);
      }
      let minZ = Infinity;
      const facSet = new Set<string>();
      for (const cell of ch.cells) {
        if (dem.data[cell] < minZ) minZ = dem.data[cell];
        if (near[cell]) facSet.add(facs[near[cell] - 1].id);
      }
      out.push({
        id: `wf-z${g.zone}-${out.length + 1}`,
        source: 'waterfront',
        owner: g.owner,
        name: `waterfront of zone ${g.zone} (${g.owner})${chains.length > 1 ? ` #${k + 1}` : ''}`,
        kind: 'waterfront',
        zones: [g.zone],
        facilities: [...facSet].sort(),
        length_m: ch.cells.length * prep.cellSize,
        existingCrest_m: minZ,
        geometry: { type: 'LineString', coordinates: pts },
        cells: Int32Array.from(ch.cells),
        ends: ch.closed ? null : [ch.cells[0], ch.cells[ch.cells.length - 1]],
        edges: ch.cells.length,
      });
    });
  }
  return out;
}
