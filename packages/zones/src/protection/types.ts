/**
 * Results of the protection analysis (guideline §4-4, §4-7, Tables 4-4, 4-5, 5-2). Levels are in the
 * project datum (the DEM's, usually D.L.); `tp_m` fields give the same level in T.P.; areas in m².
 */
import type { FloatGrid, LabelGrid } from '@floodzone/raster';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from '../project/geojson.js';

/** One analysed situation: today, or a scenario at a year, under one force. */
export interface CaseKey {
  /** `today`, or `<scenario>@<year>`, with `+plan`/`:portPlan` suffixes for plan runs. */
  readonly id: string;
  /** null for today. */
  readonly scenario: string | null;
  readonly year: number;
  /** Which force: the facility design force or the port-plan force. */
  readonly force: 'design' | 'portPlan';
}

/**
 * One component of a design level or crest requirement, traceable (DESIGN.md "External forces"):
 * core's `LevelComponent` (H.W.L., ΔMSL, surge × r_S, wave allowance, margin).
 */
export interface LevelComponent {
  readonly name: string;
  readonly value_m: number;
  readonly unit?: string;
  readonly source: string;
}

/** Design still-water level DHWL(t) with its breakdown. */
export interface DesignLevel {
  readonly level_m: number;
  readonly tp_m: number;
  readonly components: readonly LevelComponent[];
  /** Design wave height Hs(t) and period at this case, or null for still water. */
  readonly hs_m: number | null;
  readonly tm10_s: number | null;
  /** Caveats from core's `designWaterLevel` (held ratios, unverified scenario numbers, …). */
  readonly flags?: readonly string[];
}

/** Depth statistics over a set of flooded cells. */
export interface DepthStats {
  readonly cells: number;
  readonly area_m2: number;
  readonly volume_m3: number;
  readonly maxDepth_m: number;
  readonly meanDepth_m: number;
}

/** A continuous flood area (§4-4 ①): one connected component of flooded land. */
export interface FloodArea extends DepthStats {
  /** 1..n, the label in `CaseResult.areaLabels`. */
  readonly id: number;
  /** Lowest ground in the area and the level at which it first floods (its spill level), m. */
  readonly minGround_m: number;
  readonly floodsAbove_m: number;
  /** Ids of the facilities that touch the area. */
  readonly facilities: readonly string[];
  /** Pixel bbox `[col0, row0, col1, row1]` (exclusive ends). */
  readonly window: readonly [number, number, number, number];
}

/** A candidate protection zone (§4-4 ②): flood areas joined by shared facilities or owners. */
export interface ProtectionZone extends DepthStats {
  readonly id: number;
  readonly areaIds: readonly number[];
  readonly facilities: readonly string[];
  readonly owners: readonly string[];
  /** Ids of the protection line segments through which water enters the zone: the user's lines it
   * overtops, then the automatic waterfront segments (`wf-…`) behind which its cells lie. */
  readonly entryLines: readonly string[];
}

/** Which formula governed a required crest. */
export type GoverningFormula =
  | 'still water (no waves)'
  | 'EurOtop 2018 eq 7.1 (vertical wall)'
  | 'EurOtop 2018 eq 5.10/5.11 (slope)'
  | 'ground (no wall needed)'
  | string;

/** The crest requirement of one segment in one case (Tables 4-5, 5-2). */
export interface CrestRow {
  readonly caseId: string;
  readonly year: number;
  readonly scenario: string | null;
  /** Design still-water level at the segment's front (施設前面外力, 水際線の水位), m. */
  readonly frontLevel_m: number;
  readonly frontLevelTP_m: number;
  /** Wave allowance (run-up or overtopping freeboard), m. */
  readonly waveAllowance_m: number;
  readonly margin_m: number;
  /** Required crest = front level + wave allowance + margin, m (project datum) and T.P. */
  readonly requiredCrest_m: number;
  readonly requiredCrestTP_m: number;
  /** Existing crest (user's) or lowest ground along an automatic waterfront line, m. */
  readonly existingCrest_m: number;
  /** requiredCrest − existingCrest, m (> 0 = must be raised). */
  readonly deficit_m: number;
  /** The wave formula that governed (core's `requiredCrest`), or 'still water (no waves)'. */
  readonly formula: GoverningFormula;
  /** Core's breakdown: level components, wave allowance and margin, summing to `requiredCrest_m`. */
  readonly components?: readonly LevelComponent[];
  /** Core's caveats (regime criterion, held ratios, forced deep-water formula, …). */
  readonly flags?: readonly string[];
}

/** One protection line segment: a user's line, or a piece of the waterfront split by owner. */
export interface LineSegment {
  readonly id: string;
  readonly source: 'user' | 'waterfront';
  readonly owner: string;
  readonly name: string;
  readonly kind: string;
  /** Zone(s) the segment lets water into (ids), for the case where it was found. */
  readonly zones: readonly number[];
  /** Facilities behind the segment (ids). */
  readonly facilities: readonly string[];
  readonly length_m: number;
  readonly existingCrest_m: number;
  readonly geometry: LineString | MultiLineString;
  /** The crest requirement per case. */
  readonly crest: readonly CrestRow[];
  /** First year (per scenario) in which the required crest exceeds the existing crest, null = never in range. */
  readonly adaptationYear: Readonly<Record<string, number | null>>;
}

/** Results of one case. */
export interface CaseResult extends CaseKey {
  readonly level: DesignLevel;
  /** Depth grid (NaN where dry or no data), m. */
  readonly depth: FloatGrid;
  /** Continuous flood areas: 0 = not flooded land, k = area k. */
  readonly areaLabels: LabelGrid;
  readonly areas: readonly FloodArea[];
  readonly zones: readonly ProtectionZone[];
  /** Flooded land, all areas together. */
  readonly flood: DepthStats;
}

/** One adaptation level check (Table 4-4). */
export interface AdaptationCheck {
  readonly kind: 'representative-point' | 'key-facility' | 'damage';
  readonly subject: string;
  readonly caseId: string;
  /** Value found (depth m or damage amount) and the limit it must not pass. */
  readonly value: number;
  readonly limit: number;
  readonly ok: boolean;
}

/** §4-7: the plan's crests applied as barriers, for the design force and the port-plan force. */
export interface PlanEvaluation {
  readonly crests: Readonly<Record<string, number>>;
  readonly design: CaseResult;
  readonly portPlan: CaseResult;
  /** Residual flood under the port-plan force where soft measures are needed (§4-7 ③). */
  readonly residual: DepthStats;
  readonly checks: readonly AdaptationCheck[];
  readonly ok: boolean;
}

/** Figure 4-6: the least-cost line set back from the waterfront. */
export interface SetbackResult {
  readonly zone: number;
  /** The waterfront segment it replaces. */
  readonly segment: string;
  /** Required crest used for both lines (the waterfront's, in the case given), m. */
  readonly requiredCrest_m: number;
  readonly caseId: string;
  readonly geometry: LineString;
  readonly length_m: number;
  /** Σ wall height × length along the line, m². */
  readonly wallArea_m2: number;
  /** Length of the line where a wall is needed (ground below the required crest), m. */
  readonly wallLength_m: number;
  /** The same for the zone's waterfront line. */
  readonly waterfrontLength_m: number;
  readonly waterfrontWallArea_m2: number;
  readonly waterfrontWallLength_m: number;
}

export interface ProjectSummary {
  readonly name: string;
  readonly referenceLevel_m: number;
  readonly cases: ReadonlyArray<{ id: string; level_m: number; areas: number; zones: number; floodedArea_m2: number; maxDepth_m: number }>;
  readonly lines: number;
  readonly timings: Readonly<Record<string, number>>;
}

/** Everything `analyzeProject` finds. */
export interface ProjectResult {
  /** Spill levels W with the existing lines as barriers (DESIGN.md "Spill level", "Barriers"). */
  readonly spill: FloatGrid;
  /** Land mask: W ≥ L_ref (DESIGN.md "Land"). */
  readonly land: Uint8Array;
  /** Port area (臨港地区) rasterized on the DEM's grid (cell centres inside), or null when none given. */
  readonly portArea: Uint8Array | null;
  /** Today, then each scenario × year, under the design force. */
  readonly cases: readonly CaseResult[];
  /** The target-year case of each scenario (the one zones and lines are reported for). */
  readonly targetCases: readonly string[];
  readonly lines: readonly LineSegment[];
  readonly plan: PlanEvaluation | null;
  readonly setbacks: readonly SetbackResult[];
  readonly summary: ProjectSummary;
}

export type AreaFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>;
