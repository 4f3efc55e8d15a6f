"""What residents and staff do in the pages, in a real browser. Screenshots land in
test-output/screenshots for a person to look at."""
import os

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

SHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-output", "screenshots")


def click_and_wait(browser, selector):
    """Clicks what navigates to another page and waits (bounded) until the old page is gone, so
    the next lookup cannot find an element of the page being left."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()

    def left(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # Chromium sometimes reports a node of the page being left this way mid-navigation.
            if "does not belong to the document" in str(error):
                return True
            raise

    WebDriverWait(browser, 20).until(left)


def shot(browser, name):
    os.makedirs(SHOTS, exist_ok=True)
    browser.save_screenshot(os.path.join(SHOTS, name + ".png"))


def grid_seat(server):
    status, grid = server.call("GET", "/api/v1/regions/330106001001001", token=server.login("admin"))
    return grid["seat"]


def test_resident_reports_on_a_phone_and_tracks_the_case(server, phone):
    seat = grid_seat(server)
    phone.get(server.base + "/report")
    assert phone.find_element(By.TAG_NAME, "h1").text == "我要反映"
    Select(phone.find_element(By.ID, "category")).select_by_value("HJ01")
    phone.find_element(By.ID, "description").send_keys("小区东门垃圾堆放三天无人清运")
    click_and_wait(phone, "button[type=submit]")
    # The position was left out: the form comes back with the text kept and the field named.
    assert phone.find_element(By.CSS_SELECTOR, "p.error").text == "位置: 请以数字填写纬度和经度"
    assert phone.find_element(By.ID, "description").get_attribute("value") == "小区东门垃圾堆放三天无人清运"
    phone.find_element(By.ID, "lat").send_keys(str(seat["lat"]))
    phone.find_element(By.ID, "lng").send_keys(str(seat["lng"]))
    shot(phone, "report-phone")
    click_and_wait(phone, "button[type=submit]")
    number = phone.find_element(By.ID, "case-number").text
    code = phone.find_element(By.ID, "tracking-code").text
    assert number.startswith("330106-") and len(code) == 14 and code[4] == code[9] == "-"
    shot(phone, "reported-phone")
    click_and_wait(phone, "button[type=submit]")
    assert phone.find_element(By.ID, "case-state").text == "已上报"
    shot(phone, "track-phone")


def test_street_centre_logs_in_and_browses_only_its_street(server, desktop):
    desktop.get(server.base + "/")
    assert desktop.current_url.endswith("/login")
    desktop.find_element(By.ID, "username").send_keys("street")
    desktop.find_element(By.ID, "password").send_keys("demo")
    click_and_wait(desktop, "button[type=submit]")
    assert desktop.current_url.endswith("/center"), "a command centre's operator lands in the command centre"
    click_and_wait(desktop, 'header nav a[href="/regions"]')
    assert desktop.find_element(By.TAG_NAME, "h1").text == "北山街道"
    assert len(desktop.find_elements(By.CSS_SELECTOR, "svg.map a")) == 10, "the map draws the street's 10 communities"
    shot(desktop, "regions-street")
    click_and_wait(desktop, "ul.children li a")
    assert desktop.current_url.endswith("/regions/330106001001")
    desktop.get(server.base + "/regions/330106002000")
    assert desktop.find_element(By.TAG_NAME, "h1").text == "无权访问"
    click_and_wait(desktop, "header form button")
    assert desktop.current_url.endswith("/login")
    shot(desktop, "login")


def test_no_page_shows_a_missing_value_as_text(server, desktop):
    desktop.get(server.base + "/login")
    for username in ("street",):
        desktop.find_element(By.ID, "username").send_keys(username)
        desktop.find_element(By.ID, "password").send_keys("demo")
        click_and_wait(desktop, "button[type=submit]")
    assert "nil" not in desktop.find_element(By.TAG_NAME, "main").text
    assert desktop.find_elements(By.PARTIAL_LINK_TEXT, "↑") == [], "the street centre's parent is outside its scope: no link up"
