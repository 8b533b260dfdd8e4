"""Throughput of `claimbase add` end to end (parse, extract, store), with peak memory.

Builds a corpus of N abstracts by re-using the seed abstracts with their numbers
perturbed (seeded, so runs are comparable), then, each in a fresh process:
  - `claimbase add` into a new database with 1 and 2 workers;
  - a spaCy blank-English tokenizer pass over the same texts (the ceiling);
  - with `--floor`, `add` with one worker and the extraction rules taken out: it reads,
    tokenizes and stores every paper, but finds no claim or mention. What separates this
    floor from the full `add` is what the rules (and storing what they find) cost; the gap
    between the floor and half the ceiling is what they may cost if `add` is to reach half
    the tokenizer's rate.
Prints abstracts per second, peak memory (max RSS) and the ratio to the ceiling; with
`--cores`, a line showing how many cores each run with several workers kept busy, and how
much core time it left idle (the part of the run that more workers cannot share). On a shared
machine runs vary by several percent: `--repeat 3` runs every measurement three times, in
turn, and reports the median with the range.

    python benchmarks/throughput.py              # 20,000 abstracts
    python benchmarks/throughput.py --repeat 3   # median of three runs each
    python benchmarks/throughput.py --n 200000   # the large run
    python benchmarks/throughput.py --floor      # also `add` without the rules
    python benchmarks/throughput.py --corpus ../shared/corpus/arxiv-cs-2025.jsonl.gz   # real abstracts
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_abstracts() -> list[tuple[str, str]]:
    from claimbase.readers.seeds import read_seed_files

    seen, out = set(), []
    for listing in read_seed_files(sorted((ROOT / "seeds").glob("*.txt"))):
        if listing.title not in seen:
            seen.add(listing.title)
            out.append((listing.title, listing.abstract))
    return out


def perturb(text: str, rng: random.Random) -> str:
    """The same abstract with every decimal number nudged, so no two copies are identical."""
    def nudge(match):
        number = match.group(0)
        if "." in number:
            decimals = len(number.split(".")[1])
            return f"{float(number) * rng.uniform(0.8, 1.2):.{decimals}f}"
        return number
    return re.sub(r"\d+\.\d+", nudge, text)


def write_corpus(path: Path, n: int) -> None:
    rng = random.Random(13)
    base = seed_abstracts()
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            title, abstract = base[i % len(base)]
            handle.write(json.dumps({"id": f"bench-{i}", "title": f"{title} ({i})",
                                     "abstract": perturb(abstract, rng)}) + "\n")


def copy_corpus(source: Path, path: Path, n: int) -> int:
    """The first n records of a snapshot file as the JSON Lines `add` reads; returns how many."""
    opener = gzip.open if source.suffix == ".gz" else open
    count = 0
    with opener(source, "rt", encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as out:
        for line in lines:
            if count >= n:
                break
            record = json.loads(line)
            out.write(json.dumps({"id": record["id"], "title": record["title"], "abstract": record["abstract"]}) + "\n")
            count += 1
    return count


def measure(command: list[str], trace: bool = False) -> tuple[float, float, list[float]]:
    """Seconds and peak RSS (MB) of a command run in its own process, and with `trace` the
    cores the machine kept busy in every tenth of a second of it."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    busy, last = [], _cpu_ticks() if trace else None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if trace else 0)
        if pid:
            break
        time.sleep(0.1)
        now = _cpu_ticks()
        total, idle = now[0] - last[0], now[1] - last[1]
        busy.append(os.cpu_count() * (1 - idle / total) if total else 0.0)
        last = now
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-400:]}")
    return seconds, usage.ru_maxrss / 1024, busy


def _cpu_ticks() -> tuple[int, int]:
    """The machine's CPU time so far, all and idle (Linux: /proc/stat), in clock ticks."""
    with open("/proc/stat") as handle:
        ticks = [int(field) for field in handle.readline().split()[1:]]
    return sum(ticks), ticks[3] + ticks[4]  # idle and waiting for I/O


def show_cores(label: str, busy: list[float], width: int = 72) -> None:
    """A line per run: how many cores were busy over its course (one column per slice of the
    run), and the core time left idle, which more workers cannot use."""
    cores = os.cpu_count()
    step = max(1, -(-len(busy) // width))
    columns = [statistics.fmean(busy[i:i + step]) for i in range(0, len(busy), step)]
    levels = " ▁▂▃▄▅▆▇█"
    print(f"{label.strip()}: cores busy, 0 to {cores}, {step / 10:.1f} s a column")
    print("  " + "".join(levels[min(8, round(8 * c / cores))] for c in columns))
    idle = [0.1 * (cores - b) for b in busy]
    full = [i for i, b in enumerate(busy) if b > cores - 0.25]
    if full:
        start, end = sum(idle[:full[0]]), sum(idle[full[-1] + 1:])
        print(f"  idle core time {sum(idle):.1f} s: {start:.1f} s before all cores are busy, "
              f"{end:.1f} s after, {sum(idle) - start - end:.1f} s between")


TOKENIZE = """
import json, sys, spacy
nlp = spacy.blank("en")
texts = (json.loads(line)["abstract"] for line in open(sys.argv[1], encoding="utf-8"))
for _ in nlp.tokenizer.pipe(texts, batch_size=1000):
    pass
"""

# `add` with one worker whose extractor only tokenizes (as the real one does first) and finds
# nothing: reading, tokenizing, storing papers and indexing them for search, without the rules.
ADD_WITHOUT_RULES = """
import sys
import claimbase.storage.ingest
from claimbase.cli import cli
from claimbase.stages.tokens import extraction_pipeline

class TokenizeOnly:
    def __init__(self):
        self.nlp = extraction_pipeline()

    def extract(self, abstract, title=None):
        self.nlp.make_doc(abstract)
        return [], []

    def extract_many(self, papers):
        for abstract, title in papers:
            yield self.extract(abstract, title)

claimbase.storage.ingest.Extractor = TokenizeOnly
cli(["add", sys.argv[1], "--db", sys.argv[2], "--workers", "1", "--quiet"])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000, help="abstracts in the corpus")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="read the first N abstracts of this arXiv snapshot (JSON Lines, .gz too) instead of "
                             "perturbed seed abstracts: ../shared/corpus/arxiv-cs-2025.jsonl.gz for real text")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs of every measurement (the median is reported)")
    parser.add_argument("--floor", action="store_true", help="also time `add` with the extraction rules taken out")
    parser.add_argument("--cores", action="store_true",
                        help="show how many cores each `add` with several workers kept busy (Linux)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        if args.corpus:
            args.n = copy_corpus(args.corpus, corpus, args.n)
        else:
            write_corpus(corpus, args.n)
        print(f"corpus: {args.n:,} abstracts ({corpus.stat().st_size / 1e6:.1f} MB)"
              f"{f' from {args.corpus}' if args.corpus else ', perturbed seed abstracts'}")
        commands = {"tokenizer only      ": [sys.executable, "-c", TOKENIZE, str(corpus)]}
        if args.floor:
            commands["add, without rules  "] = [sys.executable, "-c", ADD_WITHOUT_RULES, str(corpus),
                                               str(Path(tmp) / "bench-floor.db")]
        for workers in args.workers:
            db = Path(tmp) / f"bench-{workers}.db"
            commands[f"add, {workers} worker{'s' if workers > 1 else ' '}      "] = [
                sys.executable, "-m", "claimbase.cli", "add", str(corpus), "--db", str(db), "--workers", str(workers),
                "--quiet"]
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        traces: dict[str, list[float]] = {}
        for _ in range(args.repeat):  # in turn, so that a slow spell of the machine touches every measurement
            for label, command in commands.items():
                for leftover in Path(tmp).glob("bench-*.db*"):
                    leftover.unlink()
                trace = args.cores and "workers" in label
                seconds, peak, traces[label] = measure(command, trace)
                runs[label].append((seconds, peak))
        rates = {}
        for label, results in runs.items():
            rate = statistics.median(args.n / seconds for seconds, _ in results)
            rss = max(peak for _, peak in results)
            spread = ""
            if len(results) > 1:
                spread = f"   (runs {min(args.n / s for s, _ in results):.0f}-{max(args.n / s for s, _ in results):.0f})"
            if label.startswith("tokenizer"):
                ceiling = rate
                print(f"{label}: {rate:8.0f} abstracts/s   peak {rss:6.0f} MB{spread}")
                continue
            if label.startswith("add, without"):
                floor = rate
                print(f"{label}: {rate:8.0f} abstracts/s   peak {rss:6.0f} MB   {rate / ceiling:.2f} of the tokenizer{spread}")
                continue
            workers = int(label.split()[1])
            rates[workers] = rate
            print(f"{label}: {rate:8.0f} abstracts/s   peak {rss:6.0f} MB   {rate / ceiling:.2f} of the tokenizer{spread}")
        if 1 in rates and 2 in rates:
            print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
        for label, busy in traces.items():
            if busy:
                show_cores(label, busy)
        if args.floor and 1 in rates:
            rules_cost = 1e3 / rates[1] - 1e3 / floor
            allowed = 1e3 / (ceiling / 2) - 1e3 / floor
            print(f"the rules, and storing what they find, cost {rules_cost:.3f} ms per abstract; "
                  f"at half the tokenizer's rate they could cost {allowed:.3f} ms")


if __name__ == "__main__":
    main()
