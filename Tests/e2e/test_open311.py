"""Open311 GeoReport v2 through an existing client library (georeport from PyPI) and plain form posts."""
import json
import urllib.parse
import urllib.request

import pytest
import requests
from georeport import GeoReport

from harness import Server, gridgov


@pytest.fixture
def open311(data_dir):
    gridgov("demo", "--data", data_dir)
    key = gridgov("token", "add", "--name", "fixmystreet", "--role", "integration", "--region", "330106", "--data", data_dir).stdout.strip()
    server = Server("--data", data_dir)
    yield server, key
    server.stop()


def post(server, fmt, fields):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(f"{server.base}/open311/v2/requests.{fmt}", data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_client_library_reads_services_and_requests(open311):
    server, key = open311
    status, seat = server.call("GET", "/api/v1/regions/330106001001001", token=server.login("admin"))
    lat, lng = seat["seat"]["lat"], seat["seat"]["lng"]
    status, body = post(server, "json", {"api_key": key, "service_code": "SR01", "lat": lat, "long": lng,
                                         "description": "Stall blocking the pavement", "attribute[size]": "large",
                                         "jurisdiction_id": "330106"})
    assert status == 201, body
    number = json.loads(body)[0]["service_request_id"]

    for fmt in ("json", "xml"):
        client = GeoReport(f"{server.base}/open311/v2", output_format=fmt)
        services = client.get_service_list()
        services = services if isinstance(services, list) else services["service"]
        assert any(s["service_code"] == "SR01" and s["service_name"] == "占道经营" for s in services)
        public = client.get_service_request(number)
        public = public[0] if isinstance(public, list) else public
        assert public["service_request_id"] == number and public["status"] == "open"
        assert "description" not in public and "lat" not in public, "no key: the public projection only"

    keyed = GeoReport(f"{server.base}/open311/v2", output_format="json")
    requests = json.loads(urllib.request.urlopen(f"{server.base}/open311/v2/requests.json?api_key={key}&status=open").read())
    assert [r["service_request_id"] for r in requests] == [number]
    assert requests[0]["description"].startswith("Stall blocking the pavement")
    assert requests[0]["requested_datetime"].endswith("+08:00")
    assert keyed.get_service_requests(status="closed") == []


def test_errors_follow_the_spec(open311):
    server, key = open311
    status, body = post(server, "json", {"service_code": "SR01", "lat": 30.2, "long": 120.1})
    assert status == 403 and json.loads(body) == [{"code": "403", "description": "api_key is required"}]
    status, body = post(server, "xml", {"api_key": key, "service_code": "NOPE", "lat": 30.2, "long": 120.1})
    assert status == 400 and body.startswith('<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code>')
    status, body = post(server, "json", {"api_key": key, "service_code": "SR01"})
    assert status == 400 and "location is required" in body
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{server.base}/open311/v2/services/NOPE.json")
    assert error.value.code == 404
    # A page number past any window is refused, without a key too (it once overflowed).
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{server.base}/open311/v2/requests.json?page=9223372036854775807")
    assert error.value.code == 400


def test_fixmystreet_update_feed(open311):
    server, key = open311
    status, seat = server.call("GET", "/api/v1/regions/330106001001001", token=server.login("admin"))
    status, body = post(server, "json", {"api_key": key, "service_code": "HJ01", "lat": seat["seat"]["lat"],
                                         "long": seat["seat"]["lng"], "description": "Rubbish"})
    number = json.loads(body)[0]["service_request_id"]
    street = server.login("street")
    for action in ("accept", "register", "dispatch"):
        status, _ = server.call("POST", f"/api/v1/cases/{number}/actions", token=street, body={"action": action})
        assert status == 200
    updates = json.loads(urllib.request.urlopen(f"{server.base}/open311/v2/servicerequestupdates.json?api_key={key}").read())
    assert [(u["service_request_id"], u["status"]) for u in updates] == [
        (number, "open"), (number, "open"), (number, "open"), (number, "in_progress")]
    assert len({u["update_id"] for u in updates}) == 4
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{server.base}/open311/v2/servicerequestupdates.xml")
    assert error.value.code == 403


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def test_fixmystreet_posts_a_report_with_its_photo_and_then_an_update(open311):
    server, key = open311
    status, seat = server.call("GET", "/api/v1/regions/330106001001001", token=server.login("admin"))
    fields = {"api_key": key, "service_code": "HJ01", "lat": seat["seat"]["lat"], "long": seat["seat"]["lng"], "description": "Bins overflowing"}
    # Multipart with the photo itself, as FixMyStreet can send it.
    response = requests.post(f"{server.base}/open311/v2/requests.json", data=fields, files={"media": ("bins.png", PNG, "image/png")}, timeout=30)
    assert response.status_code == 201, response.text
    number = response.json()[0]["service_request_id"]
    admin = server.login("admin")
    status, photos = server.call("GET", f"/api/v1/cases/{number}/attachments", token=admin)
    assert status == 200 and [p["content_type"] for p in photos["attachments"]] == ["image/png"]
    # A file that is not an image is refused in Open311's error shape, and nothing is written.
    bad = requests.post(f"{server.base}/open311/v2/requests.json", data=fields, files={"media": ("x.png", b"GIF89a....", "image/png")}, timeout=30)
    assert bad.status_code == 400 and bad.json() == [{"code": "400", "description": "media: is not a JPEG, PNG, WebP or HEIC image"}]
    status, listed = server.call("GET", "/api/v1/cases?state=reported", token=admin)
    assert [c["number"] for c in listed["cases"]] == [number]

    # The reporter comments on FixMyStreet and says it is fixed: a note in the case's history.
    update = requests.post(f"{server.base}/open311/v2/servicerequestupdates.xml", data={
        "api_key": key, "service_request_id": number, "update_id": "fms-77", "status": "CLOSED", "first_name": "Li", "last_name": "Lei",
        "description": "Collected this morning", "updated_datetime": "2026-11-22T16:30:00+08:00"}, timeout=30)
    assert update.status_code == 200, update.text
    assert "<update_id>" + number + "-3</update_id>" in update.text, "after the report and its photo, the third step"
    status, detail = server.call("GET", f"/api/v1/cases/{number}", token=admin)
    note = detail["history"][-1]
    assert note["action"] == "note" and note["note"] == "Li Lei：[报告人称已解决] Collected this morning" and note["data"]["update_id"] == "fms-77"
    assert detail["state"] == "reported", "a remark does not move the case"
    refused = requests.post(f"{server.base}/open311/v2/servicerequestupdates.json", data={
        "api_key": key, "service_request_id": number, "status": "MAYBE", "description": "?"}, timeout=30)
    assert refused.status_code == 400 and refused.json()[0]["description"] == "status must be OPEN or CLOSED"


def test_an_address_string_naming_a_standard_address_is_placed_in_its_grid(data_dir, tmp_path):
    """标准地址: the county's addresses imported from the command line; a GeoReport request with
    only an address_string naming one becomes a case in the right grid, routed, with nobody placing it."""
    gridgov("demo", "--data", data_dir)
    addresses = tmp_path / "addresses.csv"
    addresses.write_text("地址,楼栋,单元,室,网格编码,纬度,经度\n文三路100号,3,2,501,330106001001002,,\n", encoding="utf-8")
    assert "1 rows of standard addresses (4 new addresses)" in gridgov("import", "addresses", str(addresses), "--data", data_dir).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("place,building,unit,room,grid_code,lat,lng\n文三路1号,,,,330106999999999,,\n", encoding="utf-8")
    refused = gridgov("import", "addresses", str(bad), "--data", data_dir, check=False)
    assert refused.returncode == 2 and "line 2, grid_code: unknown grid 330106999999999" in refused.stderr
    key = gridgov("token", "add", "--name", "fms", "--role", "integration", "--region", "330106", "--data", data_dir).stdout.strip()
    server = Server("--data", data_dir)
    try:
        status, body = post(server, "json", {"api_key": key, "service_code": "HJ01", "description": "楼道堆放杂物",
                                             "address_string": "西湖区文三路100号三幢二单元501室"})
        assert status == 201, body
        number = json.loads(body)[0]["service_request_id"]
        status, case = server.call("GET", f"/api/v1/cases/{number}", token=server.login("center"))
        assert case["region_code"] == "330106001001002" and case["location_pending"] is False
        status, doubtful = post(server, "json", {"api_key": key, "service_code": "HJ01", "description": "垃圾",
                                                 "address_string": "文三路100号9幢"})
        number = json.loads(doubtful)[0]["service_request_id"]
        status, case = server.call("GET", f"/api/v1/cases/{number}", token=server.login("center"))
        assert case["location_pending"] is True, "a doubtful match waits for the intake operator"
    finally:
        server.stop()
