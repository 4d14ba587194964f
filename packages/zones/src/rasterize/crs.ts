/**
 * Bringing GeoJSON coordinates into a grid's CRS. GeoJSON files name their CRS with the legacy
 * (2008) `crs` member (`urn:ogc:def:crs:EPSG::6677`, `EPSG:6677`, `…OGC:1.3:CRS84`); RFC 7946 files
 * carry none and are WGS84 longitude/latitude.
 */
import { InputError, crsTransformer, resolveCrs, sameCrs, type Crs } from '@floodzone/raster';

/** The CRS a GeoJSON object names in its `crs` member, or null when it names none. */
export function geojsonCrs(geojson: unknown, name: string): Crs | null {
  const member = (geojson as { crs?: { properties?: { name?: unknown } } } | null)?.crs;
  if (!member) return null;
  const raw = member.properties?.name;
  if (typeof raw !== 'string') {
    throw new InputError(`${name}: its "crs" member has no properties.name; write e.g. "urn:ogc:def:crs:EPSG::6677" or drop the member`, name);
  }
  if (/CRS84$/i.test(raw)) return resolveCrs(4326);
  const m = /EPSG:{1,2}(?:[0-9.]*:)?(\d+)\s*$/i.exec(raw);
  if (!m) throw new InputError(`${name}: cannot read the CRS "${raw}"; write it as "urn:ogc:def:crs:EPSG::<code>"`, name);
  return resolveCrs(Number(m[1]));
}

/**
 * A function from the GeoJSON's coordinates to the grid's CRS.
 * - `crs` given (option) or named in the file: transformed with proj4 unless it equals the grid's.
 * - Neither: the grid's CRS is assumed, except that a projected grid with coordinates that all look
 *   like longitude/latitude (|x| ≤ 180, |y| ≤ 90) while the grid's own extent does not gets them read
 *   as RFC 7946 WGS84.
 */
export function toGridCrs(
  geojson: unknown,
  gridCrs: Crs | null,
  gridLooksGeographic: boolean,
  coordsLookGeographic: () => boolean,
  name: string,
  crs?: Crs,
): ((x: number, y: number) => [number, number]) | null {
  let from = crs ?? geojsonCrs(geojson, name);
  if (!from && gridCrs && !gridCrs.geographic && !gridLooksGeographic && coordsLookGeographic()) from = resolveCrs(4326);
  if (!from || !gridCrs || sameCrs(from, gridCrs)) return null;
  try {
    return crsTransformer(from, gridCrs);
  } catch (err) {
    throw new InputError(
      `${name}: cannot transform from ${from.code ?? from.name} to the grid's ${gridCrs.code ?? gridCrs.name} (${err instanceof Error ? err.message : String(err)}); reproject the file to the grid's CRS`,
      name,
    );
  }
}
