"""The multi-user guide's flow done in the console by a person's actions, in a real headless
Chromium, each step checked through the API as well."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By

from conftest import API, screenshot
from ui import (BACKSPACE, ENTER, chips, click_button, element, error_text, fill, heading, link, no_alert, press,
                table_texts, wait)

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_seed_flow_in_the_console(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    driver.get(open_server + "/")
    heading(driver, "Identities")
    assert "No identities." in driver.find_element(By.ID, "main").text
    assert element(driver, "#identity-count").text == "0 identities in total"

    # Create the identity user_1 (Caren).
    fill(driver, "#new-identity-key", "user_1")
    fill(driver, "#new-identity-name", "Caren")
    click_button(driver, "Create identity")
    heading(driver, "Caren")
    identities = api.get("/v1/identities/?identifier_key=user_1")
    assert [(i["name"], i["identity_type"]) for i in identities] == [("Caren", "user")]
    identity_id = identities[0]["id"]
    assert driver.current_url.endswith("#/identities/" + identity_id)

    # Create an agent for it, tagged my_uuid.
    fill(driver, "#new-agent-name", "caren-helper")
    fill(driver, "#new-agent-tags", "my_uuid")
    click_button(driver, "Create agent")
    heading(driver, "caren-helper")
    agents = api.get("/v1/agents/?identifier_keys=user_1")
    assert [(a["name"], a["tags"], a["identity_ids"]) for a in agents] == [("caren-helper", ["my_uuid"], [identity_id])]
    agent_id = agents[0]["id"]
    assert sorted(b["label"] for b in agents[0]["memory"]["blocks"]) == ["human", "persona"]

    # The identity list shows it with one agent.
    link(driver, "Identities")
    heading(driver, "Identities")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td") == ["Caren", "user_1", "user", "1"])
    screenshot(driver, "identities")

    # Find the agent by tag, then by identifier key.
    link(driver, "Agents")
    heading(driver, "Agents")
    fill(driver, "#filter-tags", "my_uuid")
    click_button(driver, "Filter")
    wait(driver, lambda d: "tags=my_uuid" in d.current_url and element(d, "#agent-count").text == "1 agent matches")
    assert table_texts(driver, ".agents-table tbody td:first-child") == ["caren-helper"]
    assert [a["id"] for a in api.get("/v1/agents/?tags=my_uuid")] == [agent_id]
    fill(driver, "#filter-tags", "")
    fill(driver, "#filter-keys", "user_1")
    click_button(driver, "Filter")
    wait(driver, lambda d: "identifier_keys=user_1" in d.current_url and element(d, "#agent-count").text == "1 agent matches")
    assert table_texts(driver, ".agents-table tbody td:first-child") == ["caren-helper"]
    screenshot(driver, "agents-by-key")
    fill(driver, "#filter-keys", "")
    fill(driver, "#filter-tags", "my_uuid, nobody")
    driver.find_element(By.ID, "match-all").click()
    click_button(driver, "Filter")
    wait(driver, lambda d: "match_all_tags=true" in d.current_url and element(d, "#agent-count").text == "0 agents match")
    assert api.get("/v1/agents/count?tags=my_uuid&tags=nobody&match_all_tags=true") == 0
    driver.find_element(By.ID, "match-any").click()
    click_button(driver, "Filter")
    wait(driver, lambda d: "match_all_tags" not in d.current_url and element(d, "#agent-count").text == "1 agent matches")

    # Add the tag vip by typing it and pressing Enter, then remove it with one click.
    link(driver, "caren-helper")
    heading(driver, "caren-helper")
    assert element(driver, "#advanced-title").text == "Advanced settings"
    assert chips(driver) == ["my_uuid"]
    press(driver, "#tag-input", "vip", ENTER)
    wait(driver, lambda d: chips(d) == ["my_uuid", "vip"])
    assert api.get(f"/v1/agents/{agent_id}")["tags"] == ["my_uuid", "vip"]
    driver.execute_script("document.getElementById('advanced').scrollIntoView()")
    screenshot(driver, "agent-advanced-settings")
    element(driver, "button[aria-label='Remove tag vip']").click()
    wait(driver, lambda d: chips(d) == ["my_uuid"])
    assert api.get(f"/v1/agents/{agent_id}")["tags"] == ["my_uuid"]

    # Backspace in the empty field removes the last tag.
    press(driver, "#tag-input", "temporary", ENTER)
    wait(driver, lambda d: chips(d) == ["my_uuid", "temporary"])
    press(driver, "#tag-input", BACKSPACE)
    wait(driver, lambda d: chips(d) == ["my_uuid"])
    assert api.get(f"/v1/agents/{agent_id}")["tags"] == ["my_uuid"]

    # Edit a memory block; the limit is shown.
    human = element(driver, "#block-value-human")
    assert human.get_attribute("value") == "The human's name is Caren."
    assert element(driver, "#block-value-human-size").text == f"{len('The human' + chr(39) + 's name is Caren.')} of 100000 characters"
    human.clear()
    human.send_keys("The human's name is Caren. She likes sailing.")
    click_button(driver, "Save human")
    wait(driver, lambda d: d.find_element(By.ID, "notice").text == "Block human saved.")
    block = api.get(f"/v1/agents/{agent_id}/core-memory/blocks/human")
    assert block["value"] == "The human's name is Caren. She likes sailing."
    assert element(driver, "#block-value-human").get_attribute("value") == block["value"]
    driver.execute_script("document.getElementById('memory').scrollIntoView()")
    screenshot(driver, "agent-memory")

    # The identity page lists the agent; detach and attach again by key from the agent page.
    driver.get(f"{open_server}/#/identities/{identity_id}")
    heading(driver, "Caren")
    assert table_texts(driver, "#identity-agents .agents-table tbody td:first-child") == ["caren-helper"]
    screenshot(driver, "identity")
    element(driver, "button[aria-label='Detach agent caren-helper']").click()
    wait(driver, lambda d: "No agents." in d.find_element(By.ID, "identity-agents").text)
    assert api.get(f"/v1/agents/{agent_id}")["identity_ids"] == []
    driver.get(f"{open_server}/#/agents/{agent_id}")
    heading(driver, "caren-helper")
    fill(driver, "#attach-identity", "user_1")
    click_button(driver, "Attach identity")
    wait(driver, lambda d: d.find_element(By.ID, "notice").text == "Identity attached.")
    assert api.get(f"/v1/agents/{agent_id}")["identity_ids"] == [identity_id]


def test_identity_properties_are_edited_with_their_types(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    status, _, created = api.call("POST", "/v1/identities/", {
        "identifier_key": "props_1", "name": "Props", "identity_type": "org",
        "properties": [{"key": "plan", "value": "pro", "type": "string"}, {"key": "seats", "value": 3, "type": "number"}],
    })
    assert status == 200
    driver.get(f"{open_server}/#/identities/{created['id']}")
    heading(driver, "Props")
    assert element(driver, "#property-value-2").get_attribute("type") == "number"
    fill(driver, "#property-value-2", "12.5")
    click_button(driver, "Add property")
    fill(driver, "#property-key-3", "active")
    from selenium.webdriver.support.ui import Select
    Select(element(driver, "#property-type-3")).select_by_value("boolean")
    element(driver, "#property-value-3").click()
    click_button(driver, "Save properties")
    wait(driver, lambda d: d.find_element(By.ID, "notice").text == "Properties saved.")
    assert api.get(f"/v1/identities/{created['id']}")["properties"] == [
        {"key": "plan", "value": "pro", "type": "string"}, {"key": "seats", "value": 12.5, "type": "number"},
        {"key": "active", "value": True, "type": "boolean"}]
    # A number field left without a number is refused in words, before any request.
    fill(driver, "#property-value-2", "lots")
    click_button(driver, "Save properties")
    assert error_text(driver) == "A number property needs a number."


def test_stored_markup_is_shown_as_text(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    status, _, identity = api.call("POST", "/v1/identities/", {"identifier_key": "xss_1", "name": HOSTILE, "identity_type": "user"})
    assert status == 200
    status, _, agent = api.call("POST", "/v1/agents/", {
        "name": "xss-agent", "model": "openai/gpt-4o-mini", "tags": [HOSTILE], "identity_ids": [identity["id"]],
        "memory_blocks": [{"label": "human", "value": HOSTILE}]})
    assert status == 200, agent
    driver.get(open_server + "/#/identities?identifier_key=xss_1")
    heading(driver, "Identities")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:first-child") == [HOSTILE])
    driver.get(f"{open_server}/#/agents/{agent['id']}")
    heading(driver, "xss-agent")
    assert chips(driver) == [HOSTILE]
    assert element(driver, "#block-value-human").get_attribute("value") == HOSTILE
    assert driver.execute_script("return document.querySelectorAll('main script, main img').length") == 0
    time.sleep(0.3)
    assert no_alert(driver)


def test_api_errors_are_shown_in_words(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    api.call("POST", "/v1/identities/", {"identifier_key": "dup_1", "name": "First", "identity_type": "user"})
    driver.get(open_server + "/")
    heading(driver, "Identities")
    fill(driver, "#new-identity-key", "dup_1")
    fill(driver, "#new-identity-name", "Second")
    click_button(driver, "Create identity")
    message = error_text(driver)
    assert message.startswith("409 ") and "dup_1" in message, message
    driver.get(open_server + "/#/agents/agent-00000000-0000-4000-8000-000000000000")
    message = error_text(driver)
    assert message.startswith("404 Not Found: ") and "agent-00000000-0000-4000-8000-000000000000" in message, message


def test_identities_are_paged_newest_first(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    for index in range(23):
        status, _, _ = api.call("POST", "/v1/identities/", {"identifier_key": f"page_{index:02d}", "name": f"Pager {index:02d}",
                                                          "identity_type": "other"})
        assert status == 200
    driver.get(open_server + "/#/identities?identity_type=other")
    heading(driver, "Identities")
    expected = [f"page_{index:02d}" for index in range(22, -1, -1)]
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:nth-child(2)") == expected[:20])
    click_button(driver, "Next page")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:nth-child(2)") == expected[20:])
    assert driver.find_element(By.XPATH, "//button[.='Next page']").get_attribute("disabled") is not None
    click_button(driver, "Previous page")
    wait(driver, lambda d: table_texts(d, "#identities-table tbody td:nth-child(2)") == expected[:20])


def test_blocks_are_listed_edited_and_show_their_agents(open_server, fresh_tab):
    driver, api = fresh_tab, API(open_server)
    status, _, agent = api.call("POST", "/v1/agents/", {
        "name": "block-user", "model": "openai/gpt-4o-mini", "memory_blocks": [{"label": "notes_blk", "value": "first"}]})
    assert status == 200, agent
    block_id = agent["blocks"][0]["id"]
    driver.get(open_server + "/#/blocks?label_search=notes_blk")
    heading(driver, "Blocks")
    wait(driver, lambda d: table_texts(d, ".blocks-table tbody td:first-child") == ["notes_blk"])
    link(driver, "notes_blk")
    heading(driver, "Block notes_blk")
    assert table_texts(driver, "#block-agents .agents-table tbody td:first-child") == ["block-user"]
    fill(driver, "#block-value", "second")
    fill(driver, "#block-limit", "500")
    click_button(driver, "Save block")
    wait(driver, lambda d: d.find_element(By.ID, "notice").text == "Block saved.")
    block = api.get(f"/v1/blocks/{block_id}")
    assert (block["value"], block["limit"]) == ("second", 500)
    assert api.get(f"/v1/agents/{agent['id']}/core-memory/blocks/notes_blk")["value"] == "second"
