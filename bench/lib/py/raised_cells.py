"""Counts the cells a depression filling raised: filled > dem (both read with GDAL; no data skipped).
Prints one JSON line {"output": {"raised": n}}. usage: raised_cells.py <dem> <filled>"""
import json, sys
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
def read(p):
    ds = gdal.Open(p)  # keep the dataset alive while its band is used (GDAL's Python bindings crash otherwise)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray().astype(np.float32)
    nd = b.GetNoDataValue()
    if nd is not None:
        a[a == np.float32(nd)] = np.nan
    return a
dem, filled = read(sys.argv[1]), read(sys.argv[2])
print(json.dumps({"output": {"raised": int(np.count_nonzero(filled > dem))}}))
