"""Peer: GDAL (Python bindings) reading a whole single-band raster into a Float32 array.
Prints one JSON line with the time of Open + ReadAsArray and the number of cells read.
usage: gdal_read.py <file>
"""
import json, sys, time
from osgeo import gdal

gdal.UseExceptions()
t0 = time.perf_counter()
ds = gdal.Open(sys.argv[1])
a = ds.GetRasterBand(1).ReadAsArray()
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "output": {"cells": int(a.size)}}))
