"""Adding abstracts from every input format, incrementally, safely and in parallel."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from claimbase.cli import cli
from claimbase.readers import detect_format

from .conftest import ROOT, SEEDS

INPUTS = ROOT / "tests" / "fixtures" / "inputs"


def add(db_path, *args, input=None):
    return CliRunner().invoke(cli, ["add", *map(str, args), "--db", str(db_path)], input=input)


def papers(db_path) -> dict[str, dict]:
    return {r["title"]: r for r in sqlite_utils.Database(db_path).query("select * from papers")}


def authors_of(db_path, title) -> list[str]:
    return [r["name"] for r in sqlite_utils.Database(db_path).query(
        "select authors.name from papers join paper_authors on paper_authors.paper_id = papers.id "
        "join authors on authors.id = paper_authors.author_id where papers.title = ? order by position", [title])]


def claims_of(db_path, title) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query(
        "select claims.* from claims join papers on papers.id = claims.paper_id where papers.title = ? "
        "order by claims.start", [title]))


@pytest.mark.parametrize("name, fmt", [
    ("papers.jsonl", "jsonl"), ("papers.json", "json"), ("papers.csv", "csv"), ("arxiv_query.xml", "atom"),
    ("arxiv_snapshot.jsonl", "jsonl"), ("s2_papers.json", "json"), ("paper.txt", "text"),
])
def test_formats_are_detected_from_content(name, fmt):
    assert detect_format(INPUTS / name) == fmt


def test_seed_pages_are_detected():
    assert {detect_format(p) for p in SEEDS} == {"seeds"}


def test_jsonl_records_with_ids_authors_and_dates(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "papers.jsonl")
    assert result.exit_code == 0, result.output
    rows = papers(db)
    sparse = rows["Sparse Mixers for Fast Decoding"]
    assert sparse["external_id"] == "arxiv:2401.00001" and sparse["date"] == "2024-01-02" and sparse["category"] == "cs.CL"
    assert authors_of(db, "Compact Vision Encoders") == ["Mei Tanaka", "Omar Haddad"]
    assert rows["Compact Vision Encoders"]["external_id"] == "doi:10.1234/abc.2024.17"
    assert rows["Compact Vision Encoders"]["year"] == 2024 and rows["Compact Vision Encoders"]["date"] is None
    values = {c["value"]: c for c in claims_of(db, "Sparse Mixers for Fast Decoding")}
    assert values[2.4]["kind"] == "ratio" and values[71.3]["benchmark"] == "GSM8K"


def test_json_array_csv_and_text(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "papers.json", INPUTS / "papers.csv", INPUTS / "paper.txt")
    assert result.exit_code == 0, result.output
    rows = papers(db)
    assert rows["Long Context Retrieval Heads"]["external_id"] == "arxiv:2402.01234"
    assert authors_of(db, "Quantized Adapters") == ["Tom Berg", "Ida Lund"]
    assert authors_of(db, "Faster Diffusion Sampling") == ["Kai Müller", "Zoe Chen"]
    assert rows["Faster Diffusion Sampling"]["external_id"] == "doi:10.5555/ss.2023.9"
    assert "Adaptive Token Pruning for Vision Transformers" in rows
    pruning = {c["value"]: c for c in claims_of(db, "Adaptive Token Pruning for Vision Transformers")}
    assert pruning[38.0]["kind"] == "delta" and pruning[38.0]["direction"] == "down"


def test_a_zotero_reading_list_export(tmp_path):
    """Zotero's CSV: a byte-order mark, "Abstract Note", "Author" as "Last, First; Last, First",
    "Publication Year", and arXiv's own DOI, which keys the paper by its arXiv id."""
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "zotero_export.csv")
    assert result.exit_code == 0, result.output
    rows = papers(db)
    draft = rows["Sparse Draft Heads for Speculative Decoding"]
    assert draft["external_id"] == "arxiv:2405.06789" and draft["date"] == "2024-05-10"
    assert authors_of(db, "Sparse Draft Heads for Speculative Decoding") == ["Maja Lindqvist", "Kwame Osei", "Ana Ferreira"]
    assert [c["value"] for c in claims_of(db, "Sparse Draft Heads for Speculative Decoding")] == [2.7, 99.1]
    retrieval = rows["Calibrated Retrieval for Long-Context Question Answering"]
    assert retrieval["year"] == 2023 and retrieval["external_id"] is None
    assert authors_of(db, "Calibrated Retrieval for Long-Context Question Answering") == ["Jonas Brandt", "Yui Nakamura"]


def test_arxiv_atom_feed_and_snapshot(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "arxiv_query.xml", INPUTS / "arxiv_snapshot.jsonl")
    assert result.exit_code == 0, result.output
    rows = papers(db)
    tree = rows["Draft Trees for Speculative Decoding"]  # the title's line break folded
    assert tree["external_id"] == "arxiv:2404.11111" and tree["date"] == "2024-04-17" and tree["category"] == "cs.CL"
    assert authors_of(db, "Draft Trees for Speculative Decoding") == ["Ava Novak", "Ben Okafor"]
    assert tree["abstract"].startswith("We introduce TreeDraft") and "\n" not in tree["abstract"]
    snapshot = rows["Curriculum Data for Math Reasoning"]
    assert snapshot["external_id"] == "arxiv:2310.01234" and snapshot["date"] == "2023-10-02"
    assert authors_of(db, "Curriculum Data for Math Reasoning") == ["Dana Wu", "Eli Stone", "Farah Aziz"]


def test_a_semantic_scholar_batch_with_an_unknown_id_names_the_null_record(tmp_path):
    batch = tmp_path / "batch.json"
    papers_json = json.loads((INPUTS / "s2_papers.json").read_text())["data"]
    batch.write_text(json.dumps([papers_json[0], None]), encoding="utf-8")
    failed = add(tmp_path / "kb.db", batch)
    assert failed.exit_code == 1 and failed.output.strip() == \
        f"Error: {batch}: record 2: null where a record should be (an id the source did not find?)"
    skipped = add(tmp_path / "kb.db", batch, "--skip-invalid")
    assert skipped.exit_code == 0 and list(papers(tmp_path / "kb.db")) == ["Efficient Finetuning of Quantized Models"]


def test_an_arxiv_error_feed_is_an_error_not_a_paper_titled_error(tmp_path):
    """The arXiv API answers a bad query with a feed whose one entry is the error message."""
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "arxiv_error.xml")
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {INPUTS / 'arxiv_error.xml'}: entry 1: "
                                     "the arXiv API answered with an error: incorrect id format for 2404.1111")
    assert not db.exists() or not sqlite_utils.Database(db)["papers"].exists() or not papers(db)


def test_a_semantic_scholar_paper_without_abstract_is_skipped_and_counted(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "s2_papers.json")
    assert result.exit_code == 0, result.output
    assert "1 papers added, 0 updated, 0 unchanged, 1 skipped without an abstract" in result.output
    assert f"warning: skipped 1 records without an abstract, e.g. {INPUTS / 's2_papers.json'}: record 2: " \
           "no abstract: 'A Paper Without An Abstract' skipped" in result.output
    assert list(papers(db)) == ["Efficient Finetuning of Quantized Models"]
    assert papers(db)["Efficient Finetuning of Quantized Models"]["external_id"] == "arxiv:2305.14314"
    assert authors_of(db, "Efficient Finetuning of Quantized Models") == ["Gil Adler", "Hana Kim"]


def test_a_folder_is_read_file_by_file_and_the_summary_counts_this_run(tmp_path):
    folder = tmp_path / "exports"
    (folder / "more").mkdir(parents=True)
    (folder / "a.jsonl").write_text((INPUTS / "papers.jsonl").read_text())
    (folder / "more" / "b.json").write_text((INPUTS / "s2_papers.json").read_text())
    (folder / ".hidden.jsonl").write_text("not read\n")
    db = tmp_path / "kb.db"
    first = add(db, folder)
    assert first.exit_code == 0, first.output
    sources = {r["file"] for r in sqlite_utils.Database(db).query("select file from sources")}
    assert sources == {"a.jsonl", "b.json"}
    claims = sqlite_utils.Database(db)["claims"].count
    assert f"; {claims} claims extracted;" in first.output
    again = add(db, folder)
    assert "0 papers added" in again.output and "; 0 claims extracted;" in again.output


def test_an_atom_feed_keeps_the_authors_affiliations(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        "<entry><id>http://arxiv.org/abs/2401.00003v1</id><title>Routing</title>"
        "<summary>We reach 71.2% on GSM8K.</summary>"
        "<author><name>Ana Silva</name><arxiv:affiliation>University of Lisbon</arxiv:affiliation></author>"
        "<author><name>Ben Ode</name><arxiv:affiliation>University of Lisbon</arxiv:affiliation>"
        "<arxiv:affiliation>DeepMind</arxiv:affiliation></author></entry></feed>")
    db = tmp_path / "kb.db"
    assert add(db, feed).exit_code == 0
    names = [r["name"] for r in sqlite_utils.Database(db).query(
        "select organizations.name from paper_organizations join organizations "
        "on organizations.id = paper_organizations.organizations_id order by organizations.id")]
    assert names == ["University of Lisbon", "DeepMind"]


def test_malformed_record_fails_naming_file_and_line_and_commits_nothing(tmp_path):
    db = tmp_path / "kb.db"
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    before = list(sqlite3.connect(db).iterdump())
    result = add(db, INPUTS / "malformed.jsonl")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {INPUTS / 'malformed.jsonl'}:4: not valid JSON: Expecting value"
    assert list(sqlite3.connect(db).iterdump()) == before


def test_skip_invalid_commits_the_good_records_and_reports_the_rest(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, INPUTS / "malformed.jsonl", "--skip-invalid")
    assert result.exit_code == 0
    assert "rejected 1 records" in result.output and "1 skipped without an abstract" in result.output
    assert f"{INPUTS / 'malformed.jsonl'}:4: not valid JSON" in result.output
    assert set(papers(db)) == {"A Good Paper", "Another Good Paper"}


def test_a_latin1_export_fails_in_one_line_or_skips_the_line_that_is_not_utf8(tmp_path):
    db, export = tmp_path / "kb.db", tmp_path / "export.jsonl"
    good = [json.dumps({"title": f"Paper {i}", "abstract": f"We reach {i}.5% accuracy on MNIST."}) for i in range(3)]
    bad = '{"title": "Caf\xe9 models", "abstract": "We reach 1.5% on MNIST."}'
    export.write_bytes("\n".join(good[:2]).encode() + b"\n" + bad.encode("latin-1") + b"\n" + good[2].encode() + b"\n")
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    before = list(sqlite3.connect(db).iterdump())
    failed = add(db, export)
    assert failed.exit_code == 1
    assert failed.output.strip() == f"Error: {export}:3: not UTF-8 text (byte 0xe9 at column 15); save the file as UTF-8"
    assert list(sqlite3.connect(db).iterdump()) == before
    skipped = add(db, export, "--skip-invalid")
    assert skipped.exit_code == 0 and "rejected 1 records" in skipped.output
    assert {"Paper 0", "Paper 1", "Paper 2"} <= set(papers(db)) and len(papers(db)) == 5


def test_same_paper_twice_is_one_paper_with_two_sources(tmp_path):
    db = tmp_path / "kb.db"
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    first = list(sqlite3.connect(db).iterdump())
    again = add(db, INPUTS / "papers.jsonl")
    assert "0 papers added, 0 updated, 2 unchanged" in again.output
    assert list(sqlite3.connect(db).iterdump()) == first  # idempotent
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"arxiv_id": "arXiv:2401.00001", "title": "Sparse Mixers for Fast Decoding",
                                 "abstract": papers(db)["Sparse Mixers for Fast Decoding"]["abstract"]}) + "\n")
    assert add(db, other).exit_code == 0
    sdb = sqlite_utils.Database(db)
    assert sdb["papers"].count == 2
    paper_id = papers(db)["Sparse Mixers for Fast Decoding"]["id"]
    sources = {r["file"] for r in sdb.query(
        "select sources.file from listings join sources on sources.id = listings.source_id where paper_id = ?", [paper_id])}
    assert sources == {"papers.jsonl", "other.jsonl"}


def test_changed_abstract_replaces_claims_and_mentions(tmp_path):
    db = tmp_path / "kb.db"
    first = tmp_path / "v1.jsonl"
    first.write_text(json.dumps({"id": "p1", "title": "Kernel Fusion", "abstract": "FuseK achieves a 2x speedup over PyTorch on A100 GPUs."}) + "\n")
    second = tmp_path / "v2.jsonl"
    second.write_text(json.dumps({"id": "p1", "title": "Kernel Fusion", "abstract": "FuseK achieves a 3.5x speedup over PyTorch and 41.2% on MATH."}) + "\n")
    assert add(db, first).exit_code == 0
    assert [c["value"] for c in claims_of(db, "Kernel Fusion")] == [2.0]
    result = add(db, second)
    assert "0 papers added, 1 updated" in result.output
    assert [c["value"] for c in claims_of(db, "Kernel Fusion")] == [3.5, 41.2]
    sdb = sqlite_utils.Database(db)
    assert [m["text"] for m in sdb.query("select text from mentions where label = 'BENCHMARK'")] == ["MATH"]


def test_standard_input(tmp_path):
    db = tmp_path / "kb.db"
    result = add(db, "-", input=(INPUTS / "papers.csv").read_text())
    assert result.exit_code == 0, result.output
    assert "Reward Models at Scale" in papers(db)
    assert {r["file"] for r in sqlite_utils.Database(db).query("select file from sources")} == {"<stdin>"}


def test_seeds_added_one_by_one_equal_a_build(seeds_db, tmp_path):
    db = tmp_path / "incremental.db"
    for seed in SEEDS:
        assert add(db, seed, "--quiet").exit_code == 0
    tables = ["papers", "listings", "authors", "paper_authors", "organizations", "paper_organizations",
              "claims", "mentions", "benchmarks", "metrics", "models"]
    built, grown = sqlite_utils.Database(seeds_db), sqlite_utils.Database(db)
    for table in tables:
        if table in ("claims", "mentions"):
            # the knowledge-base pass extracts a paper again when a later add teaches it a
            # benchmark name, which gives its rows new ids: the same rows, in another order
            def rows(database):
                return sorted(json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True)
                              for row in database[table].rows)
            assert rows(built) == rows(grown), table
        else:
            assert list(built[table].rows) == list(grown[table].rows), table


def test_two_workers_give_the_same_database(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert CliRunner().invoke(cli, ["build", *map(str, SEEDS[:3]), "--db", str(one), "--workers", "1"]).exit_code == 0
    assert CliRunner().invoke(cli, ["build", *map(str, SEEDS[:3]), "--db", str(two), "--workers", "2"]).exit_code == 0
    assert list(sqlite3.connect(one).iterdump()) == list(sqlite3.connect(two).iterdump())


def test_summary_line_and_quiet(tmp_path):
    result = add(tmp_path / "kb.db", INPUTS / "papers.jsonl", "--quiet")
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("added to") and "2 papers added" in lines[0] and "claims" in lines[0]


def test_a_reader_sees_the_old_state_or_the_new_one_never_a_half_written_one(tmp_path):
    import threading

    db = tmp_path / "kb.db"
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as handle:
        for i in range(700):  # several batches, one transaction
            handle.write(json.dumps({"id": f"r{i}", "title": f"Paper {i}",
                                     "abstract": f"Model {i} reaches {i % 90 + 1}.5% accuracy on GSM8K."}) + "\n")
    seen, done = set(), threading.Event()

    def read():
        reader = sqlite3.connect(db)
        while not done.is_set():
            seen.add(reader.execute("select count(*) from papers").fetchone()[0])
        reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    result = add(db, big)
    done.set()
    thread.join()
    assert result.exit_code == 0
    assert seen <= {2, 702} and 2 in seen


def search(db_path, words: str) -> list[str]:
    return [r["title"] for r in sqlite_utils.Database(db_path).query(
        "select papers.title from papers_fts join papers on papers.rowid = papers_fts.rowid "
        "where papers_fts match ? order by papers.title", [words])]


def insert_trigger(db_path):
    return sqlite_utils.Database(db_path).execute(
        "select sql from sqlite_master where type = 'trigger' and tbl_name = 'papers' and sql like '%AFTER INSERT%'"
    ).fetchone()


def test_added_papers_are_searchable_and_the_search_trigger_survives(tmp_path):
    """`add` indexes new papers for full-text search a batch at a time (the row trigger is set
    aside while it writes): every added paper is found, later writes are indexed by the restored
    trigger, a changed abstract is found by its new words only, and a failed add changes nothing."""
    db = tmp_path / "kb.db"
    assert add(db, INPUTS / "papers.csv").exit_code == 0
    trigger = insert_trigger(db)
    assert trigger is not None
    assert search(db, "StepSkip") == ["Faster Diffusion Sampling"]
    assert search(db, "RewardBench") == ["Reward Models at Scale"]
    assert add(db, INPUTS / "paper.txt").exit_code == 0
    assert search(db, "PruneViT") == ["Adaptive Token Pruning for Vision Transformers"]
    assert insert_trigger(db) == trigger
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"title": "Reward Models at Scale",
                                   "abstract": "We train RewardXXL, reaching 91.0% accuracy on HelpSteer."}) + "\n")
    assert add(db, changed).exit_code == 0
    assert search(db, "HelpSteer") == ["Reward Models at Scale"] and search(db, "RewardBench") == []
    assert add(db, INPUTS / "malformed.jsonl").exit_code != 0
    assert insert_trigger(db) == trigger
    direct = sqlite_utils.Database(db)  # a row written outside `add` is indexed by the trigger
    direct["papers"].insert({"id": "manual", "title": "Hand Entered", "abstract": "Mentions QuixoticBench."})
    assert search(db, "QuixoticBench") == ["Hand Entered"]
    counts = direct.execute("select (select count(*) from papers), (select count(*) from papers_fts)").fetchone()
    assert counts[0] == counts[1]


def test_a_first_add_is_written_aside_and_left_ready_for_readers(tmp_path):
    """A database that does not exist yet is written into a temporary file and moved into place:
    a failed first add leaves no file at all; a good one is in WAL mode, with the permissions
    a new file gets."""
    db = tmp_path / "new.db"
    assert add(db, INPUTS / "malformed.jsonl").exit_code == 1
    assert list(tmp_path.iterdir()) == []
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone()[0] == "wal"
    umask = os.umask(0)
    os.umask(umask)
    assert db.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("new.db")] == []


def test_format_option_reads_a_file_the_way_the_user_says(tmp_path):
    """A plain-text paper whose title line reads like a CSV header ("Title, abstract ...") is
    detected as CSV and rejected; --format text reads it as the paper it is."""
    paper = tmp_path / "paper.txt"
    paper.write_text("Title, abstract and keyword extraction with small language models\n\n"
                     "We present KeyLite, which extracts keywords with 94.1% F1 on SemEval-2017.\n", encoding="utf-8")
    assert detect_format(paper) == "csv"
    detected = add(tmp_path / "detected.db", paper)
    assert detected.exit_code != 0 and "paper.txt" in detected.output and "abstract" in detected.output
    db = tmp_path / "kb.db"
    told = add(db, paper, "--format", "text")
    assert told.exit_code == 0, told.output
    assert list(papers(db)) == ["Title, abstract and keyword extraction with small language models"]
    assert [c["value"] for c in claims_of(db, "Title, abstract and keyword extraction with small language models")] == [94.1]


def _run_on_a_terminal(*args: str) -> str:
    """What `claimbase` prints when its standard error is an 80-column terminal (a pseudo-terminal)."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "claimbase.cli", *args], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: every process holding it has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(controller)
    assert process.returncode == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_shows_a_progress_bar_with_count_and_rate(tmp_path):
    shown = _run_on_a_terminal("add", str(INPUTS / "papers.jsonl"), "--db", str(tmp_path / "kb.db"))
    bar = [line for line in shown.replace("\r", "\n").splitlines() if line.startswith("add:")]
    assert bar and "2 listings" in bar[-1] and "listings/s" in bar[-1], shown
    assert "added to" in shown and "2 papers added" in shown


def test_a_build_on_a_terminal_shows_its_bar_too(tmp_path):
    shown = _run_on_a_terminal("build", *map(str, SEEDS), "--db", str(tmp_path / "kb.db"))
    bar = [line for line in shown.replace("\r", "\n").splitlines() if line.startswith("build:")]
    assert bar and "311 listings" in bar[-1] and "listings/s" in bar[-1], shown
    assert "303 papers added" in shown


def test_quiet_keeps_a_terminal_to_the_summary(tmp_path):
    shown = _run_on_a_terminal("add", str(INPUTS / "papers.jsonl"), "--db", str(tmp_path / "kb.db"), "--quiet")
    assert "listings/s" not in shown and [line for line in shown.splitlines() if line.strip()] == [
        line for line in shown.splitlines() if line.startswith("added to")]


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's end may wait for a reaper that is slow to come)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_a_long_add(tmp_path):
    """A two-worker add that runs long enough to be stopped midway, once its workers are
    extracting; with the database's dump before it."""
    import subprocess
    import sys
    import time

    import signal

    db, big = tmp_path / "kb.db", tmp_path / "big.jsonl"
    assert add(db, INPUTS / "papers.jsonl").exit_code == 0
    before = list(sqlite3.connect(db).iterdump())
    abstract = (INPUTS / "paper.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    with open(big, "w", encoding="utf-8") as handle:
        for i in range(40000):
            handle.write(json.dumps({"id": f"s{i}", "title": f"Paper {i}", "abstract": abstract}) + "\n")
    # as from a terminal: a run started in the background of a shell inherits Ctrl-C ignored, and
    # Python then keeps ignoring it (as `nohup` means it to), which is not the case under test
    process = subprocess.Popen([sys.executable, "-m", "claimbase.cli", "add", str(big), "--db", str(db), "--workers", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and process.poll() is None
    time.sleep(0.3)  # extracting by now
    return process, workers, db, before


def _gone(workers: list[int], within: float = 10) -> bool:
    import time

    deadline = time.monotonic() + within
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_running(pid) for pid in workers)


needs_children_list = pytest.mark.skipif(
    not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
    reason="reads a process's children from /proc (Linux with CONFIG_PROC_CHILDREN)")


@needs_children_list
@pytest.mark.parametrize("stop", ["Ctrl-C to the process group", "SIGTERM to claimbase"])
def test_a_stopped_add_rolls_back_and_its_workers_end_without_a_traceback(tmp_path, stop):
    import signal

    process, workers, db, before = _start_a_long_add(tmp_path)
    if stop.startswith("Ctrl-C"):
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and err.decode().strip() == "Aborted!" and not out
    assert list(sqlite3.connect(db).iterdump()) == before
    assert _gone(workers, within=1)


@needs_children_list
def test_a_worker_killed_midway_fails_the_add_in_one_line(tmp_path):
    """The out-of-memory killer or a user's kill takes a worker: the add stops instead of
    waiting for the lost abstracts, says so in one line, and writes nothing."""
    import signal

    process, workers, db, before = _start_a_long_add(tmp_path)
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and not out
    assert err.decode().strip() == ("Error: an extraction worker stopped before it finished "
                                    "(killed, or out of memory?); nothing was written")
    assert list(sqlite3.connect(db).iterdump()) == before
    assert _gone(workers)


@needs_children_list
def test_workers_end_when_claimbase_is_killed_outright(tmp_path):
    """SIGKILL leaves the storing process no time to shut its pool down: the workers notice
    that it ended and exit instead of waiting for work for ever. The transaction never
    committed, so the database is as it was."""
    import signal

    process, workers, db, before = _start_a_long_add(tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert _gone(workers)
    assert list(sqlite3.connect(db).iterdump()) == before


def test_papers_keep_their_arxiv_id_doi_and_url_and_the_export_and_pages_show_them(tmp_path):
    import asyncio

    from datasette.app import Datasette

    db = tmp_path / "kb.db"
    for name in ("papers.jsonl", "arxiv_query.xml", "s2_papers.json"):
        assert add(db, INPUTS / name).exit_code == 0
    rows = papers(db)
    assert (rows["Compact Vision Encoders"]["doi"], rows["Compact Vision Encoders"]["arxiv_id"]) == ("10.1234/abc.2024.17", None)
    quantized = rows["Efficient Finetuning of Quantized Models"]  # its DOI is arXiv's own: it gives the arXiv id
    assert (quantized["arxiv_id"], quantized["doi"]) == ("2305.14314", None)
    trees = rows["Draft Trees for Speculative Decoding"]
    assert (trees["arxiv_id"], trees["doi"], trees["url"]) == ("2404.11111", "10.9999/treedraft.2024",
                                                               "http://arxiv.org/abs/2404.11111v2")
    exported = [json.loads(line) for line in CliRunner().invoke(cli, ["export", "--db", str(db)]).output.splitlines()]
    assert {r["title"]: r["arxiv_id"] for r in exported}["Draft Trees for Speculative Decoding"] == "2404.11111"

    async def page():
        datasette = Datasette(immutables=[str(db)])
        return (await datasette.client.get(f"/kb/papers/{trees['id']}")).text

    text = asyncio.run(page())
    assert '<a href="https://arxiv.org/abs/2404.11111">2404.11111</a>' in text
    assert '<a href="https://doi.org/10.9999/treedraft.2024">10.9999/treedraft.2024</a>' in text


def test_an_abstract_is_stored_once_and_every_listing_keeps_what_it_said(tmp_path):
    db = tmp_path / "kb.db"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": "2401.00009", "title": "Routing", "abstract": "We reach 71.2% on GSM8K."}) + "\n")
    second.write_text(json.dumps({"id": "2401.00009", "title": "Routing", "abstract": "We reach 72.0% on GSM8K."}) + "\n")

    def said():
        return [tuple(r.values()) for r in sqlite_utils.Database(db).query(
            "select sources.file, coalesce(listings.abstract, papers.abstract) as abstract, "
            "listings.abstract is null as shared from listings join papers on papers.id = listings.paper_id "
            "join sources on sources.id = listings.source_id order by listings.seq")]

    add(db, first)
    assert said() == [("first.jsonl", "We reach 71.2% on GSM8K.", 1)]
    add(db, second)
    assert said() == [("first.jsonl", "We reach 71.2% on GSM8K.", 0), ("second.jsonl", "We reach 72.0% on GSM8K.", 1)]
    assert [c["value"] for c in claims_of(db, "Routing")] == [72.0]
    add(db, first)  # the same again: nothing changes
    assert said() == [("first.jsonl", "We reach 71.2% on GSM8K.", 0), ("second.jsonl", "We reach 72.0% on GSM8K.", 1)]
