"""End-to-end tests of the gridgov command line and a real server on loopback.

PostgreSQL tests use the throwaway cluster named by GRIDGOV_TEST_POSTGRES_URL and are skipped
without it (scripts/test always sets it).
"""
import os
import urllib.parse
import uuid

import pytest

from harness import PG_URL, psql


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path / "data")


def new_database():
    """A new, empty database on the test cluster, dropped when the test ends."""
    if not PG_URL:
        if os.environ.get("GRIDGOV_REQUIRE_POSTGRES") == "1":
            pytest.fail("GRIDGOV_REQUIRE_POSTGRES=1 but GRIDGOV_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL")
    name = "gridgov_e2e_" + uuid.uuid4().hex[:12]
    psql(PG_URL, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(PG_URL)
    yield urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    psql(PG_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url():
    yield from new_database()


@pytest.fixture
def second_pg_url():
    """Another empty database beside `pg_url` (a restore's target)."""
    yield from new_database()
