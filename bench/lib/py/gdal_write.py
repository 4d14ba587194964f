"""Peer: GDAL (Python bindings) writing a Float32 array as a tiled DEFLATE (+ predictor 3) GeoTIFF.
Reads raw Float32 first (untimed); prints one JSON line with the time of Create + WriteArray + close.
usage: gdal_write.py <in.f32> <width> <height> <out.tif> <predictor 1|3>
"""
import json, sys, time
import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
path, w, h, out, pred = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
a = np.fromfile(path, dtype="<f4").reshape(h, w)
t0 = time.perf_counter()
ds = gdal.GetDriverByName("GTiff").Create(out, w, h, 1, gdal.GDT_Float32,
    ["COMPRESS=DEFLATE", f"PREDICTOR={pred}", "TILED=YES", "BIGTIFF=IF_SAFER"])
ds.SetGeoTransform((-20000, 5, 0, -30000, 0, -5))
srs = osr.SpatialReference(); srs.ImportFromEPSG(6677)
ds.SetProjection(srs.ExportToWkt())
ds.GetRasterBand(1).WriteArray(a)
ds = None
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "output": {"cells": int(a.size)}}))
