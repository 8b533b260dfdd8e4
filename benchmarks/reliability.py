"""Reliability under real conditions, tried adversarially, with the figures printed.

Run by hand (it takes a few minutes), never as a timed test; each part says what it tried and
how each try ended:
  - inputs: malformed and hostile files of every format, each given to `claimbase add` in
    a fresh process; an ending is good when the exit code is 0 or 1 and the output has no
    traceback (a failure is one line starting with "Error:");
  - kills: `build` and `add` (one and two workers) killed with SIGKILL at random moments;
    after each kill the database must pass SQLite's integrity check and hold either the state
    before or the state after, and the next run must leave no temporary file behind;
  - text: the worst extraction time per KB over the adversarial families of tests/stress;
  - writers: several `add`s on one database at once, all of which must succeed;
  - server: `claimbase serve --live` on a loopback port, a bounded burst of concurrent
    requests to every custom page and a few bad ones, with their status codes and times.

    python benchmarks/reliability.py                 # everything
    python benchmarks/reliability.py --only kills --kills 50
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLAIMBASE = [sys.executable, "-m", "claimbase.cli"]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOOD = {"title": "Sparse Routing", "abstract": "Our model reaches 71.2% accuracy on GSM8K."}


def claimbase(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLAIMBASE, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def hostile_inputs() -> dict[str, tuple[str, bytes]]:
    """name -> (file name, content)."""
    line = lambda record: (json.dumps(record) + "\n").encode()  # noqa: E731
    deep = "[" * 1000 + "]" * 1000
    cases = {
        "authors: 7": ("a.jsonl", line({**GOOD, "authors": 7})),
        "categories: {}": ("a.jsonl", line({**GOOD, "categories": {}})),
        "snapshot versions: 5": ("a.jsonl", line({**GOOD, "id": "2401.1", "versions": 5})),
        "S2 externalIds as text": ("a.json", json.dumps([{**GOOD, "paperId": "x", "externalIds": "a"}]).encode()),
        "title as object": ("a.jsonl", line({**GOOD, "title": {"t": 1}})),
        "abstract as list": ("a.jsonl", line({**GOOD, "abstract": ["a", "b"]})),
        "authors of numbers": ("a.jsonl", line({**GOOD, "authors": [1, 2]})),
        "nested 1,000 deep (JSON Lines)": ("a.jsonl", f'{{"title": {deep}}}\n'.encode()),
        "nested 1,000 deep (JSON array)": ("a.json", f"[{deep}]".encode()),
        "nested 1,000 deep (JSON object)": ("a.json", f'{{"data": {deep}}}'.encode()),
        "integer of 10^6 digits": ("a.jsonl", b'{"title": "T", "abstract": "A", "n": ' + b"9" * 1_000_000 + b"}\n"),
        "first JSON Lines record broken": ("a.jsonl", b'{"title": \n' + line(GOOD)),
        "every record broken": ("a.jsonl", b"{\n{\n{\n"),
        "not JSON at all": ("a.json", b"hello"),
        "unclosed array": ("a.json", b'[{"title": "T", "abstract": "A"}'),
        "array of numbers": ("a.json", b"[1, 2, 3]"),
        "null record": ("a.json", b"[null]"),
        "empty file": ("a.jsonl", b""),
        "only white space": ("a.txt", b"   \n\n  "),
        "Latin-1 bytes": ("a.jsonl", '{"title": "Caf\u00e9", "abstract": "x"}\n'.encode("latin-1")),
        "UTF-16": ("a.json", json.dumps([GOOD]).encode("utf-16")),
        "NUL bytes in CSV": ("a.csv", b"title,abstract\nA\x00,B\n"),
        "CSV without abstract column": ("a.csv", b"title,summary_x\nA,B\n"),
        "CSV with unclosed quote": ("a.csv", b'title,abstract\n"A,B\n'),
        "XML bomb": ("a.xml", b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa">'
                     + b"".join(f'<!ENTITY a{i} "{"&a;" * 10 if i == 0 else f"&a{i - 1};" * 10}">'.encode()
                                for i in range(8))
                     + b']><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&a7;</title>'
                       b"<summary>x</summary></entry></feed>"),
        "XML external entity": ("a.xml", b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title>'
                                b"<summary>We reach 5%.</summary></entry></feed>"),
        "truncated XML": ("a.xml", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A'),
        "abstract of 2 MB": ("a.jsonl", line({"title": "Long", "abstract": "We reach 5% more. " * 120_000})),
        "brackets before a number, 64 KB": ("a.jsonl", line({"title": "B", "abstract": "(" * 65_000 + " 5%"})),
        "by 1% and, 64 KB": ("a.jsonl", line({"title": "B", "abstract": "by 1% and " * 6_500})),
        "number of 400 digits": ("a.jsonl", line({"title": "N", "abstract": "We are " + "1" * 400 + "% better."})),
        "zero-width inside a number": ("a.jsonl", line({"title": "Z", "abstract": "It is 1\u200b0\u200b0x faster."})),
        "a directory": ("dir", b""),
    }
    return cases


def try_inputs() -> None:
    print("== inputs: each given to `claimbase add` in a fresh process")
    endings = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, (file_name, content) in hostile_inputs().items():
            case = Path(tmp) / name.replace(" ", "_").replace("/", "_")
            case.mkdir()
            path = case / file_name
            if file_name == "dir":
                path.mkdir()
            else:
                path.write_bytes(content)
            started = time.perf_counter()
            done = claimbase("add", path, "--db", case / "kb.db", "--skip-invalid")
            seconds = time.perf_counter() - started
            output = (done.stdout + done.stderr).strip()
            clean = "Traceback" not in output and done.returncode in (0, 1)
            ending = "added" if done.returncode == 0 else "one-line error" if clean else "TRACEBACK"
            endings[ending if clean else "TRACEBACK"] += 1
            last = output.splitlines()[-1] if output else ""
            print(f"  {name:34s} exit {done.returncode}  {seconds:5.1f}s  {ending:15s} {last[:110]}")
    print(f"  {sum(endings.values())} inputs: " + ", ".join(f"{n} {e}" for e, n in endings.most_common()))


def _state(db: Path):
    if not db.exists():
        return None
    connection = sqlite3.connect(db)
    try:
        ok = connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        return ok, connection.execute("select count(*) from papers").fetchone()[0]
    finally:
        connection.close()


def try_kills(count: int) -> None:
    print(f"== kills: {count} runs killed with SIGKILL at a random moment")
    rng = random.Random(7)
    survived = 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with open(corpus, "w") as handle:
            for i in range(6000):
                handle.write(json.dumps({"title": f"Paper {i}", "abstract": f"We reach {i % 90}.5% on GSM8K, "
                                         f"{1 + i % 7}x faster than the baseline."}) + "\n")
        for n in range(count):
            db = Path(tmp) / f"kb{n}.db"
            claimbase("build", *SEEDS, "--db", db)
            before = _state(db)
            kind = rng.choice(["build", "add", "add2"])
            args = ["build", *SEEDS] if kind == "build" else ["add", corpus] + (["--workers", "2"] if kind == "add2" else [])
            process = subprocess.Popen([*CLAIMBASE, *map(str, args), "--db", str(db), "--quiet"], cwd=ROOT,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(rng.uniform(0.3, 4.0))
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            after = _state(db)
            expected_after = 303 if kind == "build" else before[1] + 6000
            good = after is not None and after[0] and after[1] in (before[1], expected_after)
            claimbase("build", *SEEDS, "--db", db)
            leftovers = [p.name for p in Path(tmp).glob(f".kb{n}.db.*")]
            good = good and not leftovers and _state(db) == (True, 303)
            survived += good
            print(f"  {kind:5s} killed: database {'intact' if good else 'DAMAGED'} "
                  f"({before[1]} papers before, {after[1] if after else '-'} after){' leftovers ' + str(leftovers) if leftovers else ''}")
    print(f"  {survived} of {count} kills left an intact database and nothing behind after the next run")


def try_text() -> None:
    from tests.stress.test_linear_time import EXTRACTOR, FAMILIES

    print("== text: extraction time of the adversarial families (best of 3), per KB")
    worst = (0.0, "")
    for name, make in FAMILIES.items():
        EXTRACTOR.extract(make(1024), "t")
        row = []
        for kb in (1, 4, 16, 20):
            text = make(kb * 1024)
            best = min(_timed(lambda: EXTRACTOR.extract(f"{run}{text[1:]}", "t")) for run in range(3))
            row.append(best)
        per_kb = row[-1] / 20
        worst = max(worst, (per_kb, name))
        print(f"  {name:26s} " + "  ".join(f"{kb:>2} KB {s * 1000:7.1f} ms" for kb, s in zip((1, 4, 16, 20), row)))
    print(f"  worst: {worst[0] * 1000:.1f} ms per KB ({worst[1]}, at 20 KB, the longest abstract kept)")


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def try_writers(count: int) -> None:
    print(f"== writers: {count} adds on one database at once")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        claimbase("build", *SEEDS, "--db", db)
        files = []
        for w in range(count):
            path = Path(tmp) / f"w{w}.jsonl"
            with open(path, "w") as handle:
                for i in range(1500):
                    handle.write(json.dumps({"title": f"Writer {w} paper {i}", "abstract": f"We reach {i % 90}.5%."}) + "\n")
            files.append(path)
        started = time.perf_counter()
        processes = [subprocess.Popen([*CLAIMBASE, "add", str(f), "--db", str(db), "--quiet"], cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
        results = [(p.wait(), p.stderr.read()) for p in processes]
        seconds = time.perf_counter() - started
        papers = _state(db)
        print(f"  exit codes {[code for code, _ in results]}, {sum(bool(err) for _, err in results)} with errors; "
              f"{papers[1]} papers (expected {303 + 1500 * count}), integrity {'ok' if papers[0] else 'FAILED'}; "
              f"{seconds:.1f}s")


def try_server(requests: int) -> None:
    print(f"== server: `claimbase serve --live`, a burst of {requests} concurrent requests")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        claimbase("build", *SEEDS, "--db", db)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([*CLAIMBASE, "serve", "--live", "--db", str(db), "--", "--port", str(port)],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            paths = ["/-/overview", "/-/compare?benchmark=GSM8K&benchmark=MATH", "/-/compare?min_papers=2",
                     "/kb/papers", "/kb.json?sql=select+count(*)+from+claims", "/-/compare?min_papers=" + "9" * 25,
                     "/kb.json?sql=select+length(randomblob(1e9))"]
            burst = [paths[i % len(paths)] for i in range(requests)]

            def get(path):
                started = time.perf_counter()
                try:
                    status = urllib.request.urlopen(base + path, timeout=30).status
                except urllib.error.HTTPError as error:
                    status = error.code
                return path, status, time.perf_counter() - started

            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                results = list(pool.map(get, burst))
            seconds = time.perf_counter() - started
            by_path = collections.defaultdict(list)
            for path, status, took in results:
                by_path[path].append((status, took))
            for path, found in by_path.items():
                statuses = collections.Counter(s for s, _ in found)
                print(f"  {path[:48]:48s} {dict(statuses)}  slowest {max(t for _, t in found) * 1000:6.0f} ms")
            post = urllib.request.Request(base + "/kb/papers", data=b"a=1", method="POST")
            try:
                status = urllib.request.urlopen(post, timeout=5).status
            except urllib.error.HTTPError as error:
                status = error.code
            print(f"  POST /kb/papers: {status};  {requests} requests in {seconds:.1f}s, "
                  f"{sum(s >= 500 for _, s, _ in results)} answered 5xx")
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["inputs", "kills", "text", "writers", "server"])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    parts = {"inputs": try_inputs, "kills": lambda: try_kills(args.kills), "text": try_text,
             "writers": lambda: try_writers(args.writers), "server": lambda: try_server(args.requests)}
    for name, run in parts.items():
        if args.only in (None, name):
            run()


if __name__ == "__main__":
    main()
