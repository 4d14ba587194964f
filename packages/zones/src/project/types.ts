/**
 * The project file `port.json`: everything a port manager gives to analyse one port under the
 * guideline (協働防護計画作成ガイドライン Ver.1.0, §4-4, §4-7). `validateProject` turns the raw JSON
 * into a `PortProject`: defaults filled in, GeoJSON layers read and checked, every level in the DEM's
 * vertical datum (the port's D.L. unless `datum.name` says otherwise).
 */

import type { Areal, FeatureCollection, Linear } from './geojson.js';

/** A piecewise-linear table `[year, value]`, sorted by year; outside it the end values hold. */
export type YearTable = ReadonlyArray<readonly [year: number, value: number]>;

/** Vertical datum of the DEM and of every level in the project, and its offset to T.P. */
export interface ProjectDatum {
  /** Name of the datum the DEM and all project levels use, e.g. `D.L.` (港湾工事基準面). */
  readonly name: string;
  /** T.P. = level + `toTP_m` (for Tokyo port D.L. = T.P. − 1.134 m this is −1.134). */
  readonly toTP_m: number;
}

/** Where the sea is (DESIGN.md "Sea"). */
export type SeaSource =
  | { readonly kind: 'border' }
  /** A 0/1 raster on the DEM's grid; `path` is resolved against the project folder. */
  | { readonly kind: 'mask'; readonly path: string }
  /** Sea polygons (GeoJSON in the project CRS). */
  | { readonly kind: 'polygons'; readonly polygons: FeatureCollection<Areal> }
  /** Seed points in the project CRS. */
  | { readonly kind: 'points'; readonly points: ReadonlyArray<readonly [x: number, y: number]> };

/** Design waves at the front of the lines (one set for the port; a line may override). */
export interface WaveForces {
  /** Significant wave height Hs (Hm0) at the reference year, m. */
  readonly hs_m: number;
  /** Spectral period Tm-1,0, s. */
  readonly tm10_s: number;
}

/**
 * One external force (the facility design force, or the larger port-plan force):
 * `DHWL(t) = H.W.L. + ΔMSL(scenario, t) + surge × r_S(t)`, `Hs(t) = Hs × r_H(t)` (DOMAIN.md §1.1).
 */
export interface ForceSpec {
  /** Label shown in tables, e.g. `50-year storm surge`. */
  readonly label: string;
  /** Return period of the surge and waves, years (reported, not used in the arithmetic). */
  readonly returnPeriod_yr: number | null;
  /** H.W.L. (朔望平均満潮位) in the project datum, m. */
  readonly hwl_m: number;
  /** Storm-surge deviation (潮位偏差) at the reference year, m. */
  readonly surge_m: number;
  /** Waves; null = still water only (no wave allowance). */
  readonly waves: WaveForces | null;
  /** Future-change ratio of the surge deviation r_S(t) (実装方針 2024); empty = 1. */
  readonly surgeRatio: YearTable;
  /** Future-change ratio of the wave height r_H(t); empty = 1. */
  readonly waveRatio: YearTable;
}

/** A sea-level-rise scenario: ΔMSL(t) in metres relative to the reference year. */
export interface ScenarioSpec {
  readonly name: string;
  readonly slr: YearTable;
}

/** A facility (port facility, plant, warehouse): a polygon with an owner. */
export interface FacilitySpec {
  /** Stable id: the feature's `id` property, or `facility-<index>`. */
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  /** e.g. `container yard`, `warehouse`, `crane`, `plant`. */
  readonly kind: string;
  /** Depth above which the facility is damaged (Table 4-4 second row), m; null = none given. */
  readonly damageThreshold_m: number | null;
  /** Key facility (主要施設, Table 4-5): its threshold is an adaptation level. */
  readonly key: boolean;
  /** Asset value for the depth–damage function (any currency unit, the same for all), or null. */
  readonly assetValue: number | null;
  readonly geometry: Areal;
}

/** Structure type of a protection line, for the wave allowance. */
export type StructureType = 'vertical' | 'slope';

/** A protection line (seawall, revetment, quay, parapet) the user gives: crests are in the project datum. */
export interface LineSpec {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  /** e.g. `seawall`, `revetment`, `quay`, `parapet`. */
  readonly kind: string;
  /** Existing crest elevation, m (project datum). */
  readonly crest_m: number;
  readonly structure: StructureType;
  /** Depth of the toe below the datum zero (a −12 m quay gives 12), m; water depth at the toe = level + toeDepth_m. */
  readonly toeDepth_m: number | null;
  /** Seaward slope cotα (horizontal / vertical), required for `slope` structures, null for `vertical`. */
  readonly slope: number | null;
  /** Roughness factor γf (1 = smooth). */
  readonly roughness: number;
  /** Allowable mean overtopping q, m³/s per m. */
  readonly allowableQ_m3sm: number;
  readonly geometry: Linear;
}

/** A representative point (代表地点, Table 4-4 first row). */
export interface PointSpec {
  readonly id: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
}

/** Depth–damage function: damage ratio (0..1) by depth, piecewise-linear, `[depth_m, ratio]` sorted by depth. */
export interface DepthDamageSpec {
  readonly curve: ReadonlyArray<readonly [depth_m: number, ratio: number]>;
  /** Damage amount the plan must stay below (Table 4-4 third row), same unit as `assetValue`; null = not evaluated. */
  readonly limit: number | null;
}

/** A plan: raised crests for some lines (Table 5-2), evaluated by §4-7. */
export interface PlanSpec {
  /** Line id → planned crest, m (project datum). Lines not listed keep their existing crest. */
  readonly crests: Readonly<Record<string, number>>;
}

export interface PortProject {
  readonly name: string;
  /** Horizontal CRS of the DEM and every layer, e.g. `EPSG:6677`. */
  readonly crs: string;
  /** DEM path as given, resolved against `baseDir` when one was given. */
  readonly dem: string;
  readonly datum: ProjectDatum;
  readonly sea: SeaSource;
  readonly connectivity: 4 | 8;
  readonly nodataIsSea: boolean;
  /** Today's reference level L_ref (e.g. today's H.W.L.): land = W ≥ L_ref (DESIGN.md "Land"). */
  readonly referenceLevel_m: number;
  /** Reference (present) year of the forces, e.g. 2020. */
  readonly baseYear: number;
  /** Years to analyse for each scenario, ascending. */
  readonly years: readonly number[];
  /** Target year of the plan (目標時期); defaults to the last year. */
  readonly targetYear: number;
  readonly scenarios: readonly ScenarioSpec[];
  /** The force the facilities protect against (施設で防護する外力). */
  readonly designForce: ForceSpec;
  /** The larger force of the port plan (港湾計画に記載した外力); null = same as the design force. */
  readonly portPlanForce: ForceSpec | null;
  /** 余裕高 added to every required crest, m. */
  readonly margin_m: number;
  /** Default allowable overtopping for lines that give none, m³/s per m. */
  readonly allowableQ_m3sm: number;
  readonly facilities: readonly FacilitySpec[];
  /** The port area (臨港地区): zones are clipped to it; null = the whole DEM. */
  readonly portArea: Areal | null;
  readonly lines: readonly LineSpec[];
  readonly points: readonly PointSpec[];
  readonly depthDamage: DepthDamageSpec | null;
  readonly plan: PlanSpec | null;
}
