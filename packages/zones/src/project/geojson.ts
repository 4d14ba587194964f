/**
 * The few GeoJSON (RFC 7946) shapes the project file uses, structurally compatible with
 * `@types/geojson` (kept local so the package needs no extra type dependency).
 */
export type Position = number[];
export interface Polygon { type: 'Polygon'; coordinates: Position[][]; bbox?: number[] }
export interface MultiPolygon { type: 'MultiPolygon'; coordinates: Position[][][]; bbox?: number[] }
export interface LineString { type: 'LineString'; coordinates: Position[]; bbox?: number[] }
export interface MultiLineString { type: 'MultiLineString'; coordinates: Position[][]; bbox?: number[] }
export interface Point { type: 'Point'; coordinates: Position; bbox?: number[] }
export type Geometry = Polygon | MultiPolygon | LineString | MultiLineString | Point;
export type Areal = Polygon | MultiPolygon;
export type Linear = LineString | MultiLineString;
export interface Feature<G extends Geometry | null = Geometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
  bbox?: number[];
}
export interface FeatureCollection<G extends Geometry | null = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Array<Feature<G, P>>;
  bbox?: number[];
}
