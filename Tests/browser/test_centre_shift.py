"""A shift at the command centre as its operators live it: the hotline finds a caller's case by
the last digits of its number among ten thousand; a case in a grid without a worker is verified by
the grid leader (巡办分离 still holds); the resident's /track shows the public reply, not the
internal notes. Each page is also shot at 1920×1080 and 390×844."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import make_browser
from harness import Server, gridgov
from test_case_life import act, log_in
from test_pages import click_and_wait, shot


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """A county with a year of cases: ten thousand in its queue's reach."""
    data = str(tmp_path_factory.mktemp("busy") / "data")
    gridgov("demo", "--data", data, "--cases", "10000")
    server = Server("--data", data)
    yield server
    server.stop()


def test_the_hotline_finds_a_case_by_the_last_four_digits_of_its_number(busy, desktop):
    centre = busy.login("center")
    status, page = busy.call("GET", "/api/v1/cases?limit=100", token=centre)
    assert status == 200 and len(page["cases"]) == 100
    # A caller reads out the end of a case number from last month.
    wanted = page["cases"][57]["number"]
    tail = wanted[-4:]
    log_in(desktop, busy.base, "center")
    field = desktop.find_element(By.ID, "f-q")
    field.send_keys(tail)
    Select(desktop.find_element(By.NAME, "state")).select_by_value("all")
    click_and_wait(desktop, "#f-q ~ button, form.filters button[type=submit]")
    numbers = [link.text for link in desktop.find_elements(By.CSS_SELECTOR, "#queue tbody td a")]
    assert wanted in numbers, f"{wanted} among {numbers}"
    assert all(number.endswith(tail) for number in numbers), "only numbers ending in what was typed"
    desktop.execute_script("document.getElementById('queue').scrollIntoView({block: 'start'})")
    shot(desktop, "centre-search-1920")
    phone = make_browser(390, 844)
    try:
        log_in(phone, busy.base, "center")
        phone.get(busy.base + "/center?state=all&q=" + tail)
        assert wanted in phone.page_source
        shot(phone, "centre-search-390")
    finally:
        phone.quit()


def grid_without_worker_seat(server):
    # The demo's worker holds grid 001; grid 002 of the same community has nobody.
    status, grid = server.call("GET", "/api/v1/regions/330106001001002", token=server.login("admin"))
    assert status == 200
    return grid["seat"]


def test_the_grid_leader_verifies_where_the_grid_has_no_worker_and_the_resident_reads_the_reply(server, desktop, phone):
    seat = grid_without_worker_seat(server)
    status, case = server.call("POST", "/api/v1/cases", body={
        "category": "HJ01", "description": "楼下垃圾桶满溢", "lat": seat["lat"], "lng": seat["lng"]},
        headers={"Content-Type": "application/json"})
    assert status == 201, case
    number, code = case["number"], case["tracking_token"]

    # The street centre accepts with a public reply, and dispatches with an internal note.
    log_in(desktop, server.base, "street")
    desktop.get(server.base + "/cases/" + number)
    form = desktop.find_element(By.CSS_SELECTOR, 'form[data-action="accept"]')
    form.find_element(By.NAME, "reply").send_keys("您反映的问题已受理，将尽快处理。")
    act(desktop, "accept")
    act(desktop, "register")
    act(desktop, "dispatch", note="请城管北山中队处置，注意核实商户", unit="330106-CG")
    shot(desktop, "shift-case-dispatched-1920")

    log_in(desktop, server.base, "dept")
    desktop.get(server.base + "/cases/" + number)
    act(desktop, "sign_in")
    form = desktop.find_element(By.CSS_SELECTOR, 'form[data-action="handle"]')
    form.find_element(By.NAME, "reply").send_keys("垃圾已清运，感谢您的反映。")
    act(desktop, "handle", note="内部：已约谈物业")

    # Nobody works grid 002: its grid leader verifies, on a phone.
    log_in(phone, server.base, "gridleader")
    phone.get(server.base + "/cases/" + number)
    shot(phone, "shift-leader-verifies-390")
    act(phone, "verify")
    assert phone.find_element(By.ID, "case-state").text == "已核查"

    log_in(desktop, server.base, "street")
    desktop.get(server.base + "/cases/" + number)
    act(desktop, "close")

    # The resident sees the replies, the steps reached and no internal note.
    phone.delete_all_cookies()
    phone.get(server.base + "/track")
    phone.find_element(By.ID, "number").send_keys(number)
    phone.find_element(By.ID, "token").send_keys(code)
    click_and_wait(phone, "form[action='/track'] button[type=submit]")
    text = phone.find_element(By.TAG_NAME, "main").text
    assert "垃圾已清运，感谢您的反映。" in text and "您反映的问题已受理" in text
    assert "城管北山中队" not in text and "约谈物业" not in text, "internal notes stay internal"
    shot(phone, "shift-track-reply-390")
    desktop.delete_all_cookies()
    desktop.get(phone.current_url)
    shot(desktop, "shift-track-reply-1920")
