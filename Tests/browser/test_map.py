"""The map component as a command centre uses it: the county's streets with their names, cases
clustered where dense; the operator drags and zooms with the wheel, zooms into a cluster until
single cases show, and opens one."""
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_case_life import log_in
from test_pages import grid_seat, shot


def regions_transform(browser):
    return browser.find_element(By.CSS_SELECTOR, ".gmap-regions").get_attribute("transform")


def test_the_centre_pans_zooms_into_a_cluster_and_opens_a_case(server, desktop):
    seat = grid_seat(server)
    numbers = []
    for index in range(5):
        # Spread over some 200 m inside the first grid: one cluster at the county's scale.
        status, body = server.call("POST", "/api/v1/cases", body={
            "category": "HJ01", "description": f"垃圾堆放 {index}", "lat": seat["lat"] + (index - 2) * 0.0004,
            "lng": seat["lng"] + (index % 2) * 0.0003}, headers={"Content-Type": "application/json"})
        assert status == 201, body
        numbers.append(body["number"])
    log_in(desktop, server.base, "center")
    WebDriverWait(desktop, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, ".gmap").get_attribute("data-ready") == "true")
    labels = [label.text for label in desktop.find_elements(By.CSS_SELECTOR, ".gmap-labels text")]
    assert "北山街道" in labels, labels
    shot(desktop, "map-county")

    # Drag pans; the wheel zooms.
    svg = desktop.find_element(By.CSS_SELECTOR, ".gmap-svg")
    before = regions_transform(desktop)
    ActionChains(desktop).move_to_element(svg).click_and_hold().move_by_offset(80, 40).release().perform()
    WebDriverWait(desktop, 5).until(lambda d: regions_transform(d) != before)
    panned = regions_transform(desktop)
    ActionChains(desktop).scroll_from_origin(ScrollOrigin.from_element(svg), 0, -300).perform()
    WebDriverWait(desktop, 5).until(lambda d: regions_transform(d) != panned)
    desktop.find_element(By.CSS_SELECTOR, ".gmap-fit").click()

    # Into the cluster until the cases stand apart, then open one.
    for _ in range(12):
        singles = desktop.find_elements(By.CSS_SELECTOR, ".gmap-case")
        if len(singles) >= 2:
            break
        clusters = desktop.find_elements(By.CSS_SELECTOR, ".gmap-cluster")
        assert clusters, "the cases show as a cluster or as markers"
        clusters[0].click()
        time.sleep(0.2)
    singles = desktop.find_elements(By.CSS_SELECTOR, ".gmap-case")
    assert len(singles) >= 2, "zoomed in, the cases stand apart"
    shot(desktop, "map-zoomed")
    # One whose marker lies inside the map's frame (markers at the edge are drawn half outside it).
    inside = desktop.execute_script("""
        var frame = document.querySelector('.gmap-svg').getBoundingClientRect();
        return Array.prototype.filter.call(arguments[0], function (marker) {
          var r = marker.getBoundingClientRect();
          return r.top > frame.top && r.bottom < frame.bottom && r.left > frame.left && r.right < frame.right;
        });""", singles)
    assert inside, "a marker inside the map"
    desktop.execute_script("arguments[0].scrollIntoView({block: 'center'})", inside[0])
    ActionChains(desktop).move_to_element(inside[0]).click().perform()
    WebDriverWait(desktop, 10).until(lambda d: "/cases/" in d.current_url)
    assert desktop.current_url.rsplit("/", 1)[-1] in numbers
