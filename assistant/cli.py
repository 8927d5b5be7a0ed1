"""`nq57`: ingest, tasks, indicators, ask, chat, serve, eval, bench."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date

from ingest.errors import NQ57Error
from ingest.settings import Settings


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


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_all

    settings = _settings(args)
    # One hold of the build lock over KB and index: a concurrent second ingest refuses at once.
    summary, report = ingest_all(settings, force=args.force, index=not args.no_index)
    for line in summary.lines():
        print(line)
    if report is None:
        return 0
    for artefact in report.repaired:
        print(f"Repaired a damaged index artefact: {artefact}")
    if args.force:
        print("--force: knowledge base and search index rebuilt from scratch under the build lock.")
    if report.status == "up-to-date":
        print(f"Search index up to date ({report.seconds:.2f} s).")
    else:
        print(f"Search index: {report.n_chunks} chunks ({report.n_embedded} embedded, {report.n_cached} from cache) "
              f"in {report.seconds:.1f} s")
    return 0


def _load_kb(settings: Settings):
    from ingest.pipeline import load_or_build

    return load_or_build(settings)


def _resolve_agency(gaz, text: str | None) -> list[str] | None:
    if not text:
        return None
    ids = [text] if text in gaz else gaz.resolve_query(text)
    if not ids:
        near = ", ".join(gaz.closest(text))
        raise NQ57Error(f"unknown agency {text!r}" + (f"; closest: {near}" if near else ""))
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
    rows = [t.to_dict() for t in tasks]
    if args.as_of:
        from assistant.answer_successors import current_bodies

        for r, t in zip(rows, tasks, strict=True):
            r["lead_as_of"] = current_bodies(t.lead, args.as_of)
            r["as_of"] = args.as_of.isoformat()
    _emit(rows, args.format, gaz, kind="task")
    if current and args.format == "table":
        print(current, file=sys.stderr)
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from assistant.taskquery import filter_indicators
    from ingest.gazetteer import Gazetteer

    kb = _load_kb(_settings(args))
    gaz = Gazetteer.load()
    inds = filter_indicators(kb.indicators, monitor=_resolve_agency(gaz, args.monitor), horizon=args.horizon,
                             text=args.text)
    _emit([i.to_dict() for i in inds], args.format, gaz, kind="indicator")
    return 0


def _emit(rows: list[dict], fmt: str, gaz, kind: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if kind == "task":
        cols = ["no", "group", "name_vi", "name_en", "lead", "coordinating", "output_vi", "output_en", "deadline_raw",
                "deadline_kind", "due", "clause_id"]
        if rows and "lead_as_of" in rows[0]:
            cols.insert(5, "lead_as_of")
        flat = []
        for r in rows:
            d = dict(r)
            d["deadline_raw"], d["deadline_kind"], d["due"] = r["deadline"]["raw"], r["deadline"]["kind"], r["deadline"]["due"]
            for k in ("lead", "coordinating", "lead_as_of"):
                if k in d:
                    d[k] = "; ".join(d[k])
            flat.append(d)
    else:
        cols = ["id", "horizon", "name_vi", "name_en", "unit_vi", "target_raw", "comparator", "value", "monitor",
                "clause_id"]
        flat = [{**r, "monitor": "; ".join(r["monitor"])} for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(flat)
        sys.stdout.write(buf.getvalue())
        return
    for r in flat:
        if kind == "task":
            extra = f" (now: {r['lead_as_of']})" if r.get("lead_as_of") else ""
            print(f"{r['no']:>3}  [{r['group']}]  lead: {r['lead']}{extra}  due: {r['deadline_raw'] or '-'}  "
                  f"{(r['name_en'] or r['name_vi'])[:90]}")
        else:
            print(f"{r['id']:>5}  {r['horizon']}  {r['target_raw'] or '-':<12} {r['monitor']:<12} "
                  f"{(r['name_en'] or r['name_vi'])[:80]}")
    print(f"{len(flat)} row(s)")


def _assistant(args: argparse.Namespace):
    from assistant.core import Assistant

    return Assistant.load(_settings(args), llm=True if getattr(args, "llm", False) else None)


def cmd_ask(args: argparse.Namespace) -> int:
    a = _assistant(args)
    if args.batch:
        with open(args.batch, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    # A plain line is a question; a JSON object line may also carry history.
                    if not line.lstrip().startswith("{"):
                        q, hist = line.strip(), []
                    else:
                        item = json.loads(line)
                        q, hist = item["question"], item.get("history") or []
                except (ValueError, KeyError, TypeError) as exc:
                    print(json.dumps({"line": n, "error": f"bad input line: {exc}"}), flush=True)
                    continue
                print(json.dumps(a.ask(q, hist, as_of=args.as_of).to_dict(), ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        print("Give a question, e.g. nq57 ask \"Which tasks does MOH lead?\"", file=sys.stderr)
        return 2
    ans = a.ask(" ".join(args.question), as_of=args.as_of)
    if args.json:
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(ans.answer)
        if ans.citations:
            print("\nSources:" if ans.language == "en" else "\nNguồn:")
            for c in ans.citations:
                print(f"  - {c.label} ({c.doc_id}:{c.clause_id})")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    a = _assistant(args)
    history: list[str] = []
    print("NQ57 assistant. Ask about 57-NQ/TW or 03/NQ-CP; empty line or Ctrl-D to quit.")
    while True:
        try:
            q = input("> ")
        except EOFError:
            break
        if not q.strip():
            break
        ans = a.ask(q, history, as_of=args.as_of)
        print(ans.answer)
        for c in ans.citations[:8]:
            print(f"  [{c.label}]")
        history.append(q)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.ui.serve import serve

    serve(_settings(args), host=args.host, port=args.port, root_path=args.root_path, llm=args.llm)
    return 0


def cmd_eval(argv: list[str]) -> int:
    from evals.runner import main as eval_main

    return eval_main(argv)


def cmd_bench(argv: list[str]) -> int:
    from vectorstore.bench import main as bench_main

    return bench_main(argv)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nq57", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("ingest", help="parse the corpus and build the search index")
    s.add_argument("--force", action="store_true", help="rebuild even if the corpus is unchanged")
    s.add_argument("--no-index", action="store_true", help="only write the knowledge-base artefacts")
    s.set_defaults(func=cmd_ingest)
    s = sub.add_parser("tasks", help="filter and export the Appendix II task table")
    s.add_argument("--lead")
    s.add_argument("--coordinating")
    s.add_argument("--agency", help="lead or coordinating")
    s.add_argument("--due-before", type=_date)
    s.add_argument("--due-after", type=_date)
    s.add_argument("--group")
    s.add_argument("--text")
    s.add_argument("--ongoing", action="store_true")
    s.add_argument("--as-of", type=_date, help="add today's responsible body (after the 2025 mergers)")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.set_defaults(func=cmd_tasks)
    s = sub.add_parser("indicators", help="filter and export the Appendix I indicator table")
    s.add_argument("--monitor")
    s.add_argument("--horizon", type=int, choices=[2030, 2045])
    s.add_argument("--text")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.set_defaults(func=cmd_indicators)
    s = sub.add_parser("ask", help="answer one question (or a JSONL batch)")
    s.add_argument("question", nargs="*")
    s.add_argument("--json", action="store_true")
    s.add_argument("--batch")
    s.add_argument("--as-of", type=_date)
    s.add_argument("--llm", action="store_true", help="let the configured language model phrase the answer")
    s.set_defaults(func=cmd_ask)
    s = sub.add_parser("chat", help="terminal conversation")
    s.add_argument("--as-of", type=_date)
    s.add_argument("--llm", action="store_true")
    s.set_defaults(func=cmd_chat)
    s = sub.add_parser("serve", help="start the Gradio chat")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7860)
    s.add_argument("--root-path", default="")
    s.add_argument("--as-of", type=_date)
    s.add_argument("--llm", action="store_true")
    s.set_defaults(func=cmd_serve)
    sub.add_parser("eval", help="run the regression evals (see nq57 eval --help)", add_help=False)
    sub.add_parser("bench", help="retrieval benchmark (see nq57 bench --help)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "eval":
        return _guarded(lambda: cmd_eval(argv[1:]))
    if argv and argv[0] == "bench":
        return _guarded(lambda: cmd_bench(argv[1:]))
    args = build_parser().parse_args(argv)
    return _guarded(lambda: args.func(args))


def _guarded(fn) -> int:
    try:
        return int(fn() or 0)
    except NQ57Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
