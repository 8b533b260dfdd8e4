"""The claimbase command line: thin over the library, one library call per command."""
from __future__ import annotations

import gc
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

import click
import sqlite_utils

from claimbase.storage import build as building
from claimbase.reports import evaluate as evaluation
from claimbase.reports import leaderboard
from claimbase.reports import export as exporting
from claimbase.errors import DatabaseFailure, InputError, WorkerFailed
from claimbase.engines.resources import DEFAULT_DB, DEFAULT_SEEDS

db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=DEFAULT_DB, show_default=True,
                         help="SQLite database file (or name it first: claimbase stats mine.db)")


@click.group()
@click.version_option()
def cli():
    """claimbase: the results ML paper abstracts claim, as a normalized SQLite knowledge base."""


def _freeze_what_is_loaded() -> None:
    """What is loaded by now (spaCy, pydantic, the modules) lives as long as this process:
    frozen, the garbage collector stops walking it at every full collection of a long ingest,
    and forked extraction workers share its memory pages instead of copying those the
    collector would write to."""
    gc.freeze()


def _stop_on_terminate_as_on_interrupt() -> None:
    """SIGTERM (`kill`, a job scheduler, a container stopping) ends a build or an add the way
    Ctrl-C does: the transaction is rolled back, the extraction workers are stopped, a first
    database written aside is removed, and the run ends with "Aborted!" instead of dying
    with its workers left to fail on a broken pipe."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class _Progress:
    """A progress bar (tqdm) on a terminal; nothing otherwise, or under --quiet."""

    def __init__(self, quiet: bool, what: str):
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(desc=what, unit=" listings", file=sys.stderr, dynamic_ncols=True)

    def __call__(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _summary(verb: str, db_path, result, seconds: float) -> str:
    """What this run did (not what the database holds: `claimbase stats` says that)."""
    skipped = f", {len(result.skipped)} skipped without an abstract" if result.skipped else ""
    learned = (f"; {result.revisited} papers read again with the {result.learned} benchmark names the knowledge "
               f"base learned" if getattr(result, "revisited", 0) else "")
    return (f"{verb} {db_path}: {result.added} papers added, {result.updated} updated, {result.unchanged} unchanged"
            f"{skipped} ({result.listings} listings); {result.claims} claims extracted{learned}; {seconds:.1f}s")


DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
database_argument = click.argument("database", required=False, type=click.Path(dir_okay=False, path_type=Path))


def _database_first(arguments: tuple, db_path: Path) -> tuple[tuple, Path]:
    """As the *-to-sqlite tools take it: a first argument naming a database file (.db, .sqlite,
    .sqlite3) is the database, the rest are inputs."""
    if arguments and str(arguments[0]).lower().endswith(DATABASE_SUFFIXES):
        return tuple(arguments[1:]), Path(arguments[0])
    return tuple(arguments), db_path


def _existing(database: Path | None, db_path: Path) -> Path:
    """The database a reading command works on (the positional one, else --db), which must exist."""
    chosen = database or db_path
    if not chosen.exists():
        raise click.ClickException(f"{chosen}: no such database (run `claimbase build` first)")
    return chosen


def _files_named(name: str) -> list[tuple[Path, str]]:
    """A file, or the files of a folder (in name order, hidden ones left out), as (path, name shown)."""
    path = Path(name)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(path).parts))
        if not found:
            raise click.ClickException(f"{name}: a folder with no files in it")
        return [(p, str(p)) for p in found]
    if not path.is_file():
        raise click.ClickException(f"{name}: no such file")
    return [(path, name)]


workers_option = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                              help="Extract in this many processes (the output is the same)")


@cli.command()
@click.argument("seed_files", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option("--strict", is_flag=True, help="Fail on any entry that cannot be fully parsed")
@workers_option
@click.option("--quiet", is_flag=True, help="No progress bar; only the summary line")
def build(seed_files, db_path, strict, workers, quiet):
    """Build the database from seed files (default: seeds/*.txt), replacing it atomically.

    \b
    Examples:
        claimbase build
        claimbase build seeds/*.txt --db claims.db
    """
    seed_files, db_path = _database_first(seed_files, db_path)
    paths = list(seed_files) or sorted(DEFAULT_SEEDS.glob("*.txt"))
    if not paths:
        raise click.ClickException(f"no seed files given and none in {DEFAULT_SEEDS}")
    started = time.perf_counter()
    _freeze_what_is_loaded()
    _stop_on_terminate_as_on_interrupt()
    progress = _Progress(quiet, "build")
    try:
        result = building.build(db_path, paths, strict=strict, workers=workers, progress=progress)
    except (InputError, building.StrictError, WorkerFailed, DatabaseFailure) as error:
        raise click.ClickException(str(error)) from error
    finally:
        progress.close()
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(_summary("built", db_path, result, time.perf_counter() - started))


@cli.command()
@click.argument("files", nargs=-1, required=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(["seeds", "jsonl", "json", "csv", "atom", "text"]),
              help="Read every file in this format instead of detecting it")
@workers_option
@click.option("--skip-invalid", is_flag=True, help="Commit the good records and report the rejected ones")
@click.option("--wait", type=click.FloatRange(0, 86400), default=60, show_default=True,
              help="Seconds to wait for another add writing to the same database before giving up")
@click.option("--quiet", is_flag=True, help="No progress bar; only the summary line")
def add(files, db_path, fmt, workers, skip_invalid, wait, quiet):
    """Add papers from files, folders of files (or - for standard input), detecting each file's format.

    Formats: JSON Lines, JSON arrays and CSV of records with `title` and `abstract`
    (optional `id`, `arxiv_id`, `doi`, `url`, `authors`, `date`, `categories`); the
    arXiv API's Atom feed; the arXiv metadata snapshot; Semantic Scholar paper JSON; the
    seed page layouts; plain text (title on the first line, abstract after). Reference
    managers' column names are read too (a Zotero CSV export: "Abstract Note", "Author").
    One transaction: a malformed record fails the whole add, naming file and line, unless
    --skip-invalid. Adding the same paper again updates it in place.

    \b
    Examples:
        claimbase add papers.jsonl arxiv_query.xml
        claimbase add mine.db papers.jsonl
        cat arxiv_query.xml | claimbase add - --format atom
    """
    from claimbase.readers import spool_stdin

    files, db_path = _database_first(files, db_path)
    if not files:
        raise click.UsageError("name the files to add after the database")
    inputs, spooled = [], []
    for name in files:
        if name == "-":
            path = spool_stdin()
            spooled.append(path)
            inputs.append((path, "<stdin>"))
        else:
            inputs.extend(_files_named(name))
    started = time.perf_counter()
    _freeze_what_is_loaded()
    _stop_on_terminate_as_on_interrupt()
    progress = _Progress(quiet, "add")
    try:
        result = building.add(db_path, inputs, fmt=fmt, workers=workers, skip_invalid=skip_invalid, progress=progress,
                              wait=wait)
    except (InputError, WorkerFailed, DatabaseFailure) as error:
        raise click.ClickException(str(error)) from error
    finally:
        progress.close()
        for path in spooled:
            path.unlink(missing_ok=True)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    if result.skipped:
        click.echo(f"warning: skipped {len(result.skipped)} records without an abstract, e.g. {result.skipped[0]}",
                   err=True)
    if result.rejected:
        click.echo(f"rejected {len(result.rejected)} records, e.g.:", err=True)
        for record in result.rejected[:5]:
            click.echo(f"  {record}", err=True)
    click.echo(_summary("added to", db_path, result, time.perf_counter() - started))


@cli.command()
@database_argument
@db_option
def stats(database, db_path):
    """Row counts per table, one line each.

    \b
    Examples:
        claimbase stats
        claimbase stats mine.db
    """
    db = sqlite_utils.Database(_existing(database, db_path))
    for name in ("papers", "listings", "sources", "authors", "organizations", "claims", "benchmarks",
                 "metrics", "models", "mentions"):
        if db[name].exists():
            click.echo(f"{name}: {db[name].count}")


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@db_option
@click.option("--live", is_flag=True,
              help="Serve a database that `add` keeps growing: not immutable, so each request reads the last "
                   "committed state (WAL) instead of assuming the file never changes")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve(db_path, live, datasette_args):
    """Serve the database in Datasette with claimbase's metadata; extra arguments pass through.

    By default the file is served immutable (read-only, fastest); `build` swaps in a new
    file atomically, so restart to see a rebuild. Use --live while `add` grows the database.

    \b
    Examples:
        claimbase serve
        claimbase serve mine.db -- --port 8002
    """
    from datasette import cli as datasette_cli

    if datasette_args and not datasette_args[0].startswith("-"):
        datasette_args, db_path = _database_first(datasette_args, db_path)
    db_path = _existing(None, db_path)
    # claimbase's pages, metadata and limits come with it as a Datasette plugin (entry points)
    args = ["serve", *([str(db_path)] if live else ["-i", str(db_path)]),
            "--host", "127.0.0.1", "--port", "8001", *datasette_args]
    datasette_cli.cli.main(args=args, prog_name="datasette")


@cli.command()
@database_argument
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file")
def export(database, db_path, fmt, output):
    """One record per paper with its claims, benchmarks, metrics and models (guideline field names).

    \b
    Examples:
        claimbase export --format jsonl -o claims.jsonl
        claimbase export mine.db --format csv -o claims.csv
    """
    text = exporting.export(sqlite_utils.Database(_existing(database, db_path)), fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score the export of this database instead of extracting the gold abstracts afresh")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this export instead of extracting the gold abstracts afresh")
@click.option("--errors", "show_errors", is_flag=True, help="List misses and false alarms with their sentences")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON")
@click.option("--half", type=click.Choice(["seen", "unseen"]),
              help="Score one fixed half of the gold file (split by a hash of each paper's id): rules are written "
                   "against the seen half, the unseen half is the check")
def evaluate(gold_file, db_path, pred, show_errors, as_json, half):
    """Precision, recall and F1 of extraction against gold annotations (SCORING.md).

    Without --pred, the gold abstracts are added to a temporary database, extracted and
    exported, exactly as `add` and `export` do, and that export is scored. A leaderboard file
    (papers with Papers-with-Code `tuples`) is scored as ../shared/leaderboard/score.py does:
    the share of tuples whose value, dataset and metric the claims recover.

    \b
    Example:
        claimbase evaluate gold.jsonl --errors
    """
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if half:
        gold = [record for record in gold if evaluation.half_of(record) == half]
    tuples = leaderboard.is_leaderboard(gold)  # a leaderboard file: Papers-with-Code tuples, not claims
    if tuples or half:
        papers = [{"id": r.get("pid") or r.get("id"), "title": r.get("title"), "abstract": r.get("abstract")}
                  for r in gold] if tuples else gold
    if pred:
        predictions = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif db_path:
        predictions = list(exporting.paper_records(sqlite_utils.Database(db_path)))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "evaluate.db"
            if half or tuples:
                gold_file = Path(tmp) / f"{half or 'papers'}.jsonl"
                gold_file.write_text("".join(json.dumps(r) + "\n" for r in papers), encoding="utf-8")
            building.add(db_path, [(gold_file, str(gold_file))])
            predictions = list(exporting.paper_records(sqlite_utils.Database(db_path)))
    if tuples:
        result = leaderboard.score(gold, predictions)
        click.echo(json.dumps(result) if as_json else "\n".join(leaderboard.report_lines(result)))
        return
    errors: list = [] if show_errors else None
    result = evaluation.score(gold, predictions, errors)
    if as_json:
        click.echo(json.dumps(result))
    else:
        for line in evaluation.report_lines(result):
            click.echo(line)
    if errors:
        click.echo("\n== errors")
        for what, title, claim in errors:
            click.echo(f"[{what}] {title[:70]}: {json.dumps(claim, ensure_ascii=False)}")


def _parse_params(text):
    """"7B", "350M", "1.5e9" -> a parameter count."""
    if text is None:
        return None
    text = text.strip()
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}.get(text[-1:].upper())
    try:
        return float(text[:-1]) * scale if scale else float(text)
    except ValueError as error:
        raise click.BadParameter(f"{text!r} is not a parameter count like 7B or 350M") from error


@cli.command()
@database_argument
@db_option
@click.option("--benchmark", "benchmarks", multiple=True, help="Only these benchmarks (repeatable; aliases work)")
@click.option("--metric", help="Only claims on this metric")
@click.option("--kind", default="score", show_default=True, type=click.Choice(["score", "delta", "ratio", "quantity", "model_size"]))
@click.option("--family", help="Only models of this family (Llama, OPT, ...)")
@click.option("--min-params", help="Only models with at least this many parameters (7B, 350M)")
@click.option("--max-params", help="Only models with at most this many parameters")
@click.option("--paper", help="Only claims of this paper (id or part of the title)")
@click.option("--min-papers", type=int, help="Only benchmarks on which at least N papers claim a result (of any kind)")
@click.option("--pick", type=click.Choice(["best", "latest", "all"]), default="best", show_default=True,
              help="Which claim fills a cell several claims compete for")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Leave out claims the rules were less sure of (0.7 leaves out those marked ?)")
@click.option("--conflicts", "list_conflicts", is_flag=True,
              help="List the claims that disagree (same system, benchmark and metric) with their sentences")
@click.option("--speedups", is_flag=True, help="The companion table of ratio claims: system x baseline x metric")
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "latex", "html", "json"]), default="markdown",
              show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw a picture (.svg or .png): score vs model size for the first benchmark, or the speedups")
def compare(database, db_path, benchmarks, metric, kind, family, min_params, max_params, paper, min_papers, pick,
            min_confidence, list_conflicts, speedups, fmt, plot):
    """A benchmark comparison table: systems x benchmarks, each cell a claimed value with its paper.

    \b
    Examples:
        claimbase compare --benchmark GSM8K --benchmark MATH --kind delta
        claimbase compare --min-papers 2 --format latex
        claimbase compare --conflicts
        claimbase compare --speedups --plot speedups.svg
    """
    from claimbase.reports.compare import Filters, explain_empty, load_claims, pivot, speedup_rows
    from claimbase.reports.render import render_comparison, render_conflicts, render_speedups

    db = sqlite_utils.Database(_existing(database, db_path))
    filters = Filters(benchmarks=list(benchmarks), metric=metric, kind=kind, family=family,
                      min_params=_parse_params(min_params), max_params=_parse_params(max_params),
                      paper=paper, min_papers=min_papers, min_confidence=min_confidence)
    if speedups:
        rows = speedup_rows(db, filters)
        if not rows:
            raise click.ClickException("no ratio claims match these filters")
        click.echo(render_speedups(rows, fmt), nl=False)
        if plot:
            from claimbase.reports.plots import plot_speedups

            drawn = plot_speedups(rows, plot)
            click.echo(f"drew {drawn} speedups to {plot}", err=True)
        return
    rows = load_claims(db, filters)
    if not rows:
        raise click.ClickException(explain_empty(db, filters))
    comparison = pivot(rows, pick)
    if list_conflicts:
        click.echo(render_conflicts(comparison) or "no conflicting claims in this table\n", nl=False)
        return
    benchmark = comparison.columns[0]
    if plot and not any(r["benchmark"] == benchmark and r.get("params") for r in rows):
        raise click.ClickException(f"nothing to draw: no claim on {benchmark} names a model with a parameter count "
                                   "(the plot is score against model size)")
    click.echo(render_comparison(comparison, fmt), nl=False)
    if plot:
        from claimbase.reports.plots import plot_scores

        drawn = plot_scores(rows, benchmark, plot)
        click.echo(f"drew {drawn} sized models on {benchmark} to {plot}", err=True)


if __name__ == "__main__":
    cli()
