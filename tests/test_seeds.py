"""Parsing the three seed layouts, checked against the seeds themselves and the dev gold."""
from __future__ import annotations

import re

import pytest

from claimbase.errors import InputError
from claimbase.storage.papers import normalize_title
from claimbase.readers.seeds import Layouts, read_seed_files, split_title_authors

from .conftest import SEEDS


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def listings():
    return read_seed_files(SEEDS)


def test_every_listing_of_every_layout_is_read(listings):
    assert len(listings) == 311
    assert {l.layout for l in listings} == {"profile", "paperlist", "trending"}
    assert len({normalize_title(l.title) for l in listings}) == 303


def test_titles_and_authors_agree_with_the_dev_gold(seeds_db, gold):
    """Through the built database: the merged papers, as export and evaluate see them."""
    import sqlite_utils

    from claimbase.reports.export import paper_records

    papers = {}
    for record in paper_records(sqlite_utils.Database(seeds_db)):
        papers[norm(record["abstract"])[:200]] = record
        papers.setdefault(norm(record["title"]), record)
    agree = 0
    for record in gold:
        paper = papers.get(norm(record["abstract"])[:200]) or papers.get(norm(record["title"]))
        if paper and norm(paper["title"]) == norm(record["title"]) and paper["authors"] == record["authors"]:
            agree += 1
    assert agree / len(gold) >= 0.98, f"{agree}/{len(gold)}"


@pytest.mark.parametrize("line, title, first_author", [
    ("MAmmoTH: Building Math Generalist Models through Hybrid Instruction TuningXiang Yue, Xingwei Qu, Ge Zhang et al. · microsoft-research",
     "MAmmoTH: Building Math Generalist Models through Hybrid Instruction Tuning", "Xiang Yue"),
    ("Nested Named Entity Recognition with Partially-Observed TreeCRFsYao Fu, Chuanqi Tan, Mosha Chen et al.",
     "Nested Named Entity Recognition with Partially-Observed TreeCRFs", "Yao Fu"),
    ("A Cookbook of Self-Supervised LearningRandall Balestriero, Mark Ibrahim", "A Cookbook of Self-Supervised Learning", "Randall Balestriero"),
    ("Understanding the Role of Nonlinearity in Training Dynamics of Contrastive LearningYuandong Tian",
     "Understanding the Role of Nonlinearity in Training Dynamics of Contrastive Learning", "Yuandong Tian"),
    ("Some Title with HyperNetworksJohn Smith, Jane Doe", "Some Title with HyperNetworks", "John Smith"),
])
def test_joined_title_and_authors_split(line, title, first_author):
    split = split_title_authors(line, Layouts.load(), known=set())
    assert split is not None
    assert split[0] == title and split[1][0] == first_author


def test_known_first_author_wins_over_a_camelcase_guess():
    split = split_title_authors("Training in a Latent SpaceDiJia Su, Shibo Hao", Layouts.load(), known={"DiJia Su"})
    assert split == ("Training in a Latent Space", ["DiJia Su", "Shibo Hao"])


def test_missing_year_is_not_invented(listings):
    no_year = [l for l in listings if l.date_text and l.year is None]
    assert no_year, "the seeds have listings without a year"
    assert all(l.date is None for l in no_year)
    scored = [l for l in listings if l.listing_score is not None]
    assert any(l.listing_score == 23.0 and l.category == "CV" and l.date_text == "May 7" for l in scored)


def test_unknown_layout_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("\n\nhello world, this is not a seed page\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_seed_files([bad])
    assert str(error.value) == f"{bad}:3: not in any known seed layout (profile, paper list, trending)"


def test_entry_without_abstract_names_its_line(tmp_path):
    bad = tmp_path / "list.txt"
    bad.write_text("CLSep 11, 2023Code\nA TitleJohn Smith, Jane Doe\nLGOct 1, 2023\nB TitleJane Doe\nAn abstract.\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_seed_files([bad])
    assert f"{bad}:1:" in str(error.value) and "abstract" in str(error.value)
