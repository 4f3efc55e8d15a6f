"""The surge and concealment tests of `gridgov analyze` against SciPy on the same data: the Poisson
upper tail `poisson.sf(observed - 1, expected)` with the expectation worked out here from the
baseline by kind of day (weekday when working, rest days together), and the binomial upper tail
`binom.sf(outside - 1, reports, norm)`."""
import csv
import datetime
import io

import numpy as np
from scipy.stats import binom, poisson

from harness import gridgov


def test_surge_matches_scipy(tmp_path):
    random = np.random.default_rng(5)
    start = datetime.date(2026, 8, 3)
    rows, expected = [], {}
    for series in range(40):
        rate = random.uniform(0.5, 12)
        days = []
        for offset in range(59):
            day = start + datetime.timedelta(days=offset)
            working = day.weekday() < 5 and random.uniform() > 0.05
            count = int(random.poisson(rate * (1.0 if working else 0.4) * (3 if offset >= 56 and series % 4 == 0 else 1)))
            days.append((day, count, working))
            rows.append(f"s{series},{day.isoformat()},{count},{1 if working else 0}\n")
        baseline, window = days[:-3], days[-3:]
        def kind(entry):
            return entry[0].weekday() if entry[2] else -1
        means = {}
        for entry in baseline:
            means.setdefault(kind(entry), []).append(entry[1])
        if all(kind(entry) in means for entry in window):
            e = sum(np.mean(means[kind(entry)]) for entry in window)
            o = sum(entry[1] for entry in window)
            expected[f"s{series}"] = (o, e, poisson.sf(o - 1, e))
    data = tmp_path / "series.csv"
    data.write_text("series,day,count,working\n" + "".join(rows))
    result = gridgov("analyze", "surge", "--input", str(data), "--window-days", "3")
    out = list(csv.reader(io.StringIO(result.stdout)))
    assert out[0] == ["series", "observed", "expected", "p"]
    checked = 0
    for name, observed, mean, p in out[1:]:
        if name not in expected:
            assert observed == ""
            continue
        o, e, reference = expected[name]
        assert int(observed) == o and abs(float(mean) - e) < 1e-9
        assert abs(float(p) - reference) < 1e-6, (name, p, reference)
        checked += 1
    assert checked > 30
    assert sum(1 for name in expected if expected[name][2] < 0.001) > 0, "the tripled series surge"


def test_concealment_matches_scipy(tmp_path):
    random = np.random.default_rng(8)
    reports = random.integers(1, 300, size=300)
    outside = np.array([int(random.binomial(n, 0.8 if i % 25 == 0 else 0.35)) for i, n in enumerate(reports)])
    data = tmp_path / "grids.csv"
    data.write_text("grid_id,outside,reports\n" + "".join(f"g{i},{outside[i]},{reports[i]}\n" for i in range(len(reports))))
    result = gridgov("analyze", "concealment", "--input", str(data))
    out = list(csv.reader(io.StringIO(result.stdout)))
    assert out[0] == ["grid_id", "norm", "p"] and len(out) == len(reports) + 1
    norm = outside.sum() / reports.sum()
    for i, (grid, given_norm, p) in enumerate(out[1:]):
        assert grid == f"g{i}" and abs(float(given_norm) - norm) < 1e-12
        assert abs(float(p) - binom.sf(outside[i] - 1, reports[i], norm)) < 1e-6, (grid, p)
