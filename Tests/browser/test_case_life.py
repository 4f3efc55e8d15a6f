"""A case's whole life through the pages alone, in headless Chromium: a resident reports with a
photo on a phone, the street's command centre accepts, registers and dispatches it to a
department, the department signs for it and reports it handled with a photo, the grid worker
verifies it on the phone, the centre closes it, and the resident rates it. Screenshots of every
main page land in test-output/screenshots."""
import os
import re
import struct
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import make_browser
from test_pages import click_and_wait, grid_seat, shot

PAGE_LIMIT = 200_000  # bytes of HTML a page may weigh before its photos


def png_file(tmp_path, name, rgb):
    """A real 24×24 PNG of one colour, as a phone's camera would hand over a file."""
    width = height = 24
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path = tmp_path / name
    path.write_bytes(png)
    return str(path)


def log_in(browser, base, username):
    browser.delete_all_cookies()
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys("demo")
    click_and_wait(browser, "button[type=submit]")


def act(browser, action, note=None, photo=None, unit=None):
    """Fills and submits the form of one action on a case page."""
    form = browser.find_element(By.CSS_SELECTOR, f'form[data-action="{action}"]')
    if unit:
        Select(form.find_element(By.NAME, "unit")).select_by_value(unit)
    if note:
        form.find_element(By.NAME, "note").send_keys(note)
    if photo:
        form.find_element(By.NAME, "photo").send_keys(photo)
    click_and_wait(browser, f'form[data-action="{action}"] button[type=submit]')
    assert browser.find_elements(By.ID, "action-error") == [], browser.find_element(By.ID, "action-error").text


def assert_light(browser):
    assert len(browser.page_source.encode()) < PAGE_LIMIT, f"{browser.current_url} is over {PAGE_LIMIT} bytes"


def test_a_case_from_a_residents_photo_to_a_rating(server, phone, desktop, tmp_path):
    seat = grid_seat(server)
    # The resident, on a phone, without an account.
    phone.get(server.base + "/report")
    assert_light(phone)
    Select(phone.find_element(By.ID, "category")).select_by_value("HJ01")
    phone.find_element(By.ID, "photo").send_keys(png_file(tmp_path, "rubbish.png", (120, 90, 40)))
    # A tap on the map fills the position (the script converts it); then the exact spot is typed.
    WebDriverWait(phone, 20).until(lambda d: d.find_element(By.ID, "locate-map").get_attribute("data-ready") == "true")
    picker = phone.find_element(By.CSS_SELECTOR, "#locate-map .gmap-svg")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", picker)
    picker.click()
    tapped = float(phone.find_element(By.ID, "lat").get_attribute("value")), float(phone.find_element(By.ID, "lng").get_attribute("value"))
    status, located = server.call("GET", f"/api/v1/locate?lat={tapped[0]}&lng={tapped[1]}", token=server.login("admin"))
    assert status == 200, f"the tapped point {tapped} lies in a grid of the county: {located}"
    assert located["grid"]["code"].startswith("330106"), located
    assert phone.find_element(By.ID, "locate-status").text == "已在地图上选定位置"
    phone.find_element(By.ID, "enter-coordinates").click()
    for field, value in (("lat", seat["lat"]), ("lng", seat["lng"])):
        phone.find_element(By.ID, field).clear()
        phone.find_element(By.ID, field).send_keys(str(value))
    phone.find_element(By.ID, "description").send_keys("小区北门垃圾桶满溢，两天无人清运")
    shot(phone, "life-1-resident-report")
    click_and_wait(phone, "form[action='/report'] button[type=submit]")
    number = phone.find_element(By.ID, "case-number").text
    code = phone.find_element(By.ID, "tracking-code").text

    # The street's command centre, on a desktop: the case is in the queue; accept, register, dispatch.
    log_in(desktop, server.base, "street")
    assert desktop.current_url.endswith("/center")
    assert_light(desktop)
    shot(desktop, "life-2-centre")
    click_and_wait(desktop, f'a[href="/cases/{number}"]')
    assert desktop.find_element(By.ID, "case-state").text == "已上报"
    assert len(desktop.find_elements(By.CSS_SELECTOR, ".photos img")) == 1, "the resident's photo is shown"
    act(desktop, "accept")
    assert desktop.find_element(By.ID, "notice").text == "已完成: 受理"
    act(desktop, "register")
    shot(desktop, "life-3-case-dispatch")
    act(desktop, "dispatch", unit="330106-CG")
    assert desktop.find_element(By.ID, "case-state").text == "已派遣"

    # The department (城管局): its queue, sign for the case, report it handled with a photo.
    log_in(desktop, server.base, "dept")
    click_and_wait(desktop, f'a[href="/cases/{number}"]')
    act(desktop, "sign_in")
    act(desktop, "handle", note="已清运并消毒", photo=png_file(tmp_path, "fixed.png", (40, 160, 60)))
    assert desktop.find_element(By.ID, "case-state").text == "已反馈"
    assert len(desktop.find_elements(By.CSS_SELECTOR, ".photos img")) == 2
    shot(desktop, "life-4-department-handled")

    # The grid worker, on a phone: the fix waits for verification in "my tasks".
    log_in(phone, server.base, "worker")
    assert phone.current_url.endswith("/m")
    assert_light(phone)
    shot(phone, "life-5-worker-tasks")
    click_and_wait(phone, f'#tasks a[href="/cases/{number}"]')
    act(phone, "verify")
    assert phone.find_element(By.ID, "case-state").text == "已核查"
    shot(phone, "life-6-worker-verified")

    # The centre closes it.
    log_in(desktop, server.base, "street")
    desktop.get(server.base + f"/cases/{number}")
    act(desktop, "close")
    assert desktop.find_element(By.ID, "case-state").text == "已结案"
    shot(desktop, "life-7-closed")

    # The resident tracks it and rates the result.
    phone.delete_all_cookies()
    phone.get(server.base + "/track")
    phone.find_element(By.ID, "number").send_keys(number)
    phone.find_element(By.ID, "token").send_keys(code.lower())
    click_and_wait(phone, "form[action='/track'] button[type=submit]")
    assert phone.find_element(By.ID, "case-state").text == "已结案"
    phone.find_element(By.CSS_SELECTOR, "input[name=rating][value=satisfied]").click()
    click_and_wait(phone, "form[action='/track/rate'] button[type=submit]")
    assert phone.find_element(By.ID, "case-state").text == "已评价"
    shot(phone, "life-8-rated")


def test_the_centre_sees_new_cases_live(server, desktop):
    log_in(desktop, server.base, "street")
    # The feed opens with the last hour's changes (earlier tests' cases among them), in Beijing time.
    for item in desktop.find_element(By.ID, "live-feed").find_elements(By.TAG_NAME, "li"):
        assert re.search(r"· \d\d:\d\d$", item.text), item.text
    # The operator switches on alerts: a new case then raises the banner.
    desktop.find_element(By.ID, "feed-alerts").click()
    assert not desktop.find_element(By.ID, "feed-banner").is_displayed()
    seat = grid_seat(server)
    status, body = server.call("POST", "/api/v1/cases", body={"category": "HJ01", "description": "路灯不亮", "lat": seat["lat"], "lng": seat["lng"]},
                               headers={"Content-Type": "application/json"})
    assert status == 201, body
    # The feed is pushed by Server-Sent Events; wait (bounded) for it to arrive.
    WebDriverWait(desktop, 20).until(expected_conditions.presence_of_element_located(
        (By.CSS_SELECTOR, f'#live-feed a[href="/cases/{body["number"]}"]')))
    assert "已上报" in desktop.find_element(By.ID, "live-feed").text
    WebDriverWait(desktop, 5).until(lambda driver: driver.find_element(By.ID, "feed-banner").is_displayed())
    assert body["number"] in desktop.find_element(By.ID, "feed-banner-text").text
    assert desktop.find_element(By.ID, "feed-banner-text").text.startswith("新案件")
    shot(desktop, "centre-live")


def test_english_and_phone_layouts_of_the_centre(server, phone):
    log_in(phone, server.base, "street")
    phone.get(server.base + "/center?lang=en")
    assert "Command centre" in phone.find_element(By.TAG_NAME, "h1").text
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the centre fits a phone's width (scrollWidth {width})"
    shot(phone, "centre-phone-en")
    phone.get(server.base + "/center?lang=zh")
