"""A weak signal on the round: a grid worker on a phone loses the connection (Chrome's network
emulation), records a visit with a photo and a patrol report, and both wait on the phone; when the
connection returns they are sent, each once, and the command centre sees them."""
import time
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import Server, gridgov
from test_case_life import log_in, png_file
from test_pages import click_and_wait, grid_seat, shot


def network(browser, online):
    browser.set_network_conditions(
        offline=not online, latency=0, download_throughput=500 * 1024, upload_throughput=500 * 1024)


def waiting(browser):
    """How many requests the page says wait on the phone."""
    return int(browser.find_element(By.CSS_SELECTOR, "#outbox [data-count]").get_attribute("textContent") or 0)


def wait_until_sent(browser):
    """Back online: the queue empties (the page sends on the online event and every 15 s)."""
    WebDriverWait(browser, 40, poll_frequency=0.5).until(lambda b: waiting(b) == 0)


def test_a_visit_and_a_report_recorded_offline_arrive_once(server, phone, desktop, tmp_path):
    seat = grid_seat(server)
    log_in(phone, server.base, "worker")
    phone.get(server.base + "/m/visits")
    first = phone.find_element(By.CSS_SELECTOR, "section.card ul.tasks li")
    name = first.find_element(By.TAG_NAME, "b").text
    click_and_wait(phone, "section.card ul.tasks li a.button")
    assert "记录走访" in phone.find_element(By.TAG_NAME, "h1").text

    network(phone, online=False)
    phone.find_element(By.ID, "finding").send_keys("离线走访：老人身体尚好")
    phone.find_element(By.ID, "photo").send_keys(png_file(tmp_path, "visit.png", (40, 160, 90)))
    phone.find_element(By.ID, "save-visit").click()
    WebDriverWait(phone, 10).until(lambda b: b.find_element(By.ID, "queued-notice").is_displayed())
    assert waiting(phone) == 1
    shot(phone, "m-visit-queued")

    network(phone, online=True)
    phone.execute_script("window.dispatchEvent(new Event('online'))")
    wait_until_sent(phone)

    # A patrol report, offline too.
    phone.get(server.base + "/m/report")
    network(phone, online=False)
    Select(phone.find_element(By.ID, "category")).select_by_value("HJ01")
    phone.find_element(By.ID, "description").send_keys("离线上报：楼道堆物")
    phone.execute_script(
        "document.querySelector('[name=lat]').value = arguments[0];"
        "document.querySelector('[name=lng]').value = arguments[1];", str(seat["lat"]), str(seat["lng"]))
    phone.find_element(By.CSS_SELECTOR, "form[data-offline-queue] button[type=submit]").click()
    WebDriverWait(phone, 10).until(lambda b: b.find_element(By.ID, "queued-notice").is_displayed())
    assert waiting(phone) == 1
    # Sending again while still offline changes nothing; online, the queue empties once.
    phone.execute_script("window.dispatchEvent(new Event('online'))")
    time.sleep(0.5)
    assert waiting(phone) == 1
    network(phone, online=True)
    phone.execute_script("window.dispatchEvent(new Event('online'))")
    wait_until_sent(phone)
    phone.execute_script("window.dispatchEvent(new Event('online'))")

    token = server.login("center")
    status, found = server.call("GET", "/api/v1/cases?q=" + quote("离线上报"), token=token)
    assert status == 200
    reports = [c for c in found["cases"] if c["description"] == "离线上报：楼道堆物"]
    assert len(reports) == 1, found
    status, due = server.call("GET", "/api/v1/visits/due?grid=330106001001001", token=server.login("worker"))
    person = next(d["person"] for d in due["due"] if d["person"]["name"] == name)
    status, visits = server.call(
        "GET", f"/api/v1/people/{person['county_code']}/{person['id']}/visits", token=token)
    assert status == 200
    assert [v["finding"] for v in visits["visits"]] == ["离线走访：老人身体尚好"]
    assert len(visits["visits"][0]["photos"]) == 1

    # The centre sees both: the report in its queue, the visit on the person's page.
    log_in(desktop, server.base, "center")
    desktop.get(server.base + f"/m/people/{person['county_code']}/{person['id']}")
    assert "离线走访：老人身体尚好" in desktop.find_element(By.ID, "visits").text
    photo = desktop.find_element(By.CSS_SELECTOR, "#visits img")
    WebDriverWait(desktop, 10).until(lambda b: b.execute_script("return arguments[0].naturalWidth", photo) > 0)
    desktop.get(server.base + "/center?q=" + "楼道堆物")
    assert "离线上报" in desktop.page_source


def test_pages_opened_once_open_without_a_connection(phone, tmp_path):
    """The server goes away altogether (no emulation: the phone's service worker has no network
    either): pages opened before still open, a visit recorded then waits, a page never opened
    says so, and when the server is back the visit arrives."""
    data = str(tmp_path / "data")
    gridgov("demo", "--data", data)
    first = Server("--data", data)
    port = first.base.rsplit(":", 1)[1]
    second = None
    try:
        log_in(phone, first.base, "worker")
        phone.get(first.base + "/m/visits")
        WebDriverWait(phone, 15).until(lambda b: b.execute_script("return !!navigator.serviceWorker.controller"))
        phone.get(first.base + "/m/visits")
        form_url = phone.find_element(By.CSS_SELECTOR, "section.card ul.tasks li a.button").get_attribute("href")
        name = phone.find_element(By.CSS_SELECTOR, "section.card ul.tasks li b").text
        phone.get(form_url)
        assert "记录走访" in phone.find_element(By.TAG_NAME, "h1").text
        phone.get(first.base + "/m/visits")

        first.stop()
        phone.get(form_url)
        assert "记录走访" in phone.find_element(By.TAG_NAME, "h1").text, "opened from the phone"
        phone.find_element(By.ID, "finding").send_keys("断网时的走访")
        phone.find_element(By.ID, "save-visit").click()
        WebDriverWait(phone, 10).until(lambda b: b.find_element(By.ID, "queued-notice").is_displayed())
        assert waiting(phone) == 1
        phone.get(first.base + "/m/inspections")
        assert "没有网络" in phone.find_element(By.TAG_NAME, "h1").text, "never opened here"

        second = Server("--data", data, extra=("--port", port))
        phone.get(second.base + "/m/visits")
        wait_until_sent(phone)
        token = second.login("worker")
        status, due = second.call("GET", "/api/v1/visits/due?grid=330106001001001", token=token)
        person = next(d["person"] for d in due["due"] if d["person"]["name"] == name)
        status, visits = second.call("GET", f"/api/v1/people/{person['county_code']}/{person['id']}/visits", token=token)
        assert [v["finding"] for v in visits["visits"]] == ["断网时的走访"]
    finally:
        if second:
            second.stop()
        elif first.process.poll() is None:
            first.stop()
