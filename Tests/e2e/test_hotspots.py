"""Gi* from `gridgov analyze hotspots` against PySAL's reference on the same lattice: esda's
G_Local with binary distance-band weights and each grid its own neighbour (star=True)."""
import csv
import io
import warnings

import numpy as np
from esda.getisord import G_Local
from libpysal.weights import DistanceBand
from scipy.stats import norm

from harness import gridgov


def test_gi_star_matches_pysal(tmp_path):
    random = np.random.default_rng(3)
    n = 400
    xy = random.uniform(0, 5000, size=(n, 2))
    counts = random.poisson(3, size=n).astype(float)
    counts[:25] += 15  # a cluster of busy grids, scattered and so partly together
    lattice = tmp_path / "lattice.csv"
    lattice.write_text("grid_id,x,y,count\n" + "".join(
        f"g{i},{float(xy[i, 0])!r},{float(xy[i, 1])!r},{float(counts[i])!r}\n" for i in range(n)))
    result = gridgov("analyze", "hotspots", "--input", str(lattice), "--distance", "600")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["grid_id", "z", "p"] and [r[0] for r in rows[1:]] == [f"g{i}" for i in range(n)]
    z = np.array([float(r[1]) for r in rows[1:]])
    p = np.array([float(r[2]) for r in rows[1:]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = DistanceBand(xy, threshold=600, binary=True, silence_warnings=True)
        reference = G_Local(counts, weights, transform="B", star=True, permutations=0)
    assert np.max(np.abs(z - reference.Zs)) < 1e-6
    assert np.max(np.abs(p - 2 * norm.sf(np.abs(reference.Zs)))) < 1e-6
    assert (p < 0.05).sum() > 0, "the busy grids make some hotspots"
