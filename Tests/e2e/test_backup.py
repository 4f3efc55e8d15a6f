"""`gridgov backup` taken while a server takes reports, `gridgov restore`, and their refusals.

A backup must hold every case acknowledged before it began; a restore must verify its journal and
never write over a store or leave half a one behind.
"""
import json
import os
import sqlite3
import threading
import time

from harness import Server, gridgov, psql

INTAKE_THREADS = 4
# Seconds of intake before the backup begins, and after it ends (the load stays bounded).
LOAD_BEFORE, LOAD_AFTER = 1.0, 0.5


class Intake:
    """Grid workers' phones reporting cases as fast as the server answers, until stopped. Each
    acknowledged case number is kept with the moment its answer arrived."""

    def __init__(self, server):
        self.server = server
        self.token = server.login("worker")
        self.seat = server.call("GET", "/api/v1/regions/330106001001001", token=self.token)[1]["seat"]
        self.acknowledged = []  # (time.monotonic() when answered, case number)
        self.failures = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.report, args=(n,)) for n in range(INTAKE_THREADS)]

    def report(self, phone):
        n = 0
        while not self.stopping.is_set():
            n += 1
            body = {"category": "HJ01", "description": f"楼道垃圾 {phone}-{n}", "lat": self.seat["lat"], "lng": self.seat["lng"]}
            try:
                status, answer = self.server.call("POST", "/api/v1/cases", token=self.token, body=body)
            except OSError as error:  # a refused or dropped connection fails the test, not just the thread
                status, answer = None, repr(error)
            answered = time.monotonic()
            with self.lock:
                if status == 201:
                    self.acknowledged.append((answered, answer["number"]))
                else:
                    self.failures.append((status, answer))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not self.failures, self.failures[:3]


def backup_under_intake(server, folder, *store):
    """Takes `gridgov backup` while cases keep coming in; returns the numbers acknowledged before it began."""
    with Intake(server) as intake:
        time.sleep(LOAD_BEFORE)
        began = time.monotonic()
        gridgov("backup", folder, *store)
        ended = time.monotonic()
        time.sleep(LOAD_AFTER)
    before = {number for at, number in intake.acknowledged if at < began}
    assert len(before) >= 10, f"too little load before the backup: {len(before)} cases"
    assert any(at > ended for at, _ in intake.acknowledged), "intake stopped during the backup"
    return before


def serve_and_back_up(backup, *store):
    """Builds the demo county, serves it and backs it up under intake; returns the case numbers
    acknowledged before the backup began."""
    gridgov("demo", *store)
    server = Server(*store)
    try:
        before = backup_under_intake(server, backup, *store)
    finally:
        assert server.stop() == 0
    return before


def manifest(folder):
    with open(os.path.join(folder, "gridgov-backup.json")) as file:
        return json.load(file)


def test_backup_under_intake_restores_every_acknowledged_case_sqlite(tmp_path):
    data, backup, restored = str(tmp_path / "data"), str(tmp_path / "backup"), str(tmp_path / "restored")
    before = serve_and_back_up(backup, "--data", data)
    assert sorted(os.listdir(backup)) == ["gridgov-backup.json", "gridgov.sqlite"]
    written = manifest(backup)
    assert written["engine"] == "sqlite" and written["bytes"] == os.path.getsize(os.path.join(backup, "gridgov.sqlite"))

    output = gridgov("restore", backup, "--data", restored).stdout
    assert f"journal whole: {written['contents']['journal_chains']} chains, {written['contents']['journal_entries']} entries" in output
    assert "journal whole" in gridgov("audit", "verify", "--data", restored).stdout
    db = sqlite3.connect(os.path.join(restored, "gridgov.sqlite"))
    numbers = {number for (number,) in db.execute("SELECT number FROM cases")}
    db.close()
    assert not before - numbers, f"acknowledged before the backup began but not restored: {sorted(before - numbers)[:5]}"
    assert len(numbers) == written["contents"]["cases"]
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".")], "a restore's staging folder was left behind"


def test_backup_under_intake_restores_every_acknowledged_case_postgres(pg_url, second_pg_url, tmp_path):
    backup = str(tmp_path / "backup")
    before = serve_and_back_up(backup, "--database", pg_url)
    assert sorted(os.listdir(backup)) == ["gridgov-backup.json", "gridgov.pgdump"]

    output = gridgov("restore", backup, "--database", second_pg_url).stdout
    assert "journal whole" in output
    assert gridgov("audit", "verify", "--database", second_pg_url).returncode == 0
    numbers = set(psql(second_pg_url, "SELECT number FROM cases").split())
    assert not before - numbers, f"acknowledged before the backup began but not restored: {sorted(before - numbers)[:5]}"
    assert len(numbers) == manifest(backup)["contents"]["cases"]

    again = gridgov("restore", backup, "--database", second_pg_url, check=False)
    assert again.returncode == 2 and "the database is not empty (it holds tables" in again.stderr
    assert set(psql(second_pg_url, "SELECT number FROM cases").split()) == numbers


def test_backup_and_restore_refuse_bad_folders(tmp_path):
    data, backup = str(tmp_path / "data"), str(tmp_path / "backup")
    gridgov("demo", "--data", data)
    gridgov("backup", backup, "--data", data)
    first = manifest(backup)

    again = gridgov("backup", backup, "--data", data, check=False)
    assert again.returncode == 2 and f"cannot back up into {backup}: it already holds a backup" in again.stderr
    assert manifest(backup) == first, "a backup was overwritten"
    (tmp_path / "a-file").write_text("x")
    under_file = gridgov("backup", str(tmp_path / "a-file" / "backup"), "--data", data, check=False)
    assert under_file.returncode == 2 and "cannot create the folder" in under_file.stderr
    no_store = gridgov("backup", str(tmp_path / "b2"), "--data", str(tmp_path / "nothing"), check=False)
    assert no_store.returncode == 2 and "holds no GridGov store" in no_store.stderr
    assert not os.path.exists(tmp_path / "b2" / "gridgov-backup.json")

    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("keep me")
    refused = gridgov("restore", backup, "--data", str(occupied), check=False)
    assert refused.returncode == 2 and f"cannot restore into {occupied}: the folder is not empty (it holds notes.txt)" in refused.stderr
    assert os.listdir(occupied) == ["notes.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    assert "journal whole" in gridgov("restore", backup, "--data", str(empty)).stdout, "an empty folder takes a restore"

    for folder, reason in [(str(tmp_path / "missing"), "it does not exist"),
                           (str(occupied), "it holds no gridgov-backup.json"),
                           (str(tmp_path / "a-file"), "it is a file")]:
        result = gridgov("restore", folder, "--data", str(tmp_path / "target"), check=False)
        assert result.returncode == 2 and f"{folder} is not a backup that can be restored: {reason}" in result.stderr, result.stderr
    other_engine = gridgov("restore", backup, "--database", "postgres://nobody@127.0.0.1:1/none", check=False)
    assert other_engine.returncode == 2 and "holds a SQLite backup; restore it with --data NEWDIR" in other_engine.stderr
    assert not os.path.exists(tmp_path / "target")


def test_restore_refuses_a_damaged_backup_and_a_broken_journal(tmp_path):
    data, backup = str(tmp_path / "data"), str(tmp_path / "backup")
    gridgov("demo", "--data", data)
    gridgov("backup", backup, "--data", data)
    store = os.path.join(backup, "gridgov.sqlite")
    with open(store, "r+b") as file:
        file.seek(os.path.getsize(store) // 2)
        byte = file.read(1)
        file.seek(-1, os.SEEK_CUR)
        file.write(bytes([byte[0] ^ 0xFF]))
    damaged = gridgov("restore", backup, "--data", str(tmp_path / "target"), check=False)
    assert damaged.returncode == 2 and "its gridgov.sqlite is damaged" in damaged.stderr, damaged.stderr

    db = sqlite3.connect(os.path.join(data, "gridgov.sqlite"))
    db.execute("UPDATE journal SET actor = 'mallory' WHERE county_code = '330106' AND seq = 7")
    db.commit()
    db.close()
    tampered = str(tmp_path / "tampered")
    gridgov("backup", tampered, "--data", data)
    broken = gridgov("restore", tampered, "--data", str(tmp_path / "target"), check=False)
    assert broken.returncode == 1
    assert "journal BROKEN at chain 330106, entry 7: altered" in broken.stderr and "nothing was restored" in broken.stderr
    assert sorted(os.listdir(tmp_path)) == ["backup", "data", "tampered"], "a restore left files behind"
