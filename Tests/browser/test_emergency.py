"""平战转换 and a door-to-door screening, as the people who run them see it: the county switches a
street into level Ⅱ and every page below says so; a screening campaign starts over the street; a
grid worker records a household on a phone, a grid leader records another without a signal and
it arrives once the signal returns; the centre's map and figures change; the county switches back."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import make_browser
from test_case_life import log_in
from test_field_work import network, wait_until_sent, waiting
from test_pages import click_and_wait, shot

STREET = "330106001000"


def record(phone, answers):
    """Chooses the first household still to visit and answers the questionnaire."""
    Select(phone.find_element(By.ID, "task")).select_by_index(1)
    household = Select(phone.find_element(By.ID, "task")).first_selected_option.text
    for name, value in answers.items():
        field = phone.find_element(By.NAME, "q_" + name)
        if field.tag_name == "select":
            Select(field).select_by_visible_text(value)
        else:
            field.send_keys(value)
    return household


def test_a_street_in_emergency_screens_its_households(server, desktop):
    log_in(desktop, server.base, "center")
    desktop.get(server.base + "/center/emergency")
    Select(desktop.find_element(By.NAME, "region")).select_by_value(STREET)
    Select(desktop.find_element(By.NAME, "level")).select_by_value("2")
    desktop.find_element(By.CSS_SELECTOR, "#emergency-switch textarea[name=reason]").send_keys("台风登陆，启动防汛Ⅱ级应急响应")
    click_and_wait(desktop, "#emergency-switch button[type=submit]")
    row = desktop.find_element(By.CSS_SELECTOR, f'#emergency-states tr[data-region="{STREET}"]')
    assert "Ⅱ级" in row.text and "50%" in row.text
    assert "辖区内有 1 个区域处于应急状态" in desktop.find_element(By.CSS_SELECTOR, ".page-notice").text
    assert desktop.find_elements(By.CSS_SELECTOR, "svg.map a.em-orange"), "the street is orange on the map"
    shot(desktop, "center-emergency")

    desktop.get(server.base + "/center/campaigns")
    Select(desktop.find_element(By.NAME, "region")).select_by_value(STREET)
    click_and_wait(desktop, "#campaign-start button[type=submit]")
    campaign = desktop.current_url
    kpis = desktop.find_element(By.ID, "campaign-kpis")
    households = int(kpis.get_attribute("data-households"))
    assert households > 0 and kpis.get_attribute("data-visited") == "0"

    worker = make_browser(390, 844)
    leader = make_browser(390, 844)
    try:
        log_in(worker, server.base, "worker")
        notice = worker.find_element(By.CSS_SELECTOR, ".page-notice").text
        assert "Ⅱ级应急响应" in notice and "50%" in notice, "the grid worker's pages say so"
        worker.get(campaign.replace("/center/", "/m/"))
        record(worker, {"at_home": "是", "people": "0"})
        assert not worker.find_element(By.NAME, "q_vulnerable").is_displayed(), "asked only with someone at home"
        people = worker.find_element(By.NAME, "q_people")
        people.clear()
        people.send_keys("2")
        for name, value in {"vulnerable": "否", "house_risk": "倒塌危险"}.items():
            Select(worker.find_element(By.NAME, "q_" + name)).select_by_visible_text(value)
        shot(worker, "m-campaign-form")
        click_and_wait(worker, "#campaign-submit")
        assert worker.find_element(By.ID, "campaign-saved").is_displayed()
        assert "红码" in worker.find_element(By.ID, "campaign-done").text

        # The grid leader picks a grid of the community and loses the signal before saving.
        log_in(leader, server.base, "gridleader")
        # (The page is open; the form waits on the phone without the page's service worker.)
        leader.get(campaign.replace("/center/", "/m/") + "?grid=330106001001002")
        network(leader, online=False)
        record(leader, {"at_home": "否", "house_risk": "开裂"})
        leader.find_element(By.ID, "campaign-submit").click()
        WebDriverWait(leader, 10).until(lambda b: b.find_element(By.ID, "queued-notice").is_displayed())
        assert waiting(leader) == 1
        network(leader, online=True)
        leader.execute_script("window.dispatchEvent(new Event('online'))")
        wait_until_sent(leader)
    finally:
        worker.quit()
        leader.quit()

    desktop.get(campaign + "?region=330106001001")
    kpis = desktop.find_element(By.ID, "campaign-kpis")
    assert kpis.get_attribute("data-visited") == "2", "both results, each once"
    assert desktop.find_element(By.ID, "campaign-colour").text.startswith("红")
    assert desktop.find_elements(By.CSS_SELECTOR, "svg.map a.c-red"), "the worker's grid is red on the map"
    assert desktop.find_elements(By.CSS_SELECTOR, "svg.map a.c-orange"), "the leader's grid is orange"
    shot(desktop, "center-campaign")

    desktop.get(server.base + "/center/emergency")
    row = desktop.find_element(By.CSS_SELECTOR, f'#emergency-states tr[data-region="{STREET}"]')
    row.find_element(By.NAME, "reason").send_keys("汛情解除")
    click_and_wait(desktop, f'#emergency-states tr[data-region="{STREET}"] button[type=submit]')
    assert desktop.find_elements(By.ID, "emergency-none")
    assert not desktop.find_elements(By.CSS_SELECTOR, ".page-notice")
