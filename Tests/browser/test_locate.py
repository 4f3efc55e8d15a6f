"""位置待确认: a hotline case taken with an address only shows so in the county centre's queue and
page; the operator picks its position on the map, and the case is routed to its community."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_case_life import log_in
from test_pages import click_and_wait, shot


def test_the_centre_places_an_address_only_case_on_the_map(server, desktop):
    center = server.login("center")
    status, case = server.call("POST", "/api/v1/cases", token=center,
                               body={"category": "HJ01", "description": "市民来电：路口垃圾堆放", "address": "西湖区文三路100号"})
    assert status == 201 and case["location_pending"] is True
    log_in(desktop, server.base, "center")
    desktop.get(server.base + "/center")
    row = desktop.find_element(By.XPATH, f"//a[text()='{case['number']}']/ancestor::tr")
    assert "位置待确认" in row.text, "the queue says the case still needs a position"
    desktop.get(server.base + "/cases/" + case["number"])
    assert desktop.find_element(By.ID, "case-location-pending").text == "位置待确认"
    # The map component in its locating mode: a tap drops a pin and fills the position.
    WebDriverWait(desktop, 20).until(
        lambda d: d.find_element(By.ID, "locate-map").get_attribute("data-ready") == "true")
    picker = desktop.find_element(By.CSS_SELECTOR, "#locate-map .gmap-svg")
    desktop.execute_script("arguments[0].scrollIntoView({block: 'center'})", picker)
    ActionChains(desktop).move_to_element_with_offset(picker, -30, -40).click().perform()
    assert desktop.find_element(By.ID, "lat").get_attribute("value"), "a tap on the map fills the position"
    assert desktop.find_element(By.ID, "locate-marker").is_displayed(), "a pin marks the position"
    shot(desktop, "case-locate-desktop")
    click_and_wait(desktop, "form[data-action=locate] button[type=submit]")
    assert "已完成: 定位到地图" in desktop.page_source
    assert not desktop.find_elements(By.ID, "case-location-pending")
    status, placed = server.call("GET", "/api/v1/cases/" + case["number"], token=center)
    assert placed["location_pending"] is False and len(placed["region_code"]) == 15 and placed["unit"]
