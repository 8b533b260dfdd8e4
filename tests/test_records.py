"""Reading records: white space is squeezed the same way whichever path a text takes; CSV files
of every common shape are read; files with a byte-order mark are read, files in another encoding
are refused naming the line; every reader streams, so memory does not grow with the file."""
import csv
import io
import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimbase.errors import InputError
from claimbase.readers import detect_format, read
from claimbase.readers.records import Rejected, _squeezed

# ASCII white space of every kind, a non-ASCII space and letter, and plain letters
WHITE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\xa0\u2003"


@settings(max_examples=500)
@given(st.text(WHITE + "abé", max_size=30))
def test_squeezed_text_has_single_spaces_and_no_ends(text):
    assert _squeezed(text) == " ".join(text.split())


def test_squeezing_keeps_a_clean_text_and_reads_empty_values_as_empty():
    assert _squeezed("A clean title: 7B models") == "A clean title: 7B models"
    assert _squeezed(" Two\n lines\t ") == "Two lines"
    assert _squeezed(None) == "" and _squeezed(3) == "3"


def _records(n: int) -> list[dict]:
    """Abstracts full of the characters CSV dialect guessing trips on: commas, semicolons, %, quotes."""
    return [{"id": f"2401.{i:05d}", "title": f"Sparse routing, revisited ({i})",
             "abstract": f"We propose Router-{i}, which reaches 45.{i % 10}% accuracy on GSM8K; it is 2.{i % 10}x "
                         f"faster than the \"dense\" baseline, and uses 30% less memory."} for i in range(n)]


def _write(fmt: str, path, records: list[dict], delimiter: str = ",") -> None:
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(records), encoding="utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, ["id", "title", "abstract"], delimiter=delimiter)
        writer.writeheader()
        writer.writerows(records)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    elif fmt == "atom":
        entries = "".join(
            f"<entry><id>http://arxiv.org/abs/{r['id']}v1</id><title>{r['title']}</title>"
            f"<summary>{r['abstract'].replace('&', '&amp;').replace('<', '&lt;')}</summary>"
            f"<author><name>Ada Byron</name></author><published>2024-01-05T00:00:00Z</published></entry>"
            for r in records)
        path.write_text(f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>',
                        encoding="utf-8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_commas_and_quotes_in_every_abstract_is_read_whatever_its_delimiter(tmp_path, delimiter):
    path = tmp_path / "reading_list.csv"
    records = _records(40)
    _write("csv", path, records, delimiter)
    listings = list(read(path, "csv"))
    assert [listing.abstract for listing in listings] == [r["abstract"] for r in records]
    assert listings[0].title == "Sparse routing, revisited (0)"


def test_a_csv_without_an_abstract_column_is_rejected_naming_it(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("title;notes\nA paper;Its text\n", encoding="utf-8")
    [rejected] = list(read(path, "csv"))
    assert isinstance(rejected, Rejected) and "no abstract column" in str(rejected) and "list.csv" in str(rejected)


def _peak_while_reading(path, fmt: str) -> tuple[int, int]:
    """Listings read from the file, and the peak of memory allocated while reading them one by one."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in read(path, fmt))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "atom"])
def test_reading_ten_times_the_records_does_not_take_more_memory(tmp_path, fmt):
    small, large = tmp_path / f"small.{fmt}", tmp_path / f"large.{fmt}"
    _write(fmt, small, _records(300))
    _write(fmt, large, _records(3000))
    small_count, small_peak = _peak_while_reading(small, fmt)
    large_count, large_peak = _peak_while_reading(large, fmt)
    assert (small_count, large_count) == (300, 3000)
    assert large_peak < small_peak * 1.5 + 64_000, (small_peak, large_peak)


@pytest.mark.parametrize("name, content", [
    ("excel.csv", 'title,abstract\n"Sparse routing","We reach 91.2% accuracy on MNIST, 3x faster than LeNet."\n'),
    ("windows.jsonl", '{"title": "Sparse routing", "abstract": "We reach 91.2% accuracy on MNIST."}\n'),
    ("windows.json", '[{"title": "Sparse routing", "abstract": "We reach 91.2% accuracy on MNIST."}]'),
    ("notes.txt", "Sparse routing\n\nWe reach 91.2% accuracy on MNIST.\n"),
])
def test_a_byte_order_mark_is_read_past(tmp_path, name, content):
    """Spreadsheets save "CSV UTF-8" with a byte-order mark, which once hid the `title` column."""
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    assert detect_format(path) == {"csv": "csv", "jsonl": "jsonl", "json": "json", "txt": "text"}[name.split(".")[1]]
    [listing] = list(read(path))
    assert listing.title == "Sparse routing" and listing.abstract.startswith("We reach 91.2%")


def _latin1_jsonl(path, good_before: int = 300, good_after: int = 5) -> None:
    lines = [json.dumps({"title": f"Paper {i}", "abstract": f"We reach {i}.5% accuracy on MNIST."}).encode()
             for i in range(good_before + good_after)]
    bad = '{"title": "Caf\xe9 models", "abstract": "We reach 1.5% on MNIST."}'.encode("latin-1")
    path.write_bytes(b"\n".join(lines[:good_before] + [bad] + lines[good_before:]) + b"\n")


def test_a_json_lines_record_that_is_not_utf8_is_rejected_naming_its_line(tmp_path):
    path = tmp_path / "export.jsonl"
    _latin1_jsonl(path)
    records = list(read(path))
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert len(records) == 306 and [str(r) for r in rejected] == [
        f"{path}:301: not UTF-8 text (byte 0xe9 at column 15); save the file as UTF-8"]


@pytest.mark.parametrize("fmt", ["csv", "text"])
def test_a_file_in_another_encoding_fails_naming_the_line(tmp_path, fmt):
    path = tmp_path / f"list.{fmt}"
    lines = ["title,abstract"] + [f'"Paper {i}","We reach {i}.5% on MNIST."' for i in range(3000)]
    if fmt == "text":
        lines = ["A paper", ""] + ["We reach 1.5% on MNIST."] * 3000
    path.write_bytes("\n".join(lines + [""]).encode() + "Caf\xe9 line\n".encode("latin-1"))
    with pytest.raises(InputError) as raised:
        list(read(path, fmt))
    assert str(raised.value) == f"{path}:{len(lines) + 1}: not UTF-8 text (byte 0xe9 at column 4); save the file as UTF-8"
