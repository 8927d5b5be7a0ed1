"""The task and indicator tables as our own HTML: readable at 1400 px, a card list on a phone.

A Gradio Dataframe squeezed nine monospace columns into the page and hid sorting in a hover menu.
This table is plain HTML written (and escaped) here: proportional font, wrapped cells with fixed
share widths, the columns officials need (the citation column is in the CSV only; the number is
on every row), and header buttons that ask the server to sort (``SORT_JS`` triggers the ``sort``
event with the column key), so the CSV can follow the order on screen. Below 760 px each row is a
card of label/value lines (CSS only, same HTML).
"""

from __future__ import annotations

from assistant.messages import text
from assistant.ui.escaping import escape_html
from assistant.ui.explorer import TableResult

# Share of the table width per column key; columns not listed here are CSV-only.
TASK_WIDTHS = {
    "no": 4.5, "group": 5, "task": 25, "lead": 12, "coordinating": 16, "output": 13, "deadline": 10.5, "due": 7,
    "carries_out": 7,
}
TASK_WIDTHS_AS_OF = {**TASK_WIDTHS, "task": 22, "coordinating": 14, "lead_as_of": 12}
INDICATOR_WIDTHS = {"id": 4.5, "horizon": 8, "indicator": 35, "target": 22, "unit": 9.5, "monitoring": 21}

# Runs in the browser when the component loads: one delegated listener, so re-rendered rows keep working.
SORT_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-sort]');
  if (b) { trigger('sort', {column: b.dataset.sort}); }
});
"""


def widths_for(result: TableResult) -> dict[str, float]:
    if result.columns and result.columns[0] == "id":
        return INDICATOR_WIDTHS
    return TASK_WIDTHS_AS_OF if "lead_as_of" in result.columns else TASK_WIDTHS


def next_sort(current: str, column: str) -> str:
    """A click on the sorted column flips its direction; a click elsewhere sorts that column ascending."""
    column = column.lstrip("-")
    if current.lstrip("-") == column:
        return column if current.startswith("-") else f"-{column}"
    return column


def table_html(result: TableResult, elem_class: str) -> str:
    lang = result.lang
    widths = widths_for(result)
    shown = [i for i, c in enumerate(result.columns) if c in widths]
    total = sum(widths[result.columns[i]] for i in shown) or 1.0
    key, desc = result.sort.lstrip("-"), result.sort.startswith("-")
    cols = "".join(f'<col style="width:{widths[result.columns[i]] * 100 / total:.2f}%">' for i in shown)
    heads = []
    for i in shown:
        col = result.columns[i]
        state = ("descending" if desc else "ascending") if col == key else "none"
        arrow = ("▼" if desc else "▲") if col == key else "↕"
        hint = text("ui_sort_desc" if state == "descending" else "ui_sort_asc", lang) if col == key else ""
        heads.append(
            f'<th scope="col" aria-sort="{state}" class="nq57-col-{col}">'
            f'<button type="button" data-sort="{col}" title="{escape_html(hint or text("ui_sort_hint", lang))}">'
            f'{escape_html(result.headers[i])}<span class="nq57-sort-arrow" aria-hidden="true">{arrow}</span>'
            "</button></th>"
        )
    mark = (
        f'<span class="nq57-untranslated" title="{escape_html(text("ui_untranslated_title", lang))}">'
        f'{escape_html(text("ui_untranslated", lang))}</span> '
    )
    body = []
    for r, row in enumerate(result.rows):
        vi_cols = result.untranslated[r] if r < len(result.untranslated) else set()
        cells = []
        for i in shown:
            value = "" if row[i] is None else str(row[i])
            flag = mark if i in vi_cols else ""
            lang_attr = ' lang="vi"' if i in vi_cols else ""
            cells.append(
                f'<td class="nq57-col-{result.columns[i]}" data-label="{escape_html(result.headers[i])}"{lang_attr}>'
                f"{flag}{escape_html(value)}</td>"
            )
        body.append(f'<tr data-item="{escape_html(str(row[0]))}">{"".join(cells)}</tr>')
    if not result.rows:
        body.append(f'<tr class="nq57-empty"><td colspan="{len(shown)}">{escape_html(text("ui_no_rows", lang))}</td></tr>')
    return (
        f'<div class="nq57-table-wrap {elem_class}" data-sort="{escape_html(result.sort)}">'
        f'<table class="nq57-table" lang="{lang}"><colgroup>{cols}</colgroup>'
        f'<thead><tr>{"".join(heads)}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


TABLE_CSS = """
.nq57-table-wrap { max-height: 70vh; overflow-y: auto; overflow-x: hidden; border: 1px solid var(--border-color-primary);
  border-radius: 8px; }
.nq57-table { width: 100%; table-layout: fixed; border-collapse: collapse; font-family: var(--font);
  font-size: .9rem; line-height: 1.35; }
.nq57-table th, .nq57-table td { padding: .4em .5em; vertical-align: top; text-align: left;
  border-bottom: 1px solid var(--border-color-primary); overflow-wrap: break-word; hyphens: none; }
.nq57-table thead th { position: sticky; top: 0; background: var(--background-fill-secondary); z-index: 1; }
.nq57-table th button { all: unset; cursor: pointer; font-weight: 600; white-space: normal; word-break: keep-all;
  overflow-wrap: normal; display: inline; }
.nq57-table th button:focus-visible { outline: 2px solid var(--color-accent); }
.nq57-sort-arrow { margin-left: .25em; opacity: .55; font-size: .8em; }
.nq57-table th[aria-sort="ascending"] .nq57-sort-arrow, .nq57-table th[aria-sort="descending"] .nq57-sort-arrow {
  opacity: 1; }
.nq57-table tbody tr:nth-child(even) { background: var(--background-fill-secondary); }
.nq57-untranslated { display: inline-block; font-size: .7em; font-weight: 700; padding: 0 .35em; border-radius: 4px;
  border: 1px solid currentColor; opacity: .75; margin-right: .2em; vertical-align: .1em; }
@media (max-width: 760px) {
  .nq57-table-wrap { max-height: none; border: 0; }
  .nq57-table, .nq57-table tbody, .nq57-table tr, .nq57-table td { display: block; width: 100%; box-sizing: border-box; }
  .nq57-table colgroup, .nq57-table thead { display: none; }
  .nq57-table tr { border: 1px solid var(--border-color-primary); border-radius: 8px; margin: 0 0 .6em; padding: .3em .2em; }
  .nq57-table td { border: 0; padding: .15em .5em; }
  .nq57-table td::before { content: attr(data-label) ": "; font-weight: 600; }
  .nq57-table td.nq57-col-no, .nq57-table td.nq57-col-id { font-size: 1.05em; font-weight: 700; }
}
"""
