"""GridGov on Citus (distributed PostgreSQL), on the cluster scripts/test starts with
../shared/tools/citus-cluster (GRIDGOV_TEST_CITUS_URL): the tables distribute by county as the
migrations run, a case lives its whole life through the API (a photo attached, the journal
verified), and no request of that life runs on more than one shard — Citus counts single- and
multi-shard executions for the server's sessions alone (citus.enable_stat_counters)."""
import os
import urllib.parse
import uuid

import pytest

from harness import Server, gridgov, psql

CITUS_URL = os.environ.get("GRIDGOV_TEST_CITUS_URL")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082")


@pytest.fixture
def citus_schema():
    """A new schema on the coordinator (made on every node), dropped afterwards, and the URL whose
    sessions use it."""
    if not CITUS_URL:
        if os.environ.get("GRIDGOV_REQUIRE_CITUS") == "1":
            pytest.fail("GRIDGOV_REQUIRE_CITUS=1 but GRIDGOV_TEST_CITUS_URL is not set")
        pytest.skip("no Citus cluster")
    name = "gridgov_e2e_" + uuid.uuid4().hex[:12]
    psql(CITUS_URL, f"CREATE SCHEMA {name}")
    parts = urllib.parse.urlsplit(CITUS_URL)
    query = urllib.parse.parse_qsl(parts.query) + [
        ("options", f"-c search_path={name} -c citus.shard_count=4 -c citus.enable_stat_counters=on -c citus.multi_task_query_log_level=warning -c log_min_error_statement=warning")]
    yield name, urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, urllib.parse.urlencode(query, quote_via=urllib.parse.quote), ""))
    psql(CITUS_URL, f"DROP SCHEMA IF EXISTS {name} CASCADE")


def shard_executions():
    """(single-shard, multi-shard) executions Citus has counted in this database."""
    single, multi = psql(CITUS_URL, "SELECT query_execution_single_shard, query_execution_multi_shard FROM "
                                    "citus_stat_counters((SELECT oid FROM pg_database WHERE datname = current_database()))").strip().split("|")
    return int(single), int(multi)


def test_a_case_lives_on_citus_each_request_on_one_shard(citus_schema, tmp_path):
    schema, url = citus_schema
    key = tmp_path / "protection.key"
    key.write_text(uuid.uuid4().hex + uuid.uuid4().hex)
    gridgov("demo", "--database", url, "--protection-key-file", str(key))
    placed = psql(CITUS_URL, f"SELECT partmethod, COUNT(*) FROM pg_dist_partition WHERE logicalrelid::text LIKE '{schema}.%' GROUP BY 1 ORDER BY 1")
    counts = dict(line.split("|") for line in placed.split())
    assert int(counts["h"]) >= 30 and int(counts["n"]) >= 5, placed
    assert "cases" in psql(CITUS_URL, f"SELECT logicalrelid::text FROM pg_dist_partition WHERE logicalrelid = '{schema}.cases'::regclass AND partmethod = 'h'")

    server = Server("--database", url, "--protection-key-file", str(key))
    try:
        worker, street, dept = server.login("worker"), server.login("street"), server.login("dept")
        status, seat = server.call("GET", "/api/v1/regions/330106001001001", token=worker)
        assert status == 200
        before = shard_executions()
        status, case = server.call("POST", "/api/v1/cases", token=worker, body={
            "category": "HJ01", "description": "楼道垃圾堆放", "lat": seat["seat"]["lat"], "lng": seat["seat"]["lng"]})
        assert status in (200, 201), case
        number = case["number"]
        status, photo = server.call("POST", f"/api/v1/cases/{number}/attachments", token=worker, body=PNG,
                                    headers={"Content-Type": "image/png"})
        assert status == 201, photo
        steps = [(street, {"action": "accept"}), (street, {"action": "register"}),
                 (street, {"action": "dispatch", "unit": "330106-CG"}), (dept, {"action": "sign_in"}),
                 (dept, {"action": "handle", "note": "已清运"}), (worker, {"action": "verify"}),
                 (street, {"action": "close"}), (worker, {"action": "rate", "rating": "satisfied"})]
        for token, step in steps:
            status, body = server.call("POST", f"/api/v1/cases/{number}/actions", token=token, body=step)
            assert status == 200, (step, body)
        status, detail = server.call("GET", f"/api/v1/cases/{number}", token=street)
        assert status == 200 and detail["state"] == "rated"
        assert [h["action"] for h in detail["history"]][-8:] == [s["action"] for _, s in steps]
        status, listed = server.call("GET", "/api/v1/cases?region=330106001001001", token=worker)
        assert status == 200 and number in [c["number"] for c in listed["cases"]]
        status, stats = server.call("GET", "/api/v1/case-stats?region=330106001001", token=street)
        assert status == 200 and stats["closed"] == 1
        status, photos = server.call("GET", f"/api/v1/cases/{number}/attachments", token=street)
        assert status == 200 and len(photos["attachments"]) == 1
        single, multi = (a - b for a, b in zip(shard_executions(), before))
        assert single > 0 and multi == 0, f"{multi} multi-shard executions in a single county's case life"
    finally:
        server.stop()
    assert "journal whole" in gridgov("audit", "verify", "--database", url).stdout
