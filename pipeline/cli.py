"""The `vanban` command: a thin layer over the library (ingest, extract, eval, serve)."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.record import Record
from pipeline.ingest import Outcome, ingest_paths, read_file
from pipeline.limits import MB, Limits
from pipeline.process import process_bytes

DEFAULT_DB = "data/vanban.db"
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="VANBAN_DB",
                         default=DEFAULT_DB, show_default=True,
                         help="SQLite database file (environment variable VANBAN_DB).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanban")
def cli() -> None:
    """vanban: read Vietnamese official documents (DOCX, PDF, TXT) into a database of
    metadata, tasks, responsible units and deadlines, published with Datasette.

    \b
    Example:
        vanban ingest corpus/ && vanban serve
    """


def limit_options(command):
    """--jobs and the limits on one file, shared by ingest and watch; each has an environment variable."""
    options = (
        (("--jobs", "-j"), "VANBAN_JOBS", click.IntRange(min=1), 1, "Files read in parallel (worker processes)."),
        ("--max-size", "VANBAN_MAX_SIZE", click.FloatRange(min=0), Limits.max_bytes / MB,
         "Largest file read, in MB; a larger one is set aside unread."),
        ("--max-pages", "VANBAN_MAX_PAGES", click.IntRange(min=1), Limits.max_pages,
         "Most pages in a file; a PDF with more is set aside unread."),
        ("--max-unzipped", "VANBAN_MAX_UNZIPPED", click.FloatRange(min=0), Limits.max_unzipped_bytes / MB,
         "Most MB a DOCX or ODT may expand to; a zip bomb is set aside unopened."),
        ("--max-seconds", "VANBAN_MAX_SECONDS", click.FloatRange(min=0.1), Limits.max_seconds,
         "Seconds one file may take; its worker is then stopped and the file set aside."),
    )
    for flags, envvar, kind, default, help_text in reversed(options):
        flags = flags if isinstance(flags, tuple) else (flags,)
        command = click.option(*flags, type=kind, default=default, envvar=envvar, show_default=True,
                               help=f"{help_text} (environment variable {envvar})")(command)
    return command


def _limits(max_size: float, max_pages: int, max_unzipped: float, max_seconds: float) -> Limits:
    return Limits(max_bytes=int(max_size * MB), max_pages=max_pages, max_unzipped_bytes=int(max_unzipped * MB),
                  max_seconds=max_seconds)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@limit_options
def ingest(paths: tuple[str, ...], db_path: str, jobs: int, max_size: float, max_pages: int,
           max_unzipped: float, max_seconds: float) -> None:
    """Read files and folders (recursively) into the database.

    Files already stored (same bytes) are skipped; a file that cannot be read, or is over a
    limit, is logged with its reason in the ingest_log table and the others go on.

    \b
    Example:
        vanban ingest corpus/ inbox/cv-123.pdf --db data/vanban.db --jobs 2
    """
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Ingesting", total=None)

        def progress(outcome: Outcome, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=Path(outcome.path).name[:40])

        summary = ingest_paths(paths, db_path, jobs=jobs, progress=progress,
                               limits=_limits(max_size, max_pages, max_unzipped, max_seconds))
    click.echo(f"{summary.ingested} ingested, {summary.duplicates} already stored, "
               f"{len(summary.failed)} failed, into {db_path}")
    for path, reason in summary.failed:
        click.echo(f"  failed: {path}: {reason}")


def extract_file(path: Path) -> Record:
    """The record of one file; a file that cannot be read gives a record with `error`."""
    data, reason = read_file(path)
    if data is None:
        return Record(source=path.name, error=reason)
    return process_bytes(data, path.name).record


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file per line (see SCHEMA.md).")
def extract(files: tuple[Path, ...], as_json: bool) -> None:
    """Print what vanban reads from each file, without storing anything.

    A file that cannot be read gives a record with "error"; the exit status stays 0.

    \b
    Example:
        vanban extract kh104.docx cv2496.pdf --json > records.jsonl
    """
    for path in files:
        record = extract_file(path)
        if as_json:
            click.echo(json.dumps(record.to_contract(), ensure_ascii=False))
        else:
            _print_record(record.to_contract())


def _print_record(record: dict) -> None:
    console = Console()
    console.rule(f"[bold]{record['source']}")
    if record.get("error"):
        console.print(f"[red]error:[/red] {record['error']}")
        return
    for name, value in (record["document"] or {}).items():
        console.print(f"  {name:13} {value if value is not None else '-'}")
    console.print(f"  {len(record['tasks'])} task(s)")
    for number, task in enumerate(record["tasks"], 1):
        console.print(f"  {number:3}. {task['text']}", markup=False, highlight=False)
        console.print(f"       lead: {'; '.join(task['lead']) or '-'}  support: {'; '.join(task['support']) or '-'}",
                      markup=False, highlight=False)
        if task["deadline"]:
            d = task["deadline"]
            console.print(f"       deadline: {d['text']} ({d['start']} .. {d['end']}"
                          f"{', ' + d['recurrence'] if d['recurrence'] else ''})", markup=False, highlight=False)


def gold_pairs(gold_dir: Path) -> list[tuple[Path, Path]]:
    """(document, NAME.gold.json) pairs: the document is the file beside its gold with the same stem."""
    pairs = []
    for gold in sorted(gold_dir.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        documents = [p for p in sorted(gold_dir.glob(f"{stem}.*"))
                     if p.suffix != ".json" and p.stem == stem and p.is_file()]
        if documents:
            pairs.append((documents[0], gold))
    return pairs


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
def eval_command(gold_dir: Path, as_json: bool) -> None:
    """Score extraction against hand-made answers (NAME.gold.json beside each document).

    \b
    Example:
        vanban eval corpus/ --json > scores.json
    """
    from extract.scoring import score_document, summarise

    pairs = gold_pairs(gold_dir)
    if not pairs:
        raise click.ClickException(f"No document with a NAME.gold.json beside it in {gold_dir}.")
    scores = []
    for document, gold_file in pairs:
        try:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{gold_file} is not a readable JSON file: {exc}")
        scores.append(score_document(extract_file(document).to_contract(), gold))
    summary = summarise(scores)
    if as_json:
        click.echo(json.dumps({"documents": [_score_row(s) for s in scores], "summary": summary},
                              ensure_ascii=False, indent=2))
    else:
        _print_scores(scores, summary)


def _score_row(score) -> dict:
    return {"source": score.source, "gold": score.gold, "predicted": score.predicted, "matched": score.matched,
            "lead_ok": score.lead_ok, "support_ok": score.support_ok, "deadline_ok": score.deadline_ok,
            "fields": score.fields}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _print_scores(scores: list, summary: dict) -> None:
    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title="Per document")
    table.add_column("document", no_wrap=True)
    for column in ("gold", "pred", "matched", "lead ok", "support ok", "deadline ok", "fields ok"):
        table.add_column(column, justify="right")
    for s in scores:
        table.add_row(s.source, str(s.gold), str(s.predicted), str(s.matched), str(s.lead_ok),
                      str(s.support_ok), str(s.deadline_ok), f"{sum(s.fields.values())}/{len(s.fields)}")
    console.print(table)
    tasks = summary["tasks"]
    totals = Table(title=f"Totals over {summary['documents']} documents", show_header=False)
    totals.add_row("tasks gold / predicted / matched", f"{tasks['gold']} / {tasks['predicted']} / {tasks['matched']}")
    totals.add_row("task precision / recall / F1",
                   f"{_pct(tasks['precision'])} / {_pct(tasks['recall'])} / {_pct(tasks['f1'])}")
    for name in ("lead", "support", "deadline"):
        totals.add_row(f"{name} accuracy (matched tasks)", _pct(summary[name]))
    for name, value in summary["fields"].items():
        totals.add_row(f"field {name}", _pct(value))
    console.print(totals)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option("--public", is_flag=True,
              help="For a server others reach: no SQL typed by visitors, no writes, no dashboards, no download "
                   "of the database file, shorter time and row limits; tables, views, canned queries and feeds stay.")
def serve(db_path: str, host: str, port: int, public: bool) -> None:
    """Publish the database with Datasette (browse, facet, search, JSON API).

    \b
    Example:
        vanban serve --db data/vanban.db --port 8001
        curl -s 'http://127.0.0.1:8001/vanban/tasks.json?_shape=array'
        vanban serve --db data/vanban.db --public --host 0.0.0.0
    """
    from pipeline.publish import serve as run_server

    mode = " (public: canned queries only)" if public else ""
    click.echo(f"Serving {db_path} on http://{host}:{port}/{mode}", err=True)
    run_server(db_path, host=host, port=port, public=public)


def _folders(db_path: str, inbox: str | None, archive: str | None, failed: str | None):
    from pipeline.inbox import Folders

    return Folders.beside(db_path, inbox, archive, failed)


def folder_options(command):
    """--archive and --failed, shared by the inbox commands."""
    for name, envvar, help_text in (
            ("failed", "VANBAN_FAILED", "Where files that could not be read are set aside."),
            ("archive", "VANBAN_ARCHIVE", "Where files are moved once stored.")):
        command = click.option(f"--{name}", type=click.Path(file_okay=False), envvar=envvar,
                               help=f"{help_text} Default: {name}/ next to the database "
                                    f"(environment variable {envvar}).")(command)
    return command


inbox_argument = click.argument("inbox", required=False, type=click.Path(file_okay=False), envvar="VANBAN_INBOX")


@cli.command()
@inbox_argument
@db_option
@folder_options
@click.option("--once", is_flag=True, help="Take what is in the inbox, then exit.")
@click.option("--settle", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Seconds a file's size and time must stay unchanged before it is taken.")
@limit_options
@click.option("--force-polling", is_flag=True, help="Poll the folder instead of file events (network shares).")
@click.option("--rescan", type=click.FloatRange(min=0.1), default=60, show_default=True,
              help="Seconds between full rescans of the inbox, for events a share never sends.")
def watch(inbox: str | None, db_path: str, archive: str | None, failed: str | None, once: bool, settle: float,
          jobs: int, max_size: float, max_pages: int, max_unzipped: float, max_seconds: float,
          force_polling: bool, rescan: float) -> None:
    """Serve an inbox folder: each file dropped in it is stored, then moved to the archive,
    or to the failed folder beside a NAME.error.txt saying why. Ctrl-C stops. One watcher
    serves an inbox at a time; a second one exits with a message.

    The inbox defaults to inbox/ next to the database (environment variable VANBAN_INBOX).

    \b
    Example:
        vanban watch inbox/ --db data/vanban.db --once
    """
    import logging

    from pipeline.inbox import InboxBusy, watch as serve_inbox

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    folders = _folders(db_path, inbox, archive, failed)

    def report(outcome: Outcome) -> None:
        click.echo(f"{outcome.status}: {outcome.path}" + (f": {outcome.reason}" if outcome.reason else ""))

    stop = threading.Event()

    def interrupt(signum: int, frame) -> None:
        """A service manager's stop is a Ctrl-C. Should the interrupt land in a finalizer, which
        Python runs with exceptions ignored, the stop event still ends the watch loop."""
        stop.set()
        raise KeyboardInterrupt

    if not once:
        signal.signal(signal.SIGTERM, interrupt)
        click.echo(f"Watching {folders.inbox} (Ctrl-C stops)", err=True)
    try:
        serve_inbox(folders, db_path, once=once, settle=settle, jobs=jobs,
                    limits=_limits(max_size, max_pages, max_unzipped, max_seconds),
                    force_polling=force_polling, rescan=rescan, report=report, stop=stop)
    except InboxBusy as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        stop.set()
    if stop.is_set():
        click.echo("Stopped.", err=True)


@cli.command()
@inbox_argument
@db_option
@folder_options
@click.option("--last", type=click.IntRange(min=0), default=10, show_default=True, help="Ingest log lines shown.")
def status(inbox: str | None, db_path: str, archive: str | None, failed: str | None, last: int) -> None:
    """Show what waits in the inbox, what is being read, what failed and why, and the last ingests.

    \b
    Example:
        vanban status --db data/vanban.db
    """
    from pipeline.inbox import status as inbox_status

    state = inbox_status(_folders(db_path, inbox, archive, failed), db_path, last=last)
    click.echo(f"waiting: {len(state.waiting)}")
    for name in state.waiting:
        click.echo(f"  {name}")
    click.echo(f"processing: {len(state.processing)}")
    for name in state.processing:
        click.echo(f"  {name}")
    click.echo(f"failed: {len(state.failed)}")
    for name, reason in state.failed:
        click.echo(f"  {name}: {reason}")
    click.echo("last ingests:")
    for row in state.recent:
        click.echo(f"  {row['at']}  {row['status']:9}  {row['path']}" + (f": {row['reason']}" if row["reason"] else ""))


@cli.command()
@inbox_argument
@db_option
@folder_options
def retry(inbox: str | None, db_path: str, archive: str | None, failed: str | None) -> None:
    """Move every failed file back into the inbox, to be read again (after a fix or an upgrade).

    \b
    Example:
        vanban retry --db data/vanban.db
    """
    from pipeline.inbox import retry as retry_failed

    folders = _folders(db_path, inbox, archive, failed)
    moved = retry_failed(folders)
    click.echo(f"{len(moved)} file(s) moved back to {folders.inbox}")


if __name__ == "__main__":
    cli()
