"""Selenium helpers: wait for the console's elements and act on them as a person would."""

from __future__ import annotations

from selenium.common.exceptions import NoAlertPresentException, NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 15


def wait(driver, condition, timeout: float = TIMEOUT):
    ignored = (StaleElementReferenceException, NoSuchElementException)
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(condition)


def element(driver, css: str):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def heading(driver, text: str) -> None:
    """Waits until the page's h1 reads `text` and the view finished loading."""
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == text
         and d.find_element(By.ID, "main").get_attribute("aria-busy") is None)


def fill(driver, css: str, text: str) -> None:
    box = element(driver, css)
    box.clear()
    box.send_keys(text)


def click_button(driver, text: str, scope: str = "main") -> None:
    """Clicks the button whose visible text is `text` inside `scope`."""
    buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, f"{scope} button") if b.text == text]
    assert buttons, f"no button {text!r} in {scope}"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].click()


def link(driver, text: str) -> None:
    wait(driver, EC.element_to_be_clickable((By.LINK_TEXT, text))).click()


def table_texts(driver, css: str) -> list[str]:
    return [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, css)]


def error_text(driver) -> str:
    box = wait(driver, EC.visibility_of_element_located((By.ID, "error")))
    return box.text


def chips(driver) -> list[str]:
    return [chip.get_attribute("data-tag") for chip in driver.find_elements(By.CSS_SELECTOR, "#tag-input-list .chip")]


def press(driver, css: str, *keys) -> None:
    element(driver, css).send_keys(*keys)


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


ENTER = Keys.ENTER
BACKSPACE = Keys.BACKSPACE
