"""Datasette as people use it, in a real headless Chromium driven by Playwright.

Starts `claimbase serve` on a free local port over the seeds database, then searches,
follows a facet, opens a paper with its highlighted evidence, opens the comparison page
and downloads a CSV. Screenshots go to test-artifacts/. Skips, with one line saying why,
where Chromium or Playwright is not installed.
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Iterator

import pytest

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving(db) -> Iterator[str]:
    """`claimbase serve` of a database on a free port, until the generator is closed."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "claimbase.cli", "serve", "--db", str(db), "--", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("datasette did not start: " + process.stdout.read().decode()[-500:])
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seeds_db):
    yield from serving(seeds_db)


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
        yield context.new_page()
        browser.close()


def test_search_facet_paper_and_comparison(server, page, tmp_path):
    page.goto(server + "/claims/papers")
    page.fill("input[name=_search]", "speculative decoding")
    page.press("input[name=_search]", "Enter")
    page.wait_for_load_state()
    assert "_search=speculative" in page.url
    titles = page.locator("td.col-title").all_inner_texts()
    assert titles and any("Speculative" in t for t in titles)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.goto(server + "/claims/claims_readable?_facet=kind")
    page.locator("[data-column=kind] a", has_text=re.compile(r"^ratio$")).first.click()
    page.wait_for_load_state()
    assert "kind=ratio" in page.url
    kinds = set(page.locator("td.col-kind").all_inner_texts())
    assert kinds == {"ratio"}
    page.screenshot(path=str(ARTIFACTS / "facet.png"), full_page=True)

    page.goto(server + "/claims/papers?_search=MAmmoTH")
    page.locator("td.col-id a").first.click()
    page.wait_for_load_state()
    marks = page.locator("td.evidence mark").all_inner_texts()
    assert "33%" in marks and "44%" in marks
    page.screenshot(path=str(ARTIFACTS / "paper.png"), full_page=True)

    page.goto(server + "/-/compare")
    page.select_option("select[name=benchmark]", ["MATH", "GSM8K"])
    page.select_option("select[name=kind]", "delta")
    page.select_option("select[name=pick]", "all")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.comparison a.claim").count() > 0
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("a.download-csv")
    target = tmp_path / "comparison.csv"
    download_info.value.save_as(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("System,") and "GSM8K" in lines[0] and len(lines) > 1


@pytest.fixture(scope="module")
def other_name_server(tmp_path_factory):
    """The seeds built under another file name, served by `claimbase serve`."""
    db = tmp_path_factory.mktemp("other") / "my-papers.db"
    built = subprocess.run([sys.executable, "-m", "claimbase.cli", "build", "--quiet", "--db", str(db)], cwd=ROOT,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    yield from serving(db)


def no_error_page(page) -> None:
    assert page.title() and not re.match(r"Error \d+", page.title()), page.title()
    assert not page.locator("h1", has_text=re.compile(r"^Error \d+")).count()


def test_a_walk_through_a_knowledge_base_of_another_name(other_name_server, page):
    base = other_name_server
    page.goto(base + "/")
    no_error_page(page)
    assert page.locator(".claimbase-start a", has_text="Compare benchmarks").count() == 1
    page.screenshot(path=str(ARTIFACTS / "walk-1-index.png"), full_page=True)

    page.goto(base + "/my-papers")
    page.locator("a", has_text="Models under N parameters with a score on a benchmark").first.click()
    page.wait_for_load_state()
    page.fill("input[name=max_params]", "8B")
    page.fill("input[name=benchmark]", "")
    page.locator("form input[type=submit]").first.click()
    page.wait_for_load_state()
    no_error_page(page)
    sizes = page.locator("td.col-params").all_inner_texts()
    assert sizes and all(re.fullmatch(r"\d+(\.\d+)?[BM]", s) for s in sizes), sizes
    assert all(v.endswith("%") for v in page.locator("td.col-value").all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "walk-2-query.png"), full_page=True)

    page.goto(base + "/my-papers/claims_readable?_size=20&kind=score")
    page.locator("td.col-paper_id a").first.click()
    page.wait_for_load_state()
    no_error_page(page)
    assert "/my-papers/papers/" in page.url and page.locator("td.evidence mark").count() > 0
    page.screenshot(path=str(ARTIFACTS / "walk-3-paper.png"), full_page=True)

    page.locator("table.claims-evidence td a").first.click()
    page.wait_for_load_state()
    no_error_page(page)
    assert "/my-papers/claims/" in page.url and page.locator("blockquote.evidence mark").count() == 1
    page.screenshot(path=str(ARTIFACTS / "walk-4-claim.png"), full_page=True)

    page.goto(base + "/")
    page.locator(".claimbase-start a", has_text="Compare benchmarks").click()
    page.wait_for_load_state()
    page.select_option("select[name=benchmark]", ["MATH", "GSM8K"])
    page.select_option("select[name=pick]", "all")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    no_error_page(page)
    assert "benchmark=MATH" in page.url and "benchmark=GSM8K" in page.url
    assert page.locator("table.comparison a.claim").count() > 0
    wrapper, table = page.locator(".comparison-wrapper"), page.locator("table.comparison")
    assert wrapper.bounding_box()["width"] <= page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / "walk-5-compare.png"), full_page=True)

    page.goto(base + "/")
    page.locator(".claimbase-start a", has_text="Overview charts").click()
    page.wait_for_load_state()
    no_error_page(page)
    assert page.locator("figure.chart svg").count() == 4
    page.screenshot(path=str(ARTIFACTS / "walk-6-overview.png"), full_page=True)
