"""How long every page takes on a large knowledge base, through Datasette's own client.

Builds (once, then reuses) a database of N papers from the real arXiv corpus in ../shared
(74,577 abstracts; beyond that the same abstracts again under other titles, their numbers
nudged), then fetches every kind of page several times and prints the median and the worst
time of each, flagging those over the budget (100 ms). Run by hand, never a timed test:

    python benchmarks/pages.py                  # 200,000 papers (builds for a few minutes once)
    python benchmarks/pages.py --n 20000 --runs 5
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv-cs-2025.jsonl.gz"
BUDGET_MS = 100


def write_records(path: Path, n: int) -> None:
    rng = random.Random(5)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        corpus = [json.loads(line) for line in handle]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            record = corpus[i % len(corpus)]
            round_ = i // len(corpus)
            abstract = record["abstract"] if round_ == 0 else re.sub(
                r"\d+\.\d+", lambda m: f"{float(m.group(0)) * rng.uniform(0.8, 1.2):.1f}", record["abstract"])
            out.write(json.dumps({"id": f"{record['id']}v{round_}" if round_ else record["id"],
                                  "title": record["title"] + (f" (copy {round_})" if round_ else ""),
                                  "abstract": abstract, "authors": record.get("authors"),
                                  "categories": record.get("categories"),
                                  "date": record.get("update_date")}) + "\n")


def build(db: Path, n: int) -> None:
    records = db.with_suffix(".jsonl")
    print(f"building {db} from {n:,} abstracts (once)", flush=True)
    write_records(records, n)
    subprocess.run([sys.executable, "-m", "claimbase.cli", "add", str(records), "--db", str(db), "--workers", "2",
                    "--quiet"], check=True, cwd=ROOT)
    records.unlink()


def pages(db_name: str, paper_id: str, claim_id: int) -> list[tuple[str, str]]:
    d = f"/{db_name}"
    return [
        ("index", "/"),
        ("database", d),
        ("papers table", f"{d}/papers"),
        ("papers by category facet", f"{d}/papers?_facet=category&category=cs.CL"),
        ("claims table", f"{d}/claims"),
        ("claims_readable with facets", f"{d}/claims_readable?kind=score"),
        ("benchmark_results", f"{d}/benchmark_results?benchmark=GSM8K"),
        ("search: speculative decoding", f"{d}/search_papers?q=speculative+decoding"),
        ("search: GPT-4", f"{d}/search_papers?q=GPT-4"),
        ("papers by author", f"{d}/papers_by_author?author=Wang"),
        ("papers by organization", f"{d}/papers_by_organization?organization=Google"),
        ("papers by category and month", f"{d}/papers_by_category_and_month?category=cs.CL&month=3"),
        ("claims on a benchmark", f"{d}/claims_on_benchmark?benchmark=gsm8k"),
        ("compare two benchmarks", f"{d}/compare_two_benchmarks?a=MATH&b=GSM8K"),
        ("models under 8B on a benchmark", f"{d}/models_under_size_with_score?max_params=8B&benchmark=MMLU"),
        ("speedups over a baseline", f"{d}/speedups_over_baseline?baseline=FlashAttention"),
        ("a paper", f"{d}/papers/{paper_id}"),
        ("a claim", f"{d}/claims/{claim_id}"),
        ("/-/compare", "/-/compare"),
        ("/-/compare GSM8K and MATH", "/-/compare?benchmark=GSM8K&benchmark=MATH"),
        ("/-/conflicts", "/-/conflicts?benchmark=GSM8K"),
        ("/-/overview", "/-/overview"),
    ]


async def measure(db: Path, runs: int) -> None:
    import sqlite3

    from datasette.app import Datasette

    connection = sqlite3.connect(db)
    papers = connection.execute("select count(*) from papers").fetchone()[0]
    paper_id = connection.execute("select paper_id from claims order by id desc limit 1").fetchone()[0]
    claim_id = connection.execute("select max(id) from claims").fetchone()[0]
    connection.close()
    datasette = Datasette(immutables=[str(db)])
    await datasette.invoke_startup()
    print(f"{papers:,} papers, {db.stat().st_size / 1e9:.2f} GB; median and worst of {runs} runs "
          f"(the first run of each page included)")
    over = 0
    for name, path in pages(db.stem, paper_id, claim_id):
        times, status = [], None
        for _ in range(runs):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        median = statistics.median(times)
        over += median > BUDGET_MS
        flag = "  OVER" if median > BUDGET_MS else ""
        print(f"  {name:34s} {status}  median {median:7.1f} ms  worst {max(times):7.1f} ms{flag}", flush=True)
    print(f"{over} pages over {BUDGET_MS} ms (median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="Where the database is kept (default /tmp/claimbase-pages-N.db)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"the corpus is not at {CORPUS}")
    db = args.db or Path(f"/tmp/claimbase-pages-{args.n}.db")
    if not db.exists():
        build(db, args.n)
    asyncio.run(measure(db, args.runs))


if __name__ == "__main__":
    main()
