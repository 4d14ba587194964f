/**
 * GeoTIFF georeferencing: transform from ModelTransformation or ModelTiepoint + ModelPixelScale
 * (PixelIsPoint shifted to PixelIsArea as GDAL does), and the CRS from the GeoKey directory
 * (OGC GeoTIFF 1.1, 19-008r4): the EPSG code when there is one, else a proj4 string built from the keys.
 */
import { crsFromProj4, resolveCrs } from './crs.js';
import { InputError } from './errors.js';
import type { Affine, Crs } from './grid.js';
import { TAG, tagNumbers, tagString, type TiffIfd } from './tiff.js';

export type GeoKeys = Map<number, number | number[] | string>;

export const KEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  GeogCitation: 2049,
  GeogGeodeticDatum: 2050,
  GeogAngularUnits: 2054,
  GeogEllipsoid: 2056,
  GeogSemiMajorAxis: 2057,
  GeogSemiMinorAxis: 2058,
  GeogInvFlattening: 2059,
  ProjectedCSType: 3072,
  PCSCitation: 3073,
  Projection: 3074,
  ProjCoordTrans: 3075,
  ProjLinearUnits: 3076,
  ProjStdParallel1: 3078,
  ProjStdParallel2: 3079,
  ProjNatOriginLong: 3080,
  ProjNatOriginLat: 3081,
  ProjFalseEasting: 3082,
  ProjFalseNorthing: 3083,
  ProjFalseOriginLong: 3084,
  ProjFalseOriginLat: 3085,
  ProjFalseOriginEasting: 3086,
  ProjFalseOriginNorthing: 3087,
  ProjCenterLong: 3088,
  ProjCenterLat: 3089,
  ProjScaleAtNatOrigin: 3092,
  ProjStraightVertPoleLong: 3095,
} as const;

/** The GeoKey directory as a map from key id to its value (a short, doubles, or a string). */
export function readGeoKeys(ifd: TiffIfd): GeoKeys {
  const keys: GeoKeys = new Map();
  const dir = tagNumbers(ifd, TAG.GeoKeyDirectory);
  if (!dir || dir.length < 4) return keys;
  const doubles = tagNumbers(ifd, TAG.GeoDoubleParams) ?? [];
  const ascii = tagString(ifd, TAG.GeoAsciiParams) ?? '';
  const n = dir[3]!;
  for (let i = 0; i < n && 4 + 4 * i + 3 < dir.length; i++) {
    const [id, loc, count, off] = dir.slice(4 + 4 * i, 8 + 4 * i) as [number, number, number, number];
    if (loc === 0) keys.set(id, off);
    else if (loc === TAG.GeoDoubleParams) keys.set(id, count === 1 ? (doubles[off] ?? NaN) : doubles.slice(off, off + count));
    else if (loc === TAG.GeoAsciiParams) keys.set(id, ascii.slice(off, off + count).replace(/[|\0]+$/, ''));
    else if (loc === TAG.GeoKeyDirectory) keys.set(id, dir.slice(off, off + count));
  }
  return keys;
}

const num = (keys: GeoKeys, id: number): number | undefined => {
  const v = keys.get(id);
  return typeof v === 'number' ? v : Array.isArray(v) ? v[0] : undefined;
};
const str = (keys: GeoKeys, id: number): string | undefined => {
  const v = keys.get(id);
  return typeof v === 'string' ? v : undefined;
};

/**
 * The GDAL geotransform of the first IFD. PixelIsPoint rasters (GTRasterTypeGeoKey = 2) are moved by
 * half a cell so the result is always PixelIsArea (pixel-corner) like GDAL's default. A file without
 * georeferencing gets the identity `[0, 1, 0, 0, 0, 1]`.
 */
export function readTransform(ifd: TiffIfd, keys: GeoKeys, name: string): Affine {
  const m = tagNumbers(ifd, TAG.ModelTransformation);
  const tie = tagNumbers(ifd, TAG.ModelTiepoint);
  const scale = tagNumbers(ifd, TAG.ModelPixelScale);
  let t: [number, number, number, number, number, number];
  if (m && m.length >= 16) {
    t = [m[3]!, m[0]!, m[1]!, m[7]!, m[4]!, m[5]!];
  } else if (tie && tie.length >= 6 && scale && scale.length >= 2) {
    if (tie.length > 6) {
      throw new InputError(`${name}: georeferenced by ${tie.length / 6} ground control points, not a transform; warp it first (gdalwarp -t_srs EPSG:<code> in.tif out.tif)`, name);
    }
    const [i, j, , x, y] = tie as [number, number, number, number, number];
    const [sx, sy] = scale as [number, number];
    t = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  } else if (tie && tie.length > 6) {
    throw new InputError(`${name}: georeferenced by ${tie.length / 6} ground control points, not a transform; warp it first (gdalwarp -t_srs EPSG:<code> in.tif out.tif)`, name);
  } else {
    return [0, 1, 0, 0, 0, 1];
  }
  if (num(keys, KEY.GTRasterType) === 2) {
    t[0] -= 0.5 * (t[1] + t[2]);
    t[3] -= 0.5 * (t[4] + t[5]);
  }
  if (!t.every(Number.isFinite) || t[1] * t[5] - t[2] * t[4] === 0) {
    throw new InputError(`${name}: the geotransform [${t.join(', ')}] is degenerate (zero or non-finite pixel size)`, name);
  }
  return t;
}

/** Ellipsoid proj4 parameters from the geographic GeoKeys (GRS80 for the JGD and NAD83 datums). */
function ellipsoidParams(keys: GeoKeys): string {
  const datum = num(keys, KEY.GeogGeodeticDatum);
  const ellps = num(keys, KEY.GeogEllipsoid);
  const geog = num(keys, KEY.GeographicType);
  if (datum === 6326 || ellps === 7030 || geog === 4326) return '+datum=WGS84';
  if (datum === 6668 || datum === 6612 || datum === 6269 || datum === 6258 || ellps === 7019 || geog === 6668 || geog === 4612) return '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';
  const a = num(keys, KEY.GeogSemiMajorAxis);
  const invf = num(keys, KEY.GeogInvFlattening);
  const b = num(keys, KEY.GeogSemiMinorAxis);
  if (a !== undefined && invf !== undefined) return `+a=${a} +rf=${invf}`;
  if (a !== undefined && b !== undefined) return `+a=${a} +b=${b}`;
  return '';
}

function unitsParam(keys: GeoKeys, name: string): string {
  const u = num(keys, KEY.ProjLinearUnits) ?? 9001;
  if (u === 9001) return '+units=m';
  if (u === 9002) return '+units=ft';
  if (u === 9003) return '+units=us-ft';
  throw new InputError(`${name}: projected linear unit code ${u} is not supported (metre, foot, US survey foot are); reproject to metres with gdalwarp`, name);
}

/**
 * The CRS of a GeoTIFF from its GeoKeys, or null when it has none. EPSG codes go through `resolveCrs`
 * (an unknown code is an InputError naming `registerCrs`). User-defined CRSs are rebuilt as proj4 for
 * the common projections (transverse Mercator, Mercator, Lambert conformal conic 1SP/2SP, Albers,
 * polar stereographic); anything else is an InputError saying which projection it is.
 */
export function crsFromGeoKeys(keys: GeoKeys, name: string): Crs | null {
  if (keys.size === 0) return null;
  const model = num(keys, KEY.GTModelType);
  const citation = str(keys, KEY.PCSCitation) ?? str(keys, KEY.GTCitation) ?? str(keys, KEY.GeogCitation);
  const byCode = (code: number): Crs => {
    try {
      return resolveCrs(code);
    } catch (err) {
      if (err instanceof InputError) {
        throw new InputError(`${name}: ${err.message}${citation ? ` (the file calls it "${citation}")` : ''}`, name);
      }
      throw err;
    }
  };
  const pcs = num(keys, KEY.ProjectedCSType);
  if (model === 1 || (model === undefined && pcs !== undefined)) {
    if (pcs !== undefined && pcs > 0 && pcs < 32767) return byCode(pcs);
    const projCode = num(keys, KEY.Projection);
    const ell = ellipsoidParams(keys);
    if (!ell) throw new InputError(`${name}: user-defined projected CRS without a known datum or ellipsoid; reproject it to an EPSG code with gdalwarp`, name);
    // EPSG "UTM zone" projection codes 16001–16060 (north) and 16101–16160 (south).
    if (projCode !== undefined && ((projCode >= 16001 && projCode <= 16060) || (projCode >= 16101 && projCode <= 16160))) {
      const zone = projCode % 100;
      return crsFromProj4(`+proj=utm +zone=${zone}${projCode > 16100 ? ' +south' : ''} ${ell} ${unitsParam(keys, name)} +no_defs`, citation ?? `UTM zone ${zone}`);
    }
    const ct = num(keys, KEY.ProjCoordTrans);
    const g = (id: number, d = 0) => num(keys, id) ?? d;
    const fe = g(KEY.ProjFalseEasting, g(KEY.ProjFalseOriginEasting));
    const fn = g(KEY.ProjFalseNorthing, g(KEY.ProjFalseOriginNorthing));
    const lon0 = num(keys, KEY.ProjNatOriginLong) ?? num(keys, KEY.ProjFalseOriginLong) ?? g(KEY.ProjCenterLong);
    const lat0 = num(keys, KEY.ProjNatOriginLat) ?? num(keys, KEY.ProjFalseOriginLat) ?? g(KEY.ProjCenterLat);
    const k = g(KEY.ProjScaleAtNatOrigin, 1);
    const tail = `+x_0=${fe} +y_0=${fn} ${ell} ${unitsParam(keys, name)} +no_defs`;
    let p: string | undefined;
    if (ct === 1) p = `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} ${tail}`;
    else if (ct === 7) p = `+proj=merc +lon_0=${lon0} +k=${k} ${tail}`;
    else if (ct === 8) p = `+proj=lcc +lat_1=${g(KEY.ProjStdParallel1)} +lat_2=${g(KEY.ProjStdParallel2)} +lat_0=${lat0} +lon_0=${lon0} ${tail}`;
    else if (ct === 9) p = `+proj=lcc +lat_1=${lat0} +lat_0=${lat0} +lon_0=${lon0} +k_0=${k} ${tail}`;
    else if (ct === 11) p = `+proj=aea +lat_1=${g(KEY.ProjStdParallel1)} +lat_2=${g(KEY.ProjStdParallel2)} +lat_0=${lat0} +lon_0=${lon0} ${tail}`;
    else if (ct === 15) p = `+proj=stere +lat_0=${lat0 >= 0 ? 90 : -90} +lat_ts=${lat0} +lon_0=${num(keys, KEY.ProjStraightVertPoleLong) ?? lon0} +k=${k} ${tail}`;
    if (!p) {
      throw new InputError(`${name}: user-defined projection (GeoTIFF ProjCoordTransGeoKey ${ct ?? 'missing'}) is not supported; reproject it with gdalwarp -t_srs EPSG:<code>`, name);
    }
    return crsFromProj4(p, citation ?? 'user-defined projection');
  }
  if (model === 2 || (model === undefined && num(keys, KEY.GeographicType) !== undefined)) {
    const geog = num(keys, KEY.GeographicType);
    if (geog !== undefined && geog > 0 && geog < 32767) return byCode(geog);
    const units = num(keys, KEY.GeogAngularUnits);
    if (units !== undefined && units !== 9102 && units !== 9122) {
      throw new InputError(`${name}: geographic angular unit code ${units} is not supported (degrees are); reproject with gdalwarp -t_srs EPSG:4326`, name);
    }
    const ell = ellipsoidParams(keys);
    if (!ell) throw new InputError(`${name}: user-defined geographic CRS without a known datum or ellipsoid; reproject with gdalwarp -t_srs EPSG:4326`, name);
    return crsFromProj4(`+proj=longlat ${ell} +no_defs`, citation ?? 'user-defined geographic CRS');
  }
  if (model === 3) throw new InputError(`${name}: geocentric GeoTIFF CRS is not supported; reproject with gdalwarp -t_srs EPSG:<code>`, name);
  return null;
}
