"""Runs the benchmarks of scripts/bench and prints each figure beside its ceiling and target."""
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN, DIVISIONS = sys.argv[1], sys.argv[2]


def run(*args, **kw):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, **kw).stdout


def time_to_first_answer(command, path, headers=None):
    """Seconds from spawning `command` to the first 200 on `path`; the process is then stopped."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in process.stdout:
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if match:
            port = match.group(1)
            break
    try:
        while True:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        response.read()
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.005)
    finally:
        process.terminate()
        process.wait(timeout=30)


results = []
with tempfile.TemporaryDirectory() as tmp:
    # 1. National divisions import against a raw durable insert of as many rows.
    start = time.perf_counter()
    out = run("import", "divisions", DIVISIONS, "--data", f"{tmp}/national")
    import_seconds = time.perf_counter() - start
    rows = int(re.search(r"imported (\d+)", out).group(1))
    ceiling = json.loads(run("bench", "insert-ceiling", "--rows", str(rows), "--data", f"{tmp}/ceiling"))
    results.append(("divisions import (whole command, SQLite)", f"{rows} rows in {import_seconds:.2f} s",
                    f"raw insert {ceiling['seconds']:.2f} s", f"{import_seconds / ceiling['seconds']:.1f}× ceiling", "target < 10 s"))

    # 2. locate over a province's grids on one core.
    locate = json.loads(run("bench", "locate"))
    results.append(("locate(point), one core", f"{locate['lookups_per_s']:,.0f} lookups/s over {locate['grids']} grids",
                    f"point loop {locate['ceiling_points_per_s']:,.0f}/s",
                    f"{locate['lookups_per_s'] / locate['ceiling_points_per_s']:.2f} of ceiling", "target > 500,000/s"))

    # 3. Server start with a province-sized tree, beside a hello-world server's start.
    run("demo", "--scale", "province", "--data", f"{tmp}/province")
    token = run("token", "add", "--name", "bench", "--data", f"{tmp}/province").strip()
    auth = {"Authorization": "Bearer " + token}
    serve = [BIN, "serve", "--data", f"{tmp}/province", "--port", "0"]
    start_times = sorted(time_to_first_answer(serve, "/api/v1/regions/330106000000", auth) for _ in range(5))
    hello_times = sorted(time_to_first_answer([BIN, "bench", "hello"], "/healthz") for _ in range(5))
    median, hello = start_times[2], hello_times[2]
    results.append(("server start → first API answer (province tree)", f"median {median * 1000:.0f} ms of 5",
                    f"hello-world {hello * 1000:.0f} ms", f"{median / hello:.1f}× ceiling", "target < 1 s"))

width = max(len(r[0]) for r in results)
for name, figure, ceiling, ratio, target in results:
    print(f"{name:<{width}}  {figure}  |  {ceiling}  |  {ratio}  |  {target}")
