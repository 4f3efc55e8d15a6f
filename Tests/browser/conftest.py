"""Browser tests: the pages in headless Chromium driven by WebDriver (Selenium), through what a user
clicks and types."""
import os
import sys

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from harness import Server, gridgov  # noqa: E402  (a server on loopback, the binary)


def make_browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}",
                     "--lang=zh-CN"):
        options.add_argument(argument)
    if width < 500:
        # Chromium's windows are at least 500 px wide: a phone's viewport needs device emulation.
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = str(tmp_path_factory.mktemp("browser") / "data")
    gridgov("demo", "--data", data)
    server = Server("--data", data)
    yield server
    server.stop()


@pytest.fixture
def phone():
    browser = make_browser(390, 844)
    yield browser
    browser.quit()


@pytest.fixture
def desktop():
    browser = make_browser(1920, 1080)
    yield browser
    browser.quit()

