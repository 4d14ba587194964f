// @floodzone/raster: browser-safe grids, georeferencing, CRS, readers and the GeoTIFF writer.
export type { Affine, Crs, FloatGrid, Grid, GridData, LabelGrid, MaskGrid } from './grid.js';
export { InputError } from './errors.js';
export { applyAffine, cellCentre, cellSize, invertAffine, isRotated, windowOfBBox, windowTransform, worldToPixel } from './affine.js';
export { crsEllipsoid, crsFromProj4, crsFromWkt, crsTransformer, registerCrs, resolveCrs, sameCrs } from './crs.js';
export { cellAreas, groundCellSize } from './area.js';
export { gridStats, type GridStats } from './stats.js';
export { readRaster, type RasterFormat, type RasterRead, type ReadRasterOptions } from './read.js';
export { crsFromGeoKeys, readGeoKeys } from './geokeys.js';
export { parseNodata, type Inflate, type InflateAsync, type PixelWindow } from './geotiff-read.js';
export { encodeGeoTiff, encodeGeoTiffParts, encodeGeoTiffPartsAsync, type EncodeGeoTiffOptions } from './geotiff-write.js';
export { tileFromName, tileTransform, gsiPngHeight, decodePng, type TileIndex } from './gsi-tile.js';
export { mosaicGsiMeshes, parseGsiMesh, type GsiMesh } from './gsi-jpgis.js';
