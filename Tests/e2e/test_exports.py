"""The command centre's exports open in the programs that read them: the Excel workbook in openpyxl
(the library spreadsheet tools are built on) and the CSV in Python's csv module, holding the same
cases in the same columns."""
import csv
import io
import urllib.request

import openpyxl
import pytest

from harness import Server, gridgov


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = str(tmp_path_factory.mktemp("exports") / "data")
    gridgov("demo", "--data", data, "--cases", "400")
    server = Server("--data", data)
    yield server
    server.stop()


def download(server, path, token):
    request = urllib.request.Request(server.base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers["Content-Type"], response.read()


def test_the_workbook_and_the_csv_hold_the_same_cases(server):
    token = server.login("center")
    kind, workbook_bytes = download(server, "/center/export.xlsx?state=all", token)
    assert kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes), read_only=True).active
    workbook_rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    kind, csv_bytes = download(server, "/center/export.csv?state=all", token)
    assert kind == "text/csv; charset=utf-8"
    csv_rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert workbook_rows[0][:3] == ["编号", "类别", "街道 · 社区"]
    assert len(workbook_rows) == len(csv_rows) > 300, "a year of demo cases, all of them"
    # The CSV defuses formulas with a leading ', the workbook holds text cells that are never formulas.
    assert [row[0] for row in workbook_rows] == [row[0] for row in csv_rows]
    assert [row[:10] for row in workbook_rows] == [[field.lstrip("'") for field in row[:10]] for row in csv_rows]
