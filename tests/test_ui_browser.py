"""The page in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

In CI (CI=true) a missing browser fails these tests; run `bash .ci/install-browser` first.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import csv
import re
import time
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
    wait_for(lambda: any(label in t.text for t in driver.find_elements(*_by("button[role=tab]"))), what=label)
    tabs = driver.find_elements(*_by("button[role=tab]"))
    next(t for t in tabs if label in t.text).click()


def _rows(driver: Any, table: str) -> list[str]:
    return [r.get_attribute("data-item") for r in driver.find_elements(*_by(f"{table} tbody tr[data-item]"))]


def _page(driver: Any, url: str, width: int, height: int) -> None:
    driver.set_window_size(width, height)
    driver.get(url)
    wait_for(lambda: driver.find_elements(*_by("button[role=tab]")), what="the page")


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
        full = card.find_element(*_by("details.nq57-full"))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", full)
        full.find_element(*_by("summary")).click()  # the official clause comes when opened
        vi_text = wait_for(lambda: card.find_elements(*_by('.nq57-lang[lang="vi"] .nq57-text')), timeout=30,
                           what="the Vietnamese clause")
        assert "Cơ quan chủ trì: Bộ Y tế" in vi_text[0].text

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

        _open_tab(driver, "Nhiệm vụ")
        agency = wait_for(
            lambda: driver.find_element(*_by("#nq57-agency textarea, #nq57-agency input")), what="agency box"
        )
        from selenium.webdriver.common.keys import Keys

        agency.send_keys("MOH")
        agency.send_keys(Keys.ENTER)
        count = wait_for(
            lambda: (el := driver.find_element(*_by("#nq57-task-count"))).text.startswith("2 trên 140") and el,
            timeout=30,
            what="the filtered count",
        )
        assert "Bộ Y tế" in count.text  # the page followed the Vietnamese question
        rows = wait_for(lambda: _rows(driver, "#nq57-task-table"), what="table rows")
        assert rows == ["110", "111"]
        assert driver.find_element(*_by("#nq57-task-csv")).is_displayed()
        driver.save_screenshot(str(artifact("ui-tasks.png")))

        _open_tab(driver, "Chỉ tiêu")
        wait_for(
            lambda: "41" in driver.find_element(*_by("#nq57-indicator-count")).text, what="indicator count"
        )
        driver.save_screenshot(str(artifact("ui-indicators.png")))
        assert driver.execute_script("return window.__nq57_xss === undefined")


def test_numbered_citation_jumps_to_its_card_which_opens_to_the_whole_clause(ui_server: UiServer) -> None:
    with chromium() as driver:
        _page(driver, ui_server.url, 1400, 1000)
        bot = _ask(driver, "Which tasks does MOH lead and when are they due?", 0)
        links = wait_for(lambda: bot.find_elements(*_by("a.nq57-cite")), what="numbered citation links")
        cards = bot.find_elements(*_by(".nq57-card"))
        assert links[0].text == "[1]" and len(cards) >= 2
        card_ids = [c.get_attribute("id") for c in cards]
        assert len(set(card_ids)) == len(card_ids)  # merged: no clause twice
        second = next(a for a in links if a.text == "[2]")
        target = second.get_attribute("href").split("#", 1)[1]
        assert target == card_ids[1]
        assert bot.find_element(*_by(f"#{target} .nq57-card-num")).text == "[2]"
        second.click()
        card = driver.find_element(*_by(f"#{target}"))
        wait_for(
            lambda: driver.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
                card,
            ),
            timeout=10,
            what="the card scrolled into view",
        )
        assert card.find_element(*_by("mark.nq57-quote-mark")).is_displayed()  # the answering passage
        details = card.find_element(*_by("details.nq57-full"))
        assert not details.get_attribute("open")
        details.find_element(*_by("summary")).click()
        wait_for(lambda: details.get_attribute("open") is not None, timeout=10, what="the clause opened")
        # the clause is fetched when opened (GET nq57-card-text), not carried in the message
        langs = wait_for(lambda: details.find_elements(*_by(".nq57-lang")), timeout=30, what="the clause text")
        assert details.get_attribute("data-state") == "loaded"
        assert details.find_element(*_by(".nq57-text mark.nq57-quote-mark")).is_displayed()  # the passage marked
        assert {el.get_attribute("lang") for el in langs} == {"vi", "en"}
        assert all(el.is_displayed() and len(el.text) > 40 for el in langs)
        driver.save_screenshot(str(artifact("ui-citation-card-1400.png")))


def test_the_copy_box_fills_when_opened_and_follows_new_answers(ui_server: UiServer) -> None:
    # The page's turn sends no copy text (Gradio would keep it per session); opening the box asks for it.
    with chromium() as driver:
        _page(driver, ui_server.url, 1400, 1000)
        _ask(driver, "Which tasks does MOH lead and when are they due?", 0)

        def copy_text() -> str:
            return driver.find_element(*_by("#nq57-plain textarea")).get_attribute("value") or ""

        head = wait_for(lambda: driver.find_element(*_by("#nq57-copy .label-wrap, #nq57-copy button")),
                        what="the copy box")
        head.click()
        wait_for(lambda: "(03/NQ-CP:appendix-II.110)" in copy_text(), timeout=30, what="the copy text")
        assert "<" not in copy_text()  # plain text, no card markup
        _ask(driver, "Which tasks does MOST lead?", 1)
        wait_for(lambda: "appendix-II.110" not in copy_text() and "(03/NQ-CP:appendix-II." in copy_text(),
                 timeout=30, what="the copy text of the new answer")


def test_vietnamese_conversation_shows_no_english_ui_string(ui_server: UiServer) -> None:
    from assistant.messages import catalogue

    en, vi = catalogue("en"), catalogue("vi")
    # UI strings whose English differs from the Vietnamese, long enough to mean something on their own
    english = sorted(
        {en[k] for k in en if k.startswith("ui_") and en[k] != vi[k] and "{" not in en[k] and len(en[k]) >= 4},
        key=len,
        reverse=True,
    )
    with chromium() as driver:
        _page(driver, ui_server.url, 1400, 1000)
        _ask(driver, VI_QUESTION, 0)
        wait_for(lambda: "Hỏi đáp" in driver.find_element(*_by("#nq57-tabs")).text, what="the page in Vietnamese")
        screens = {}
        for tab, name in (("Hỏi đáp", "chat"), ("Nhiệm vụ", "tasks"), ("Chỉ tiêu", "indicators")):
            _open_tab(driver, tab)
            time.sleep(0.5)  # the tab's content paints
            screens[tab] = driver.execute_script("return document.body.innerText")
            driver.save_screenshot(str(artifact(f"ui-vietnamese-{name}-1400.png")))
        for tab, shown in screens.items():
            # the language toggle names English in English, as language switchers do
            shown = shown.replace("English", "")
            found = [s for s in english if re.search(rf"(?<![\w]){re.escape(s)}(?![\w])", shown)]
            assert not found, (tab, found)


def test_indicator_targets_visible_at_1400_without_horizontal_scroll(ui_server: UiServer) -> None:
    with chromium() as driver:
        _page(driver, ui_server.url, 1400, 1000)
        _open_tab(driver, "Indicators")
        wait_for(lambda: _rows(driver, "#nq57-indicator-table"), what="indicator rows")
        count = driver.find_element(*_by("#nq57-indicator-count")).text
        assert count.startswith("41 indicators (57 rows with sub-rows)"), count
        geometry = driver.execute_script(
            """
            const wrap = document.querySelector('#nq57-indicator-table .nq57-table-wrap');
            const w = wrap.getBoundingClientRect();
            const heads = [...wrap.querySelectorAll('thead th')].map(th => {
              const r = th.getBoundingClientRect(), pad = parseFloat(getComputedStyle(th).paddingLeft) * 2;
              // the longest header word must fit the column: no "Horiz/on" wraps
              const probe = document.createElement('span');
              probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:inherit;font-weight:600';
              th.appendChild(probe);
              const word = Math.max(...th.innerText.split(/\\s+/).map(w => { probe.textContent = w; return probe.getBoundingClientRect().width; }));
              probe.remove();
              return {text: th.innerText, left: r.left, right: r.right, width: r.width - pad, word: word};
            });
            return {wrapRight: w.right, scroll: wrap.scrollWidth - wrap.clientWidth,
                    page: document.documentElement.scrollWidth - window.innerWidth, heads: heads,
                    font: getComputedStyle(wrap.querySelector('td')).fontFamily};
            """
        )
        assert geometry["scroll"] <= 0 and geometry["page"] <= 0, geometry
        names = [h["text"].rstrip("▲▼↕ ").strip() for h in geometry["heads"]]
        assert names[:6] == ["ID", "Horizon", "Indicator", "Target", "Unit", "Monitoring"], names
        for h in geometry["heads"]:
            assert h["right"] <= geometry["wrapRight"] + 1, h
            assert h["word"] <= h["width"] + 1, h  # the header word fits its column
        assert "mono" not in geometry["font"].lower()
        target = driver.find_element(*_by("#nq57-indicator-table tbody tr td.nq57-col-target"))
        assert target.is_displayed() and target.text.strip()
        # a row without an English translation is marked
        assert driver.find_elements(*_by("#nq57-indicator-table .nq57-untranslated"))
        driver.save_screenshot(str(artifact("ui-indicators-1400.png")))
        _open_tab(driver, "Tasks")
        wait_for(lambda: len(_rows(driver, "#nq57-task-table")) == 140, what="all tasks")
        page = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert page <= 0
        driver.save_screenshot(str(artifact("ui-tasks-1400.png")))


def test_phone_width_tabs_reachable_and_tasks_as_cards(ui_server: UiServer) -> None:
    with chromium() as driver:
        _page(driver, ui_server.url, 390, 844)
        tabs = driver.find_elements(*_by("button[role=tab]"))
        assert [t.text for t in tabs if t.is_displayed()] == ["Chat", "Tasks", "Indicators"]
        assert not [b for b in driver.find_elements(*_by("#nq57-tabs button")) if b.is_displayed() and "•••" in b.text]
        _ask(driver, "Which tasks does MOH lead and when are they due?", 0)
        driver.execute_script("window.scrollTo(0, 0)")
        # the title takes the full width above the language toggle instead of wrapping letter by letter
        assert driver.find_element(*_by("#nq57-header")).size["width"] >= 300
        driver.save_screenshot(str(artifact("ui-chat-390.png")))
        _open_tab(driver, "Tasks")
        wait_for(lambda: _rows(driver, "#nq57-task-table"), what="task rows")
        layout = driver.execute_script(
            """
            const row = document.querySelector('#nq57-task-table tbody tr');
            const cells = [...row.querySelectorAll('td')].map(td => ({w: td.getBoundingClientRect().width,
              display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content}));
            return {cells: cells, row: row.getBoundingClientRect().width,
                    page: document.documentElement.scrollWidth - window.innerWidth};
            """
        )
        assert layout["page"] <= 0, layout
        for cell in layout["cells"]:  # a card: every field a full-width line with its label
            assert cell["display"] == "block" and cell["w"] >= layout["row"] * 0.9, cell
            assert cell["label"] not in ("none", "normal", ""), cell
        driver.execute_script("document.querySelector('#nq57-task-count').scrollIntoView()")
        driver.save_screenshot(str(artifact("ui-tasks-390.png")))
        _open_tab(driver, "Indicators")
        wait_for(lambda: _rows(driver, "#nq57-indicator-table"), what="indicator rows")
        driver.execute_script("document.querySelector('#nq57-indicator-count').scrollIntoView()")
        driver.save_screenshot(str(artifact("ui-indicators-390.png")))


def test_header_click_sorts_and_csv_follows_filter_and_order(ui_server: UiServer, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    with chromium() as driver:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
        _page(driver, ui_server.url, 1400, 1000)
        _open_tab(driver, "Tasks")
        box = wait_for(lambda: driver.find_element(*_by("#nq57-due-to textarea, #nq57-due-to input")), what="due")
        box.send_keys("6/2025")
        box.send_keys(Keys.ENTER)
        wait_for(lambda: "due by 2025-06-30" in driver.find_element(*_by("#nq57-task-count")).text, what="filter")
        filtered = _rows(driver, "#nq57-task-table")
        assert filtered == sorted(filtered, key=int) and 3 < len(filtered) < 140

        def header(col: str) -> Any:
            return driver.find_element(*_by(f'#nq57-task-table th button[data-sort="{col}"]'))

        header("no").click()  # ascending already (document order): the first click sorts ascending
        wait_for(lambda: driver.find_element(*_by('#nq57-task-table th.nq57-col-no')).get_attribute("aria-sort")
                 == "ascending", what="sorted ascending")
        header("no").click()
        wait_for(lambda: _rows(driver, "#nq57-task-table") == sorted(filtered, key=int, reverse=True),
                 what="sorted descending")
        header("due").click()
        # Ready when the new table says so and two reads agree: a read while the table was being replaced
        # once mixed rows of the old and the new order (a row twice, one missing) on a loaded machine.
        wait_for(lambda: driver.find_element(*_by('#nq57-task-table th.nq57-col-due')).get_attribute("aria-sort")
                 == "ascending", what="sorted by due date")
        by_due = wait_for(
            lambda: (r := _rows(driver, "#nq57-task-table")) != sorted(filtered, key=int, reverse=True)
            and r == _rows(driver, "#nq57-task-table") and r,
            what="the sorted rows",
        )
        assert sorted(by_due) == sorted(filtered)
        driver.save_screenshot(str(artifact("ui-tasks-sorted.png")))
        driver.find_element(*_by("#nq57-task-csv")).click()
        files = wait_for(lambda: [p for p in tmp_path.glob("*.csv")], timeout=30, what="the CSV download")
        assert files[0].name == "nq57-tasks_by-2025-06-30_en_sorted-by-due.csv", files[0].name
        rows = list(csv.reader(files[0].read_text(encoding="utf-8-sig").splitlines()))
        assert [r[0] for r in rows[1:]] == by_due




def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_support, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="install-browser"):
        ui_support.require_browser()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        ui_support.require_browser()
