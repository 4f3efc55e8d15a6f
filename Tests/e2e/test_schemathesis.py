"""The API against its own description: schemathesis generates requests from /api/openapi.json,
valid and invalid, and checks every answer (`--checks all`: no 5xx; statuses, content types,
headers and bodies as documented; invalid input refused, valid input taken) against a demo server
on loopback. Settings: schemathesis.toml beside this file.
"""
import os
import subprocess
import sys

from harness import Server
from test_open311 import PNG

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.normpath(os.path.join(HERE, "../../test-output/schemathesis"))
# A bounded budget: the whole test stays well under three minutes on a 2-core machine. Every
# operation as the county command centre first; then, as an admin, the two only admins may call
# (the centre is refused them before its body is read), last because they rewrite the catalogue.
PASSES = [("center", 75, []), ("admin", 25, ["--include-operation-id", "saveRegion", "--include-operation-id", "saveCategories"])]
MAX_EXAMPLES = 25


def test_api_answers_as_its_openapi_document_says(data_dir, tmp_path):
    server = Server("--data", data_dir, extra=("--demo",))
    try:
        # A case with a photo, so the operations on one case reach real data instead of 404s.
        worker = server.login("worker")
        _, grid = server.call("GET", "/api/v1/regions/330106001001001", token=worker)
        status, case = server.call("POST", "/api/v1/cases", token=worker, body={
            "category": "HJ01", "description": "楼道堆放杂物", "lat": grid["seat"]["lat"], "lng": grid["seat"]["lng"]})
        assert status == 201, case
        status, photo = server.call("POST", f"/api/v1/cases/{case['number']}/attachments", token=worker, body=PNG,
                                    headers={"Content-Type": "image/png"})
        assert status == 201, photo
        # Logged in before any pass: schemathesis's own login attempts use up this client's budget
        # of failed logins, after which the server refuses this client, as it should.
        tokens = {username: server.login(username) for username, _, _ in PASSES}
        for username, seconds, selection in PASSES:
            # One worker: CPython 3.11 can fail schemathesis's coverage phase with "AST constructor
            # recursion depth mismatch" when two threads build syntax trees at once (CPython gh-106905).
            command = [sys.executable, "-m", "schemathesis.cli", "--config-file", os.path.join(HERE, "schemathesis.toml"), "--no-color",
                       "run", server.base + "/api/openapi.json", "--checks", "all", *selection,
                       "--max-examples", str(MAX_EXAMPLES), "--max-time", str(seconds), "--seed", "20261122", "--workers", "1",
                       "--report", "junit", "--report-dir", os.path.join(REPORTS, username)]
            # Run from a temporary folder: schemathesis keeps a cache (.schemathesis/) where it runs.
            result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, cwd=tmp_path,
                                    env=dict(os.environ, GRIDGOV_SCHEMATHESIS_TOKEN=tokens[username],
                                             GRIDGOV_SCHEMATHESIS_CASE=case["number"], GRIDGOV_SCHEMATHESIS_PHOTO=photo["sha256"]))
            errors = "".join(line for line in server.log if " error " in line or " critical " in line)
            assert result.returncode == 0, f"as {username}:\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}\nserver errors:\n{errors[-5000:]}"
    finally:
        server.stop()
