"""nq57: cited answers about Resolution 57-NQ/TW and the Action Programme 03/NQ-CP (ingest, tasks,
indicators, ask, chat, serve, eval, bench)."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, BinaryIO, ClassVar

from assistant import cli_format
from assistant.messages import text
from ingest.errors import NQ57Error
from ingest.settings import Settings

# Exit codes scripts can rely on (also in --help and the README).
EXIT_OK = 0  # answered (a batch: every line answered)
EXIT_ERROR = 1  # an error: bad data dir, unknown agency, unreadable batch file, a batch line that failed
EXIT_USAGE = 2  # the command line itself is wrong (argparse)
EXIT_REFUSED = 3  # only with --fail-on-refusal: an answer (in a batch: any answer) was a refusal
EPILOG = """exit codes:
  0  answered (with --batch: every line answered)
  1  error (bad data, unknown agency, unreadable batch file; with --batch: any line that failed,
     each failed line printed as {"line": n, "error": "..."})
  2  usage error (unknown flag, bad value)
  3  only with ask --fail-on-refusal: the answer was a refusal ("the documents do not say",
     out of scope, bad input); in a batch, some line was refused and none failed
"""
log = logging.getLogger("nq57.cli")
LANG = "en"  # the CLI's own messages; answers follow the question's language


def _say(key: str, **kw: object) -> None:
    """A progress or status line on stderr (stdout stays clean for JSON and CSV)."""
    print(text(key, LANG, **kw), file=sys.stderr, flush=True)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("nq57")
    except Exception:  # not installed (run from a checkout): the source of truth is pyproject.toml
        import tomllib

        from ingest.settings import PROJECT_ROOT

        try:
            with open(PROJECT_ROOT / "pyproject.toml", "rb") as fh:
                return str(tomllib.load(fh)["project"]["version"])
        except (OSError, KeyError, ValueError):
            return "unknown"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-06-30") from exc


def _settings(args: argparse.Namespace) -> Settings:
    s = Settings.from_env()
    if getattr(args, "as_of", None):
        s = s.with_(as_of=args.as_of)
    return s


# -- long steps, said out loud -------------------------------------------------------------------
class _IndexProgress:
    """``vectorstore.index.build_index``'s progress callback: one stderr line per stage, and the
    embedding every quarter of the way."""

    STAGES: ClassVar[dict[str, str]] = {"chunk": "cli.progress_chunk", "lexical": "cli.progress_lexical", "chroma": "cli.progress_chroma"}

    def __init__(self) -> None:
        self.stage = ""
        self.next_share = 0.25

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "embed":
            if self.stage != "embed":
                self.stage = "embed"
                if total:
                    _say("cli.progress_embed", total=total)
            elif total and done < total and done / total >= self.next_share:
                while done / total >= self.next_share:
                    self.next_share += 0.25
                _say("cli.progress_embedded", done=done, total=total)
            return
        if stage != self.stage and stage in self.STAGES:
            _say(self.STAGES[stage])
        elif stage == "done" and self.stage not in ("", "check"):
            _say("cli.progress_ready")
        self.stage = stage


def _prepare(settings: Settings, *, quick: bool = False):
    """The knowledge base and the search index, built when missing or stale, saying so on stderr.

    ``quick``: a one-shot question checks only what answering reads (see ``build_index``)."""
    from vectorstore.index import build_index

    kb = _load_kb(settings)
    build_index(kb, settings, progress=_IndexProgress(), quick=quick)
    return kb


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_all

    settings = _settings(args)
    if args.force or _kb_stale(settings):
        _say("cli.progress_kb", corpus=settings.corpus_dir)
    # One hold of the build lock over KB and index: a concurrent second ingest refuses at once.
    summary, report = ingest_all(settings, force=args.force, index=not args.no_index, progress=_IndexProgress())
    for line in summary.lines():
        print(line, flush=True)
    if report is None:
        return EXIT_OK
    for artefact in report.repaired:
        print(f"Repaired a damaged index artefact: {artefact}")
    if args.force:
        print("--force: knowledge base and search index rebuilt from scratch under the build lock.")
    if report.status == "up-to-date":
        print(f"Search index up to date ({report.seconds:.2f} s).")
    else:
        print(f"Search index: {report.n_chunks} chunks ({report.n_embedded} embedded, {report.n_cached} from cache, "
              f"{report.n_lexical_only} searched by words only) in {report.seconds:.1f} s")
    return EXIT_OK


# -- tables ----------------------------------------------------------------------------------------
def _resolve_agency(gaz, value: str | None) -> list[str] | None:
    if not value:
        return None
    ids = [value] if value in gaz else gaz.resolve_query(value)
    if not ids:
        near = ", ".join(gaz.closest(value))
        raise NQ57Error(f"unknown agency {value!r}" + (f"; closest: {near}" if near else "")
                        + ". Use an abbreviation (MOH, MOST) or a name (Bộ Y tế, Ministry of Health).")
    return ids


def cmd_tasks(args: argparse.Namespace) -> int:
    from assistant.taskquery import filter_tasks
    from ingest.gazetteer import Gazetteer

    settings = _settings(args)
    kb = _load_kb(settings)
    gaz = Gazetteer.load()
    lead = _resolve_agency(gaz, args.lead)
    current = None
    if lead and args.as_of:
        from assistant.answer_successors import expand_for_as_of

        lead, current = expand_for_as_of(lead, args.as_of, gaz)
    tasks = filter_tasks(
        kb.tasks,
        lead=lead,
        coordinating=_resolve_agency(gaz, args.coordinating),
        either=_resolve_agency(gaz, args.agency),
        due_before=args.due_before,
        due_after=args.due_after,
        group=args.group,
        text=args.text,
        ongoing=True if args.ongoing else None,
    )
    from assistant.answer_links import link_table

    links = link_table(kb)
    if args.implements:
        # The same rows as the chat's "which tasks carry out 57-NQ/TW III.4?" (LinkTable.tasks_for).
        wanted = set(links.tasks_for(args.implements))
        tasks = [t for t in tasks if t.no in wanted]
    task_links = [links.task_item(t.no) for t in tasks]
    as_of_bodies = None
    if args.as_of:
        from assistant.answer_successors import current_bodies

        as_of_bodies = [list(current_bodies(t.lead, args.as_of)) for t in tasks]
    if args.format == "json":
        rows = [t.to_dict() for t in tasks]
        for r, bodies in zip(rows, as_of_bodies or [], strict=False):
            r["lead_as_of"] = bodies
            r["as_of"] = args.as_of.isoformat()
        for r, lk in zip(rows, task_links, strict=True):
            r["carries_out_57"] = lk.to_ref if lk else None
            r["link"] = lk.to_dict() if lk else None  # kind and evidence of the link the column shows
        _print_json(rows)
    else:
        rows = cli_format.task_rows(tasks, gaz, as_of_bodies)
        for r, lk in zip(rows, task_links, strict=True):
            r["carries_out_57"] = lk.to_ref if lk else ""
            r["link_kind"] = lk.kind if lk else ""
            r["link_evidence"] = json.dumps(lk.to_dict()["evidence"], ensure_ascii=False) if lk else ""
        _emit(rows, args.format, kind="task")
    if current and args.format == "table":
        print(current, file=sys.stderr)
    return EXIT_OK


def cmd_indicators(args: argparse.Namespace) -> int:
    from assistant.taskquery import filter_indicators
    from ingest.gazetteer import Gazetteer

    kb = _load_kb(_settings(args))
    gaz = Gazetteer.load()
    inds = filter_indicators(kb.indicators, monitor=_resolve_agency(gaz, args.monitor), horizon=args.horizon,
                             text=args.text)
    from assistant.answer_links import link_table

    links = link_table(kb)
    measured = [links.targets(f"03/NQ-CP:{i.clause_id}", "measures") for i in inds]
    if args.format == "json":
        rows = [i.to_dict() for i in inds]
        for r, found in zip(rows, measured, strict=True):
            r["measures_57"] = found[0].to_ref if found else None  # the 57-NQ/TW goal this indicator quantifies
            r["link"] = found[0].to_dict() if found else None
        _print_json(rows)
    else:
        rows = cli_format.indicator_rows(inds, gaz)
        for r, found in zip(rows, measured, strict=True):
            r["measures_57"] = found[0].to_ref if found else ""
        _emit(rows, args.format, kind="indicator")
    return EXIT_OK


def _kb_stale(settings: Settings) -> bool:
    from ingest.pipeline import current_hash
    from ingest.store import read_meta

    meta = read_meta(settings.kb_dir)
    return not meta or meta.get("corpus_hash") != current_hash(settings)


def _load_kb(settings: Settings):
    from ingest.pipeline import load_or_build

    if _kb_stale(settings):
        _say("cli.progress_kb", corpus=settings.corpus_dir)
    return load_or_build(settings)


def _print_json(rows: object) -> None:
    print(json.dumps(rows, ensure_ascii=False, indent=1))


def _emit(rows: list[dict[str, Any]], fmt: str, kind: str) -> None:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else cli_format.empty_columns(kind), extrasaction="ignore")
        w.writeheader()
        w.writerows({k: cli_format.csv_safe(v) for k, v in r.items()} for r in rows)
        # The BOM tells spreadsheet programs the file is UTF-8 (Vietnamese reads right in Excel).
        sys.stdout.write("\ufeff" + buf.getvalue())
        return
    for r in rows:
        if kind == "task":
            extra = f" (now: {r['lead_as_of']})" if r.get("lead_as_of") else ""
            link = f"  57-NQ/TW {r['carries_out_57'].split(':', 1)[1]}" if r.get("carries_out_57") else ""
            print(f"{r['no']:>3}  [{r['group']}]{link}  lead: {r['lead']}{extra}  due: {r['deadline_en'] or '-'}  "
                  f"{(r['name_en'] or r['name_vi'])[:90]}")
        else:
            print(f"{r['id']:>5}  {r['horizon']}  {r['target_raw'] or '-':<12} {r['monitor']:<12} "
                  f"{(r['name_en'] or r['name_vi'])[:80]}")
    print(f"{len(rows)} row(s)")


# -- answers ---------------------------------------------------------------------------------------
def _assistant(args: argparse.Namespace):
    from assistant.core import Assistant

    settings = _settings(args)
    kb = _prepare(settings, quick=True)
    _say("cli.progress_loading")
    return Assistant.load(settings, build=False, llm=True if getattr(args, "llm", False) else None, kb=kb)


def _exit_for(answer, fail_on_refusal: bool) -> int:
    if answer.route == "error":
        return EXIT_ERROR
    if fail_on_refusal and answer.refused:
        return EXIT_REFUSED
    return EXIT_OK


@contextlib.contextmanager
def _open_batch(path: str) -> Iterator[BinaryIO]:
    """The batch file in binary ('-' is standard input): lines are decoded one by one, so one bad line
    is that line's error only."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise NQ57Error(text("cli.batch_unreadable", LANG, path=path, reason=exc.strerror or exc)) from None
    with fh:
        yield fh


def _emit_line(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def run_batch(assistant, source: BinaryIO, *, as_of: date | None = None, fail_on_refusal: bool = False) -> int:
    """Answer every line of ``source``; each line succeeds or fails on its own (see ``EPILOG``)."""
    from assistant.inputs import BatchError, read_batch

    lines = answered = refused = errors = 0
    for item in read_batch(source, lang=LANG):
        lines += 1
        if isinstance(item, BatchError):
            errors += 1
            _emit_line(item.to_dict())
            continue
        try:
            ans = assistant.ask(item.question, item.history, as_of=item.as_of or as_of)
        except NQ57Error as exc:
            errors += 1
            _emit_line({"line": item.line, "error": str(exc)})
            continue
        except Exception as exc:  # a bug on one line must not lose the lines after it
            log.exception("batch line %d failed", item.line)
            errors += 1
            _emit_line({"line": item.line, "error": text("cli.batch_internal", LANG,
                                                         reason=f"{type(exc).__name__}: {str(exc)[:200]}")})
            continue
        if ans.route == "error":  # the assistant caught its own failure: an error for scripts, too
            errors += 1
            _emit_line({"line": item.line, "error": ans.answer})
            continue
        answered += 1
        refused += bool(ans.refused)
        _emit_line({"line": item.line, **ans.to_dict()})
    if not lines:
        _say("cli.batch_empty")
    _say("cli.batch_summary", lines=lines, answered=answered, refused=refused, errors=errors)
    if errors:
        return EXIT_ERROR
    return EXIT_REFUSED if fail_on_refusal and refused else EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    if args.batch and args.question:
        print(text("cli.ask_both", LANG), file=sys.stderr)
        return EXIT_USAGE
    if args.batch:
        with _open_batch(args.batch) as source:  # a missing file fails before the index is loaded
            return run_batch(_assistant(args), source, as_of=args.as_of, fail_on_refusal=args.fail_on_refusal)
    if not args.question:
        print(text("cli.ask_usage", LANG), file=sys.stderr)
        return EXIT_USAGE
    from assistant.inputs import clean_question

    question = clean_question(" ".join(args.question))  # argv may carry lone surrogates (undecodable bytes)
    ans = _assistant(args).ask(question, as_of=args.as_of)
    if args.json:
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(cli_format.plain_terminal(ans.answer))
        if ans.citations:
            print("\n" + text("cli.sources", ans.language))
            for c in ans.citations:
                print(f"  - {c.label} ({c.doc_id}:{c.clause_id})")
    return _exit_for(ans, args.fail_on_refusal)


def cmd_chat(args: argparse.Namespace) -> int:
    a = _assistant(args)
    history: list[str] = []
    print(text("cli.chat_intro", LANG))
    while True:
        try:
            q = input("> ")
        except EOFError:
            break
        if not q.strip():
            break
        ans = a.ask(q, history, as_of=args.as_of)
        print(cli_format.plain_terminal(ans.answer))
        for c in ans.citations[:8]:
            print(f"  [{c.label}]")
        history.append(q)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.ui.serve import serve

    settings = _settings(args)
    _prepare(settings)  # the first run builds for minutes: say so before the server starts
    serve(settings, host=args.host, port=args.port, root_path=args.root_path, llm=args.llm)
    return EXIT_OK


def cmd_eval(argv: list[str]) -> int:
    from evals.runner import main as eval_main

    return eval_main(argv)


def cmd_bench(argv: list[str]) -> int:
    from vectorstore.bench import main as bench_main

    return bench_main(argv)


# -- the parser ------------------------------------------------------------------------------------
def _sub(sub, name: str, help_: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    s = sub.add_parser(name, help=help_, description=help_, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    s.set_defaults(func=func)
    return s


def _as_of(s: argparse.ArgumentParser, what: str) -> None:
    s.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help=f"the date 'today' means (default: NQ57_AS_OF or today); {what}")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser and each subcommand's parser (to print a subcommand's own usage)."""
    p = argparse.ArgumentParser(prog="nq57", description=__doc__, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"nq57 {_version()}", help="print the version and exit")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    subs: dict[str, argparse.ArgumentParser] = {}

    s = subs["ingest"] = _sub(sub, "ingest", "parse the corpus and build the search index", cmd_ingest)
    s.add_argument("--force", action="store_true", help="rebuild the knowledge base even if the corpus is unchanged")
    s.add_argument("--no-index", action="store_true", help="only write the knowledge-base artefacts, not the index")

    s = subs["tasks"] = _sub(sub, "tasks", "filter and export the Appendix II task table", cmd_tasks)
    agency = "an abbreviation (MOH), a name in either language, with or without diacritics"
    s.add_argument("--lead", metavar="AGENCY", help=f"tasks this agency leads: {agency}")
    s.add_argument("--coordinating", metavar="AGENCY", help="tasks this agency coordinates")
    s.add_argument("--agency", metavar="AGENCY", help="tasks this agency leads or coordinates")
    s.add_argument("--due-before", type=_date, metavar="YYYY-MM-DD", help="deadline on or before this date")
    s.add_argument("--due-after", type=_date, metavar="YYYY-MM-DD", help="deadline on or after this date")
    s.add_argument("--group", metavar="ROMAN", help="task group I..VII of Appendix II")
    s.add_argument("--implements", metavar="III.4", help="tasks carrying out this 57-NQ/TW section III item")
    s.add_argument("--text", metavar="WORDS", help="words in the task's name or output (either language)")
    s.add_argument("--ongoing", action="store_true", help="only tasks with an ongoing ('thường xuyên') deadline")
    _as_of(s, "adds the body responsible on that date after the 2025 ministry mergers")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (terminal), json, or csv (UTF-8 with BOM; EN and VI deadline and agency-name "
                        "columns)")

    s = subs["indicators"] = _sub(sub, "indicators", "filter and export the Appendix I indicator table",
                                  cmd_indicators)
    s.add_argument("--monitor", metavar="AGENCY", help="indicators this agency monitors")
    s.add_argument("--horizon", type=int, choices=[2030, 2045], help="target year")
    s.add_argument("--text", metavar="WORDS", help="words in the indicator's name (either language)")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (terminal), json, or csv (UTF-8 with BOM; agency names beside codes)")

    s = subs["ask"] = _sub(sub, "ask", "answer one question, or a batch of questions (one per line)", cmd_ask)
    s.add_argument("question", nargs="*", help="the question (quote it, or give it as several words)")
    s.add_argument("--json", action="store_true", help="print the whole answer as JSON (citations, tasks, route)")
    s.add_argument("--batch", metavar="FILE",
                   help="answer every line of FILE ('-' = standard input): a plain question, or a JSON object "
                        '{"question": ..., "history": [...], "as_of": "YYYY-MM-DD"}; prints one JSON object '
                        'per line, {"line": n, "error": ...} for a line that cannot be read')
    s.add_argument("--fail-on-refusal", action="store_true",
                   help="exit 3 when the answer is a refusal (in a batch: when any line was refused)")
    _as_of(s, "used for 'overdue', 'next month' and successor bodies")
    s.add_argument("--llm", action="store_true", help="let the configured language model phrase the answer")

    s = subs["chat"] = _sub(sub, "chat", "terminal conversation (follow-up questions work)", cmd_chat)
    _as_of(s, "used for 'overdue', 'next month' and successor bodies")
    s.add_argument("--llm", action="store_true", help="let the configured language model phrase the answers")

    s = subs["serve"] = _sub(sub, "serve", "start the Gradio chat, task table and indicator explorers", cmd_serve)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=7860, help="port to listen on (default 7860)")
    s.add_argument("--root-path", default="", metavar="PATH", help="URL path prefix when behind a reverse proxy")
    _as_of(s, "used for 'overdue', 'next month' and successor bodies")
    s.add_argument("--llm", action="store_true", help="let the configured language model phrase the answers")

    sub.add_parser("eval", help="run the regression evals (see nq57 eval --help)", add_help=False)
    sub.add_parser("bench", help="retrieval benchmark (see nq57 bench --help)", add_help=False)
    return p, subs


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser, subs = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the subcommand's own usage, not the top-level one
        subs[args.cmd].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_output()
    if argv and argv[0] == "eval":
        return _guarded(lambda: cmd_eval(argv[1:]))
    if argv and argv[0] == "bench":
        return _guarded(lambda: cmd_bench(argv[1:]))
    args = parse_args(argv)
    return _guarded(lambda: args.func(args))


def _utf8_output() -> None:
    """Answers are UTF-8 whatever the locale; a character that cannot be written (a lone surrogate
    from a corpus or a question) becomes '?' instead of ending the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _guarded(fn: Callable[[], int | None]) -> int:
    try:
        return int(fn() or 0)
    except NQ57Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
