/**
 * The few GeoJSON (RFC 7946) types the vector functions read and write, declared here so that
 * `@floodzone/zones` needs no type package at run time. Positions are `[x, y]` in the CRS of the grid
 * they came from (RFC 7946 assumes WGS84; floodzone keeps the grid's CRS and says so).
 */
export type Position = [number, number] | number[];
export type LinearRing = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LinearRing[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LinearRing[][];
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface MultiLineStringGeometry {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export type AnyGeometry =
  | PolygonGeometry
  | MultiPolygonGeometry
  | LineStringGeometry
  | MultiLineStringGeometry
  | PointGeometry
  | { type: string; coordinates?: unknown; geometries?: unknown };

export interface GeoJsonFeature<G = AnyGeometry, P = Record<string, unknown> | null> {
  type: 'Feature';
  geometry: G;
  properties: P;
  id?: string | number;
}

export interface GeoJsonFeatureCollection<G = AnyGeometry, P = Record<string, unknown> | null> {
  type: 'FeatureCollection';
  features: Array<GeoJsonFeature<G, P>>;
  /** Legacy (GeoJSON 2008) CRS member, e.g. `{ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::6677' } }`. */
  crs?: { type: string; properties: { name?: string } };
}
