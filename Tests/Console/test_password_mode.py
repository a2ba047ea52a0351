"""Password mode in the console: the page loads without credentials, the data does not; the
password is asked once, kept for the tab (sessionStorage), a wrong one is shown as a 401."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from conftest import API, PASSWORD, screenshot
from ui import click_button, element, error_text, fill, heading, table_texts, wait


def test_page_loads_without_credentials_but_data_needs_them(password_server):
    api = API(password_server)
    status, headers, _ = api.call("GET", "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    status, headers, _ = api.call("GET", "/console/app.js")
    assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8"
    assert api.call("GET", "/v1/identities/")[0] == 401


def test_password_is_asked_once_and_kept_for_the_tab(password_server, fresh_tab):
    driver, api = fresh_tab, API(password_server, token=PASSWORD)
    driver.get(password_server + "/")
    message = element(driver, "#auth-message")
    assert message.text == "This server is protected (401 Unauthorized): enter its password or an API key."
    assert "401 Unauthorized: Unauthorized" in error_text(driver)
    assert driver.switch_to.active_element.get_attribute("id") == "credential"
    screenshot(driver, "sign-in")

    fill(driver, "#credential", "wrong password")
    click_button(driver, "Sign in", scope="#auth")
    wait(driver, lambda d: d.find_element(By.ID, "auth-message").text
         == "The password or API key was refused (401 Unauthorized). Enter it again.")
    assert driver.find_element(By.ID, "auth").is_displayed()

    fill(driver, "#credential", PASSWORD)
    click_button(driver, "Sign in", scope="#auth")
    heading(driver, "Identities")
    assert not driver.find_element(By.ID, "auth").is_displayed()
    assert driver.execute_script("return sessionStorage.getItem('identity-console.credential')") == PASSWORD
    assert driver.execute_script("return localStorage.length") == 0

    fill(driver, "#new-identity-key", "user_1")
    fill(driver, "#new-identity-name", "Caren")
    click_button(driver, "Create identity")
    heading(driver, "Caren")
    assert [i["name"] for i in api.get("/v1/identities/?identifier_key=user_1")] == ["Caren"]

    # Navigating and reloading keep the credential: it is asked once per tab.
    driver.get(password_server + "/#/identities?identifier_key=user_1")
    driver.refresh()
    heading(driver, "Identities")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:nth-child(2)") == ["user_1"])
    assert not driver.find_element(By.ID, "auth").is_displayed()

    # Signing out forgets it.
    click_button(driver, "Sign out", scope="header")
    wait(driver, lambda d: d.find_element(By.ID, "auth").is_displayed())
    assert driver.execute_script("return sessionStorage.getItem('identity-console.credential')") is None


def test_api_key_of_an_organization_works_as_the_credential(password_server, fresh_tab):
    driver, admin = fresh_tab, API(password_server, token=PASSWORD)
    status, _, organization = admin.call("POST", "/v1/admin/orgs", {"name": "console-tenant"})
    assert status == 200, organization
    status, _, key = admin.call("POST", "/v1/admin/api-keys", {"organization_id": organization["id"], "name": "console"})
    assert status == 200, key
    tenant = API(password_server, token=key["key"])
    assert tenant.call("POST", "/v1/identities/", {"identifier_key": "tenant_1", "name": "Tenant One", "identity_type": "org"})[0] == 200
    driver.get(password_server + "/")
    element(driver, "#auth-message")
    fill(driver, "#credential", key["key"])
    click_button(driver, "Sign in", scope="#auth")
    heading(driver, "Identities")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:nth-child(2)") == ["tenant_1"])
