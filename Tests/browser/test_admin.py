"""The administration pages in a real browser: an admin opens an account (after a refused try), changes
a category's time limit, uploads a grid's GeoJSON boundary and imports a small divisions file (the
last two through the upload-progress script). Screenshots land in test-output/screenshots."""
import json
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_pages import click_and_wait, shot


def log_in(browser, server, username, next_path):
    browser.get(server.base + "/login?next=" + next_path)
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys("demo")
    click_and_wait(browser, "button[type=submit]")


def wait_for(browser, element_id):
    """The element once it is on the page (the upload script swaps the page's main in place)."""
    return WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, element_id)))


def test_admin_opens_an_account_and_edits_a_time_limit(server, desktop):
    log_in(desktop, server, "admin", "/admin")
    assert desktop.find_element(By.TAG_NAME, "h1").text == "系统管理"
    shot(desktop, "admin-landing")

    click_and_wait(desktop, "#link-accounts")
    desktop.find_element(By.ID, "username").send_keys("cg2")
    desktop.find_element(By.ID, "display_name").send_keys("城管二队")
    Select(desktop.find_element(By.ID, "role")).select_by_value("dept")
    desktop.find_element(By.ID, "scope").send_keys("330106001")
    desktop.find_element(By.ID, "password").send_keys("secret")
    click_and_wait(desktop, "#create-account")
    # A department account needs a department code: the scope is named, what was typed is kept.
    assert desktop.find_element(By.ID, "form-error").text.startswith("管辖范围: 职能部门账号须填写部门代码")
    assert desktop.find_element(By.ID, "scope").get_attribute("aria-invalid") == "true"
    assert desktop.find_element(By.ID, "display_name").get_attribute("value") == "城管二队"
    shot(desktop, "admin-account-refused")
    scope = desktop.find_element(By.ID, "scope")
    scope.clear()
    scope.send_keys("330106-CG")
    desktop.find_element(By.ID, "password").send_keys("secret")
    click_and_wait(desktop, "#create-account")
    row = desktop.find_element(By.ID, "account-cg2")
    assert "new" in row.get_attribute("class") and "职能部门" in row.text
    shot(desktop, "admin-accounts")

    # A street centre's scope picked from the region tree: down by name, then chosen.
    desktop.find_element(By.ID, "username").send_keys("bs-centre")
    desktop.find_element(By.ID, "display_name").send_keys("北山街道指挥中心")
    Select(desktop.find_element(By.ID, "role")).select_by_value("center")
    desktop.find_element(By.CSS_SELECTOR, ".region-picker-open").click()
    pick = lambda name: WebDriverWait(desktop, 10).until(
        lambda d: d.find_element(By.XPATH, f"//ul[@class='region-picker-list']/li[button[text()='{name}']]"))
    for name in ("浙江省", "杭州市", "西湖区"):
        pick(name).find_element(By.CSS_SELECTOR, "button.link").click()
    street = pick("北山街道")
    shot(desktop, "admin-scope-picker")
    street.find_element(By.CSS_SELECTOR, ".region-picker-choose").click()
    assert desktop.find_element(By.ID, "scope").get_attribute("value") == street.get_attribute("data-code")
    desktop.find_element(By.ID, "password").send_keys("secret")
    click_and_wait(desktop, "#create-account")
    assert "北山街道" in desktop.find_element(By.ID, "account-bs-centre").text

    desktop.get(server.base + "/admin/categories")
    limit = desktop.find_element(By.ID, "limit-HJ01-handle")
    limit.clear()
    limit.send_keys("12")
    click_and_wait(desktop, "#save-catalogue")
    assert desktop.find_element(By.ID, "notice").text == "已保存事项分类"
    assert desktop.find_element(By.ID, "limit-HJ01-handle").get_attribute("value") == "12"
    shot(desktop, "admin-categories")
    status, catalogue = server.call("GET", "/api/v1/categories")
    assert [c["limits"]["handle"] for c in catalogue["categories"] if c["code"] == "HJ01"] == [12]


def test_admin_issues_a_token_and_revokes_it(server, desktop):
    log_in(desktop, server, "admin", "/admin")
    click_and_wait(desktop, "#link-tokens")
    desktop.find_element(By.ID, "name").send_keys("smoke-sensors-b")
    desktop.find_element(By.ID, "scope").send_keys("330106001")
    click_and_wait(desktop, "#create-token")
    token = desktop.find_element(By.ID, "new-token").text
    assert token.startswith("gt_") and "new" in desktop.find_element(By.ID, "token-smoke-sensors-b").get_attribute("class")
    shot(desktop, "admin-token-issued")
    assert server.call("GET", "/api/v1/regions", token=token)[0] == 200

    click_and_wait(desktop, "#revoke-smoke-sensors-b")
    assert desktop.find_element(By.ID, "notice").text == "已吊销令牌: smoke-sensors-b"
    assert "已吊销" in desktop.find_element(By.ID, "token-smoke-sensors-b").text
    assert not desktop.find_elements(By.ID, "revoke-smoke-sensors-b")
    shot(desktop, "admin-token-revoked")
    assert server.call("GET", "/api/v1/regions", token=token)[0] == 401


def test_admin_uploads_a_boundary_and_imports_divisions(server, desktop, tmp_path):
    log_in(desktop, server, "admin", "/admin/regions")
    ring = [[120.02, 30.17], [120.021, 30.17], [120.021, 30.171], [120.02, 30.171], [120.02, 30.17]]
    geojson = tmp_path / "grid.geojson"
    geojson.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}))
    desktop.find_element(By.ID, "code").send_keys("330106001001099")
    desktop.find_element(By.ID, "name").send_keys("试验网格")
    desktop.find_element(By.ID, "parent_code").send_keys("330106001001")
    desktop.find_element(By.ID, "boundary_file").send_keys(str(geojson))
    # Drawn before it is saved: orange, over its community's neighbours.
    WebDriverWait(desktop, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#boundary-preview .gmap-region.t-preview"))
    assert desktop.find_element(By.ID, "boundary-preview-status").text.startswith("预览")
    assert len(desktop.find_elements(By.CSS_SELECTOR, "#boundary-preview .gmap-region")) > 1
    desktop.execute_script("document.getElementById('boundary-preview').scrollIntoView({block: 'center'})")
    shot(desktop, "admin-boundary-preview")
    desktop.find_element(By.ID, "save-boundary").click()
    saved = wait_for(desktop, "boundary-saved")
    assert "试验网格" in saved.text and saved.find_elements(By.CSS_SELECTOR, "svg.map path")
    assert desktop.current_url.endswith("/admin/regions"), "the script posted the form; the page stayed"
    shot(desktop, "admin-boundary")
    status, grid = server.call("GET", "/api/v1/regions/330106001001099", token=server.login("admin"))
    assert status == 200 and grid["boundary"]["type"] == "Polygon"

    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent_code,lat,lng\n330106011000,新设街道,4,330106000000,,\n330106011001,坏社区,9,330106011000,,\n")
    desktop.find_element(By.ID, "divisions").send_keys(str(bad))
    desktop.find_element(By.ID, "import-divisions").click()
    problems = wait_for(desktop, "import-problems")
    assert "文件有错误，未导入任何数据 (1)" in problems.text
    assert [cell.text for cell in problems.find_elements(By.CSS_SELECTOR, "tbody tr td")][:2] == ["3", "层级"]
    shot(desktop, "admin-divisions-refused")
    assert server.call("GET", "/api/v1/regions/330106011000", token=server.login("admin"))[0] == 404, "nothing was written"

    good = tmp_path / "divisions.csv"
    good.write_text("code,name,level,parent_code,lat,lng\n330106011000,新设街道,4,330106000000,,\n330106011001,新设社区,5,330106011000,,\n")
    desktop.find_element(By.ID, "divisions").send_keys(str(good))
    desktop.find_element(By.ID, "import-divisions").click()
    wait_for(desktop, "import-summary")
    assert desktop.find_element(By.ID, "import-rows").text == "2"
    assert desktop.find_element(By.ID, "import-inserted").text == "2"
    shot(desktop, "admin-divisions")
    status, township = server.call("GET", "/api/v1/regions/330106011000", token=server.login("admin"))
    assert status == 200 and [child["name"] for child in township["children"]] == ["新设社区"]


def test_the_calendar_lists_holidays_and_adjusted_working_days(server, desktop):
    log_in(desktop, server, "admin", "/admin/calendar")
    assert desktop.find_element(By.TAG_NAME, "h1").text == "节假日与调休"
    year = datetime.now(timezone(timedelta(hours=8))).year  # the server's "now" is the real clock, in Beijing time
    cards = [section.get_attribute("id") for section in desktop.find_elements(By.CSS_SELECTOR, "section[id^=calendar-]")]
    assert cards == [f"calendar-{year}", f"calendar-{year + 1}"]
    shot(desktop, "admin-calendar")
