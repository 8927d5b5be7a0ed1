"""The page in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

In CI (CI=true) a missing browser fails these tests; run `bash .ci/install-browser` first.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import ui_support
from ui_support import UiServer, artifact, chromium, wait_for

from assistant.ui.feedback import read_feedback

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VI_QUESTION = "Bộ Y tế chủ trì những nhiệm vụ nào?"
PENDING = ("Looking it up", "Đang tra cứu")
XSS_QUESTION = '<img src=x onerror="window.__nq57_xss=1"> <script>window.__nq57_xss=2</script> Bộ Y tế?'


def _by(css: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, css


def _ask(driver: Any, text: str, answers_before: int) -> Any:
    from selenium.webdriver.common.keys import Keys

    box = wait_for(lambda: driver.find_element(*_by("#nq57-question textarea")), what="question box")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)

    seen: list[str] = []

    def answered() -> Any:
        # Done when the pending note is gone and the text has stopped growing between two polls.
        bots = driver.find_elements(*_by('#nq57-chat [data-testid="bot"]'))
        if len(bots) <= answers_before:
            return None
        text = bots[-1].text.strip()
        if not text or text.startswith(PENDING):
            return None
        stable = bool(seen) and seen[-1] == text
        seen.append(text)
        return bots[-1] if stable else None

    return wait_for(answered, timeout=90, what="the answer")


def _open_tab(driver: Any, label: str) -> None:
    tabs = wait_for(lambda: driver.find_elements(*_by("button[role=tab]")), what="tabs")
    next(t for t in tabs if label in t.text).click()


def test_vietnamese_question_sources_and_task_table(ui_server: UiServer) -> None:
    with chromium() as driver:
        driver.get(ui_server.url)
        bot = _ask(driver, VI_QUESTION, 0)
        wait_for(lambda: bot.find_elements(*_by(".nq57-card")), what="a source card")
        text = bot.text
        assert "110" in text and "111" in text
        cards = {c.find_element(*_by(".nq57-card-ref")).text: c for c in bot.find_elements(*_by(".nq57-card"))}
        assert "03/NQ-CP:appendix-II.110" in cards and "03/NQ-CP:appendix-II.111" in cards
        card = cards["03/NQ-CP:appendix-II.110"]
        assert card.is_displayed()
        assert "Chủ trì" in card.text and "Bộ Y tế" in card.text  # lead shown on the card
        assert card.find_elements(*_by('.nq57-lang[lang="vi"]'))

        # the question comes back as text, and nothing in it runs
        bot = _ask(driver, XSS_QUESTION, 1)
        users = driver.find_elements(*_by('#nq57-chat [data-testid="user"]'))
        assert '<img src=x onerror="window.__nq57_xss=1">' in users[-1].text
        assert "<script>window.__nq57_xss=2</script>" in users[-1].text
        assert not driver.find_elements(*_by("#nq57-chat img[src='x'], #nq57-chat script"))
        assert driver.execute_script("return window.__nq57_xss === undefined")
        driver.execute_script("arguments[0].scrollIntoView()", users[-1])
        driver.save_screenshot(str(artifact("ui-chat.png")))

        # thumbs down on the first answer lands in the feedback file with its question
        before = len(read_feedback(ui_server.settings.feedback_path))
        dislikes = driver.find_elements(*_by('#nq57-chat button[aria-label="Dislike"]'))
        assert dislikes, "no thumbs under the answers"
        dislikes[0].click()
        records = wait_for(
            lambda: (r := read_feedback(ui_server.settings.feedback_path)) and len(r) > before and r,
            timeout=30,
            what="the feedback record",
        )
        assert records[-1]["rating"] == "down" and records[-1]["question"] == VI_QUESTION

        _open_tab(driver, "Tasks")
        agency = wait_for(
            lambda: driver.find_element(*_by("#nq57-agency textarea, #nq57-agency input")), what="agency box"
        )
        from selenium.webdriver.common.keys import Keys

        agency.send_keys("MOH")
        agency.send_keys(Keys.ENTER)
        count = wait_for(
            lambda: (el := driver.find_element(*_by("#nq57-task-count"))).text.startswith("2 of 140") and el,
            timeout=30,
            what="the filtered count",
        )
        assert "Ministry of Health" in count.text
        rows = wait_for(
            lambda: driver.find_elements(*_by("#nq57-task-table .virtual-body [role=row]")), what="table rows"
        )
        assert len(rows) == 2
        assert [r.text.split()[0] for r in rows] == ["110", "111"]
        grid = driver.find_element(*_by("#nq57-task-table [role=grid]"))
        assert grid.get_attribute("aria-rowcount") == "3"  # header + 2
        assert driver.find_element(*_by("#nq57-task-csv")).is_displayed()
        driver.save_screenshot(str(artifact("ui-tasks.png")))

        _open_tab(driver, "Indicators")
        wait_for(
            lambda: " of " in driver.find_element(*_by("#nq57-indicator-count")).text, what="indicator count"
        )
        driver.save_screenshot(str(artifact("ui-indicators.png")))
        assert driver.execute_script("return window.__nq57_xss === undefined")


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_support, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="install-browser"):
        ui_support.require_browser()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        ui_support.require_browser()
