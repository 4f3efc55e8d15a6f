"""The README's promises, through the command line and a real server."""
import gzip
import signal
import sqlite3
import subprocess

import pytest

from harness import Server, gridgov, psql

DIVISIONS = """code,name,level,parent_code,lat,lng
330000000000,浙江省,1,,30.267,120.153
330100000000,杭州市,2,330000000000,30.246,120.209
330106000000,西湖区,3,330100000000,30.259,120.130
330106001000,北山街道,4,330106000000,,
330106001001,北山社区,5,330106001000,,
"""


def test_serve_demo_every_role_sees_only_its_scope(data_dir):
    server = Server("--data", data_dir, extra=("--demo",))
    try:
        assert server.call("GET", "/healthz") == (200, {"status": "ok"})
        expected = {"admin": None, "center": "330106000000", "street": "330106001000", "worker": "330106001001001",
                    "worker2": "330106001002001", "dept": "330106000000", "resident": "330106000000"}
        for username, top in expected.items():
            status, body = server.call("GET", "/api/v1/regions", token=server.login(username))
            assert status == 200 and body["code"] == top, (username, body)
        worker = server.login("worker")
        status, body = server.call("GET", "/api/v1/regions/330106001002001", token=worker)
        assert status == 403 and body["error"]["code"] == "out_of_scope"
    finally:
        assert server.stop() == 0, "SIGTERM shuts the server down gracefully"


def test_acknowledged_write_survives_kill_9(data_dir):
    gridgov("demo", "--data", data_dir)
    server = Server("--data", data_dir)
    admin = server.login("admin")
    status, _ = server.call("PUT", "/api/v1/regions/330106001000", token=admin,
                            body={"name": "北山街道（改）", "parent_code": "330106000000"})
    assert status == 200
    server.stop(signal.SIGKILL)
    server = Server("--data", data_dir)
    try:
        status, body = server.call("GET", "/api/v1/regions/330106001000", token=server.login("admin"))
        assert status == 200 and body["name"] == "北山街道（改）"
    finally:
        server.stop()
    assert "journal whole" in gridgov("audit", "verify", "--data", data_dir).stdout


def test_divisions_import_good_gz_bad_and_reimport(data_dir, tmp_path):
    path = tmp_path / "divisions.csv.gz"
    path.write_bytes(gzip.compress(DIVISIONS.encode()))
    out = gridgov("import", "divisions", str(path), "--data", data_dir).stdout
    assert "imported 5 divisions (5 new, 0 updated)" in out
    again = gridgov("import", "divisions", str(path), "--data", data_dir).stdout
    assert "(0 new, 5 updated)" in again

    bad = tmp_path / "bad.csv"
    bad.write_text(DIVISIONS + "330106001002,新社区,5,330106001000,,\n330106002001,孤儿社区,5,330106002000,,\n330106001002,重复,5,330106001000,,\n")
    result = gridgov("import", "divisions", str(bad), "--data", data_dir, check=False)
    assert result.returncode == 2
    assert "line 8, parent_code: unknown parent 330106002000" in result.stderr
    assert "line 9, code: duplicate code 330106001002" in result.stderr
    assert "nothing was imported" in result.stderr
    db = sqlite3.connect(f"{data_dir}/gridgov.sqlite")
    assert db.execute("SELECT COUNT(*) FROM regions WHERE code = '330106001002'").fetchone()[0] == 0
    db.close()


def test_user_and_token_commands(data_dir):
    gridgov("demo", "--data", data_dir)
    gridgov("user", "add", "--username", "lisi", "--role", "worker", "--region", "330106001001002", "--data", data_dir, input="s3cret!\n")
    refused = gridgov("user", "add", "--username", "lisi2", "--role", "dept", "--region", "330106", "--data", data_dir, input="pw12\n", check=False)
    assert refused.returncode != 0 and "must be bound to a department" in refused.stderr
    token = gridgov("token", "add", "--name", "video-ai", "--region", "330106001", "--data", data_dir).stdout.strip()
    server = Server("--data", data_dir)
    try:
        status, body = server.call("GET", "/api/v1/regions", token=server.login("lisi", "s3cret!"))
        assert status == 200 and body["code"] == "330106001001002"
        status, body = server.call("GET", "/api/v1/regions", token=token)
        assert status == 200 and body["code"] == "330106001000"
        status, _ = server.call("GET", "/api/v1/regions/330106002000", token=token)
        assert status == 403
    finally:
        server.stop()

    gridgov("token", "revoke", "--name", "video-ai", "--data", data_dir)
    listed = gridgov("token", "list", "--data", data_dir).stdout
    assert "video-ai\tintegration\tregion 330106001000\t" in listed and "\trevoked " in listed and token not in listed
    unknown = gridgov("token", "revoke", "--name", "nobody", "--data", data_dir, check=False)
    assert unknown.returncode == 64 and "token 'nobody' does not exist" in unknown.stderr
    server = Server("--data", data_dir)
    try:
        status, _ = server.call("GET", "/api/v1/regions", token=token)
        assert status == 401
    finally:
        server.stop()


def test_audit_verify_names_the_tampered_entry_sqlite(data_dir):
    gridgov("demo", "--data", data_dir)
    assert gridgov("audit", "verify", "--data", data_dir).returncode == 0
    db = sqlite3.connect(f"{data_dir}/gridgov.sqlite")
    db.execute("UPDATE journal SET actor = 'mallory' WHERE county_code = '330106' AND seq = 7")
    db.commit()
    db.close()
    result = gridgov("audit", "verify", "--data", data_dir, check=False)
    assert result.returncode == 1
    assert "chain 330106, entry 7: altered" in result.stderr


def test_postgres_serve_and_audit(pg_url):
    gridgov("demo", "--database", pg_url)
    server = Server("--database", pg_url)
    try:
        status, body = server.call("GET", "/api/v1/regions", token=server.login("street"))
        assert status == 200 and body["code"] == "330106001000"
    finally:
        assert server.stop() == 0
    assert gridgov("audit", "verify", "--database", pg_url).returncode == 0
    psql(pg_url, "DELETE FROM journal WHERE county_code = '330106' AND seq = 3")
    result = gridgov("audit", "verify", "--database", pg_url, check=False)
    assert result.returncode == 1 and "chain 330106, entry 3: removed" in result.stderr


def test_bad_command_line_input_is_refused_clearly(data_dir):
    result = gridgov("user", "add", "--username", "x1", "--role", "boss", "--data", data_dir, input="pw12\n", check=False)
    assert result.returncode != 0 and "--role must be one of" in result.stderr
    result = gridgov("import", "divisions", "/nonexistent.csv", "--data", data_dir, check=False)
    assert result.returncode != 0 and "cannot read /nonexistent.csv" in result.stderr
    result = gridgov("serve", "--data", data_dir, "--port", "70000", check=False)
    assert result.returncode != 0 and "--port" in result.stderr


def test_acknowledged_reports_survive_kill_9_and_numbers_continue(data_dir):
    gridgov("demo", "--data", data_dir)
    server = Server("--data", data_dir)
    worker = server.login("worker")
    status, grid = server.call("GET", "/api/v1/regions/330106001001001", token=worker)
    seat = grid["seat"]
    numbers = []
    for n in range(5):
        status, body = server.call("POST", "/api/v1/cases", token=worker,
                                   body={"category": "HJ01", "description": f"垃圾 {n}", "lat": seat["lat"], "lng": seat["lng"]})
        assert status == 201, body
        numbers.append(body["number"])
    server.stop(signal.SIGKILL)
    server = Server("--data", data_dir)
    try:
        street = server.login("street")
        for number in numbers:
            status, body = server.call("GET", f"/api/v1/cases/{number}", token=street)
            assert status == 200 and body["state"] == "reported", body
        status, body = server.call("POST", "/api/v1/cases", token=server.login("worker"),
                                   body={"category": "HJ01", "description": "再报", "lat": seat["lat"], "lng": seat["lng"]})
        assert status == 201 and body["number"] not in numbers
        if body["number"][:15] == numbers[-1][:15]:  # the same Beijing day: the sequence continues
            assert int(body["number"][-4:]) == int(numbers[-1][-4:]) + 1
    finally:
        server.stop()
    assert "journal whole" in gridgov("audit", "verify", "--data", data_dir).stdout


def test_workflow_show_prints_the_case_table_in_chinese_and_english():
    zh = gridgov("workflow", "show", "cases", "--lang", "zh").stdout
    assert "已上报 (reported)\n  受理 | 受理员 | 无 | → 已受理\n" in zh
    assert "  签收 | 处置单位 | 不是发现人（巡办分离） | → 处置中\n" in zh
    assert "  评价 | 上报人 | 评价为不满意，且此前未因不满意重办 | → 已立案\n" in zh
    assert "已作废 (voided)\n  （没有操作离开此状态）" in zh
    assert gridgov("workflow", "show", "cases").stdout == zh, "Chinese by default"
    en = gridgov("workflow", "show", "cases", "--lang", "en").stdout
    assert "  Dispatch | dispatcher | always | → dispatched\n" in en
    assert "  Rate | reporter | the rating is unsatisfied, and not reopened before | → registered\n" in en
    disputes = gridgov("workflow", "show", "disputes").stdout
    assert "已达成协议 (agreed)\n  回访 | 调委会/综治中心、调解员、网格员 | 协议达成满 30 天 | → 已结案\n" in disputes
    refused = gridgov("workflow", "show", "proposals", check=False)
    assert refused.returncode != 0 and "cases" in refused.stderr and "disputes" in refused.stderr


def test_demo_writes_a_year_of_past_cases_with_some_open_now(data_dir):
    built = gridgov("demo", "--data", data_dir, env={"GRIDGOV_DEMO_CASES": "3000"}).stdout
    assert "3000 past cases" in built
    server = Server("--data", data_dir)
    try:
        status, stats = server.call("GET", "/api/v1/case-stats", token=server.login("center"))
        assert status == 200, stats
        assert 0 < stats["open"] < 3000 and stats["closed"] > 2000, stats
        status, page = server.call("GET", "/api/v1/cases?state=rated&limit=1", token=server.login("center"))
        assert status == 200 and page["cases"], "a year of finished cases behind the open ones"
    finally:
        server.stop()
    refused = gridgov("demo", "--data", data_dir + "-bad", env={"GRIDGOV_DEMO_CASES": "many"}, check=False)
    assert refused.returncode != 0 and "GRIDGOV_DEMO_CASES" in refused.stderr



def test_people_from_a_gbk_export_are_imported_and_never_stored_in_clear(data_dir, tmp_path):
    """实有人口: a county's GBK export with Chinese headers, bad rows named by line and column and
    nothing written; then the good file; the data folder holds no identity number or phone in clear."""
    import os
    gridgov("demo", "--data", data_dir)
    assert os.path.exists(os.path.join(data_dir, "protection.key")), "the demo brings its own key"
    header = "姓名,公民身份号码,联系电话,民族,人口类型,网格编码,住址\r\n"
    good = header + "张三,33010619850612004X,13900001111,汉,户籍,330106001001001,文三路100号\r\n"
    bad = good + "李四,330106197201010031,,回,流动,330106001001002,\r\n"
    (tmp_path / "bad.csv").write_bytes(bad.encode("gbk"))
    refused = gridgov("import", "people", str(tmp_path / "bad.csv"), "--data", data_dir, check=False)
    assert refused.returncode == 2
    assert "line 3, id_number: the check character of this identity number should be X" in refused.stderr
    (tmp_path / "good.csv").write_bytes(good.encode("gbk"))
    out = gridgov("import", "people", str(tmp_path / "good.csv"), "--data", data_dir).stdout
    assert "imported 1 people (1 new, 0 merged) from GB18030" in out
    partial = gridgov("import", "people", str(tmp_path / "bad.csv"), "--valid-rows-only", "--data", data_dir).stdout
    assert "1 merged" in partial and "line 3, id_number" in partial
    for name in os.listdir(data_dir):
        if name == "protection.key":
            continue
        with open(os.path.join(data_dir, name), "rb") as f:
            content = f.read()
        for secret in (b"33010619850612004X", b"13900001111"):
            assert secret not in content, f"{name} holds {secret!r} in clear"


def test_houses_units_and_people_from_excel_workbooks(data_dir, tmp_path):
    """实有房屋, 实有单位 and 实有人口 from .xlsx files as office software writes them (openpyxl:
    deflated parts, numbers where a clerk typed digits, a date cell); a file that is not a workbook
    is refused by name, and a bad credit code is named by line and column with nothing written."""
    import datetime
    import openpyxl

    gridgov("demo", "--data", data_dir)

    def workbook(name, rows):
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        path = tmp_path / name
        book.save(path)
        return str(path)

    houses = workbook("houses.xlsx", [
        ["地址", "楼栋", "单元", "室", "网格编码", "用途", "居住人数", "限住人数", "隐患等级"],
        ["文三路12号", 3, 2, 501, 330106001001001, "出租", 9, 6, "严重"],
        ["文三路12号", 3, 2, 502, "330106001001001", "自住", None, None, None],
    ])
    out = gridgov("import", "houses", houses, "--data", data_dir).stdout
    assert "imported 2 houses (2 new, 0 merged) from XLSX" in out

    people = workbook("people.xlsx", [
        ["姓名", "公民身份号码", "联系电话", "网格编码", "住址", "标签"],
        ["张三", "33010619850612004X", 13900001111, 330106001001001, "文三路12号3幢2单元501室", "独居老人"],
    ])
    out = gridgov("import", "people", people, "--data", data_dir).stdout
    assert "imported 1 people (1 new, 0 merged) from XLSX" in out

    bad_units = workbook("units.xlsx", [
        ["单位名称", "统一社会信用代码", "网格编码", "联系电话"],
        ["西湖便利店", "91350100M000100Y43", 330106001001001, 13812345678],
        ["某公司", "91350100M000100Y44", 330106001001001, None],
    ])
    refused = gridgov("import", "units", bad_units, "--data", data_dir, check=False)
    assert refused.returncode == 2 and "line 3, credit_code:" in refused.stderr
    out = gridgov("import", "units", bad_units, "--valid-rows-only", "--data", data_dir).stdout
    assert "imported 1 organisations (1 new, 0 merged) from XLSX" in out and "line 3, credit_code" in out

    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    fake = gridgov("import", "houses", str(tmp_path / "fake.xlsx"), "--data", data_dir, check=False)
    assert fake.returncode == 2 and "not a ZIP archive" in fake.stderr

    dated = workbook("dated.xlsx", [["address", "grid_code", "use", "area"],
                                    ["文三路13号", "330106001001001", "自住", datetime.date(2026, 3, 1)]])
    wrong = gridgov("import", "houses", dated, "--data", data_dir, check=False)
    assert wrong.returncode == 2 and "line 2, area: '2026-03-01' is not an area in square metres" in wrong.stderr


def test_protection_rekey_reseals_everything_under_a_new_key(data_dir, tmp_path):
    """`gridgov protection rekey`: every identity number and phone resealed under a new key; the
    people are still found and the data folder still holds no identity number in clear."""
    import os
    gridgov("demo", "--data", data_dir)
    person = "姓名,公民身份号码,联系电话,网格编码\r\n张三,33010619850612004X,13900001111,330106001001001\r\n"
    (tmp_path / "p.csv").write_text(person, encoding="utf-8")
    gridgov("import", "people", str(tmp_path / "p.csv"), "--data", data_dir)
    new_key = tmp_path / "new.key"
    new_key.write_text("ab" * 32 + "\n")
    out = gridgov("protection", "rekey", "--new-key-file", str(new_key), "--data", data_dir).stdout
    assert "resealed" in out and "people" in out and "now holds the new key" in out
    with open(os.path.join(data_dir, "protection.key")) as f:
        assert f.read().strip() == "ab" * 32
    # The same person again: merged (found through the rebuilt blind index), not added.
    again = gridgov("import", "people", str(tmp_path / "p.csv"), "--data", data_dir).stdout
    assert "(0 new, 1 merged)" in again
    bad = tmp_path / "bad.key"
    bad.write_text("short\n")
    refused = gridgov("protection", "rekey", "--new-key-file", str(bad), "--data", data_dir, check=False)
    assert refused.returncode != 0 and "64 hex digits" in refused.stderr


def test_analyze_hotspots_reads_a_lattice_and_names_bad_lines(tmp_path):
    lattice = tmp_path / "lattice.csv"
    lattice.write_text("grid_id,x,y,count\na,0,0,1\nb,100,0,2\nc,200,0,9\n")
    result = gridgov("analyze", "hotspots", "--input", str(lattice), "--distance", "100")
    rows = [line.split(",") for line in result.stdout.strip().splitlines()]
    assert rows[0] == ["grid_id", "z", "p"]
    scores = {row[0]: (float(row[1]), float(row[2])) for row in rows[1:]}
    assert abs(scores["a"][0] + 1.404879) < 1e-5 and abs(scores["a"][1] - 0.160056) < 1e-5
    assert scores["b"] == (0.0, 1.0) and abs(scores["c"][0] - 0.842927) < 1e-5
    bad = tmp_path / "bad.csv"
    bad.write_text("grid_id,x,y,count\na,0,0,1\na,1,1,x\nb,east,0,2\n")
    refused = gridgov("analyze", "hotspots", "--input", str(bad), "--distance", "100", check=False)
    assert refused.returncode != 0 and refused.stdout == ""
    assert "line 3, grid_id: 'a' appears twice" in refused.stderr and "line 4, x: 'east' is not a number" in refused.stderr
