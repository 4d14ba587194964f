/**
 * Coordinate reference systems: a small built-in table (WGS84, Web Mercator, WGS84 UTM, JGD2000/JGD2011
 * geographic and the 19 Japan Plane Rectangular zones), `registerCrs` for anything else, and proj4 for
 * transforms. Axis order is always (easting/longitude, northing/latitude) as in GeoTIFF and GeoJSON.
 */
import proj4 from 'proj4';
import { InputError } from './errors.js';
import type { Crs } from './grid.js';

const registry = new Map<string, Crs>();

/**
 * Japan Plane Rectangular CS I–XIX origins (lat_0, lon_0 in degrees), MLIT notice 平成14年国土交通省告示第9号;
 * the same table as EPSG:6669–6687 (JGD2011) and EPSG:2443–2461 (JGD2000). See notes/DOMAIN.md §5.2.
 */
const JPRCS_ORIGINS: readonly (readonly [number, number])[] = [
  [33, 129.5], [33, 131], [36, 132 + 10 / 60], [33, 133.5], [36, 134 + 20 / 60], [36, 136], [36, 137 + 10 / 60],
  [36, 138.5], [36, 139 + 50 / 60], [40, 140 + 50 / 60], [44, 140.25], [44, 142.25], [44, 144.25], [26, 142],
  [26, 127.5], [26, 124], [26, 131], [20, 136], [26, 154],
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX'];

const GRS80_GEO = '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs';

function builtIn(n: number): Crs | undefined {
  const code = `EPSG:${n}`;
  if (n === 4326) return { code, name: 'WGS 84', proj4: '+proj=longlat +datum=WGS84 +no_defs', geographic: true };
  if (n === 6668) return { code, name: 'JGD2011', proj4: GRS80_GEO, geographic: true };
  if (n === 6697) return { code, name: 'JGD2011 + JGD2011 (vertical) height (horizontal part)', proj4: GRS80_GEO, geographic: true };
  if (n === 4612) return { code, name: 'JGD2000', proj4: GRS80_GEO, geographic: true };
  if (n === 3857) {
    return {
      code,
      name: 'WGS 84 / Pseudo-Mercator',
      proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
      geographic: false,
    };
  }
  const jgd2011 = n >= 6669 && n <= 6687 ? n - 6669 : -1;
  const jgd2000 = n >= 2443 && n <= 2461 ? n - 2443 : -1;
  const zone = jgd2011 >= 0 ? jgd2011 : jgd2000;
  if (zone >= 0) {
    const [lat0, lon0] = JPRCS_ORIGINS[zone]!;
    return {
      code,
      name: `${jgd2011 >= 0 ? 'JGD2011' : 'JGD2000'} / Japan Plane Rectangular CS ${ROMAN[zone]}`,
      proj4: `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
      geographic: false,
    };
  }
  if ((n >= 32601 && n <= 32660) || (n >= 32701 && n <= 32760)) {
    const south = n >= 32701;
    const z = n % 100;
    return {
      code,
      name: `WGS 84 / UTM zone ${z}${south ? 'S' : 'N'}`,
      proj4: `+proj=utm +zone=${z}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
      geographic: false,
    };
  }
  return undefined;
}

function normaliseCode(code: string | number): string | null {
  if (typeof code === 'number') return Number.isInteger(code) && code > 0 ? `EPSG:${code}` : null;
  const m = /^\s*(?:(epsg|[a-z][a-z0-9_-]*)\s*:+\s*)?([0-9]+|[a-z0-9_.-]+)\s*$/i.exec(code);
  if (!m) return null;
  const auth = (m[1] ?? 'EPSG').toUpperCase();
  return `${auth}:${m[2]}`;
}

/**
 * The CRS for an authority code: `4326`, `'EPSG:6677'`, `'epsg:32655'`, or a code given to `registerCrs`.
 * Throws InputError for an unknown code, saying how to register it.
 */
export function resolveCrs(code: string | number): Crs {
  const key = normaliseCode(code);
  if (key) {
    const reg = registry.get(key);
    if (reg) return reg;
    const m = /^EPSG:(\d+)$/.exec(key);
    if (m) {
      const crs = builtIn(Number(m[1]));
      if (crs) return crs;
    }
  }
  throw new InputError(
    `CRS "${String(code)}" is not built in (built in: EPSG:4326, 3857, 4612, 6668, 6697, 6669–6687, 2443–2461, 32601–32660, 32701–32760); ` +
      `register it first with registerCrs('${key ?? String(code)}', '<proj4 string from epsg.io>')`,
  );
}

/** Adds (or replaces) a CRS by code so `resolveCrs` and the readers know it. Returns the new Crs. */
export function registerCrs(code: string | number, proj4String: string, name?: string): Crs {
  const key = normaliseCode(code);
  if (!key) throw new InputError(`registerCrs: "${String(code)}" is not a code like "EPSG:2193"; pass an authority code`);
  let geographic: boolean;
  try {
    proj4(proj4String, GRS80_GEO); // validates the string
    geographic = /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(proj4String);
  } catch (err) {
    throw new InputError(`registerCrs(${key}): proj4 cannot parse "${proj4String}" (${err instanceof Error ? err.message : String(err)}); copy the PROJ.4 string from epsg.io`);
  }
  const crs: Crs = { code: key, name: name ?? key, proj4: proj4String, geographic };
  registry.set(key, crs);
  return crs;
}

/** A Crs without an authority code, from a proj4 string (e.g. one built from GeoTIFF GeoKeys). */
export function crsFromProj4(proj4String: string, name: string): Crs {
  try {
    proj4(proj4String, GRS80_GEO);
  } catch (err) {
    throw new InputError(`proj4 cannot parse "${proj4String}" (${err instanceof Error ? err.message : String(err)})`);
  }
  return { code: null, name, proj4: proj4String, geographic: /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(proj4String) };
}

/**
 * A CRS from OGC or ESRI WKT (a `.prj` sidecar): the built-in definition when the outermost object
 * carries an EPSG authority that is built in, otherwise the WKT itself through proj4's parser.
 * `source` names the file in messages.
 */
export function crsFromWkt(wkt: string, source: string): Crs {
  const text = wkt.trim();
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[/i.test(text)) {
    throw new InputError(`${source}: not a WKT coordinate system (expected PROJCS[…] or GEOGCS[…]); fix or remove the file`, source);
  }
  // the outermost AUTHORITY/ID closes the text: `…,AUTHORITY["EPSG","6677"]]`
  const code = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)?.[1];
  if (code !== undefined) {
    try {
      return resolveCrs(`EPSG:${code}`);
    } catch {
      // not built in: fall through to the WKT itself
    }
  }
  const name = /^\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'custom CRS';
  try {
    proj4(text, GRS80_GEO);
  } catch (err) {
    throw new InputError(`${source}: proj4 cannot use this WKT (${err instanceof Error ? err.message : String(err)}); give the DEM a CRS it knows`, source);
  }
  return { code: null, name, proj4: text, geographic: /^GEOG/i.test(text) };
}

function canon(p: string): string {
  return p.trim().split(/\s+/).filter((t) => t !== '+no_defs' && t !== '+wktext' && t !== '+type=crs').sort().join(' ');
}

/** True when two CRSs are the same: equal codes, or (without codes) equal proj4 parameter sets. null only equals null. */
export function sameCrs(a: Crs | null, b: Crs | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.code !== null && b.code !== null && a.code === b.code) return true;
  return canon(a.proj4) === canon(b.proj4);
}

/** A function that maps (x, y) in `from` to (x, y) in `to` (longitude/easting first). Identity when they are the same. */
export function crsTransformer(from: Crs, to: Crs): (x: number, y: number) => [number, number] {
  if (sameCrs(from, to)) return (x, y) => [x, y];
  const conv = proj4(from.proj4, to.proj4);
  return (x, y) => {
    const out = conv.forward([x, y]) as number[];
    return [out[0]!, out[1]!];
  };
}

/** Semi-major axis and first eccentricity squared of the CRS's ellipsoid: GRS80 when its proj4 names GRS80, else WGS84. */
export function crsEllipsoid(crs: Crs | null): { name: 'GRS80' | 'WGS84'; a: number; e2: number } {
  if (crs && /\+ellps=GRS80\b/.test(crs.proj4)) {
    const f = 1 / 298.257222101;
    return { name: 'GRS80', a: 6378137, e2: f * (2 - f) };
  }
  const f = 1 / 298.257223563;
  return { name: 'WGS84', a: 6378137, e2: f * (2 - f) };
}
