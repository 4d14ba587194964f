"""Peer: the sea-connected flood by scipy.ndimage.label, as in common Python bathtub scripts.

flooded = cells with z < level whose 8- (or 4-) connected component of below-level cells touches
the grid border. Reads raw little-endian Float32 (NaN = no data, never floods). Prints one JSON
line: the time of label + selection (not file reading) and the flooded cell count.
usage: scipy_flood.py <file.f32> <width> <height> <level> <8|4>
"""
import json, sys, time
import numpy as np
from scipy import ndimage

path, w, h, level, conn = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
z = np.fromfile(path, dtype="<f4").reshape(h, w)
t0 = time.perf_counter()
below = z < level  # NaN compares False: no data never floods
structure = np.ones((3, 3), bool) if conn == 8 else ndimage.generate_binary_structure(2, 1)
labels, n = ndimage.label(below, structure=structure)
edge = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
seeds = np.unique(edge[edge > 0])
keep = np.zeros(n + 1, bool)
keep[seeds] = True
flooded = keep[labels]
count = int(flooded.sum())
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "output": {"flooded": count}}))
