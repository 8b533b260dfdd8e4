"""The real Datasette app over the built database, queried through its own client."""
from __future__ import annotations

import asyncio

import pytest
from datasette.app import Datasette



@pytest.fixture(scope="module")
def datasette(seeds_db):
    return Datasette(immutables=[str(seeds_db)])  # claimbase's plugin comes with it (entry points)


def get(ds, path):
    async def fetch():
        return await ds.client.get(path)
    return asyncio.run(fetch())


def test_papers_table_with_facets(datasette):
    response = get(datasette, "/claims/papers.json?_shape=objects&_facet=category")
    assert response.status_code == 200
    data = response.json()
    assert data["filtered_table_rows_count"] == 303
    categories = {f["value"]: f["count"] for f in data["facet_results"]["category"]["results"]}
    assert categories["CL"] > 50 and "QUANT-PH" in categories


def test_claims_facets_by_kind(datasette):
    data = get(datasette, "/claims/claims.json?_facet=kind&_size=0").json()
    kinds = {f["value"] for f in data["facet_results"]["kind"]["results"]}
    assert {"score", "delta", "ratio", "model_size", "quantity"} <= kinds


def test_canned_query_papers_by_author(datasette):
    data = get(datasette, "/claims/papers_by_author.json?author=Yikang+Shen&_shape=objects").json()
    titles = {row["title"] for row in data["rows"]}
    assert "SALMON: Self-Alignment with Instructable Reward Models" in titles
    assert all(row["author"] == "Yikang Shen" for row in data["rows"])


def test_canned_query_full_text_search(datasette):
    data = get(datasette, "/claims/search_papers.json?q=speculative&_shape=objects").json()
    assert data["rows"] and all("speculative" in (r["title"] + r["snippet"]).lower() for r in data["rows"])


def test_canned_query_by_organization_and_month(datasette):
    orgs = get(datasette, "/claims/papers_by_organization.json?organization=meta-ai&_shape=objects").json()
    assert orgs["rows"] and all(r["organization"] == "meta-ai" for r in orgs["rows"])
    month = get(datasette, "/claims/papers_by_category_and_month.json?category=CL&month=10&_shape=objects").json()
    assert month["rows"] and all(r["category"] == "CL" for r in month["rows"])


def test_paper_page_shows_authors_and_highlighted_claims(datasette, seeds_db):
    import sqlite_utils

    db = sqlite_utils.Database(seeds_db)
    paper = next(db.query("select id, title from papers where title like 'MAmmoTH:%'"))
    html = get(datasette, f"/claims/papers/{paper['id']}").text
    assert "Xiang Yue" in html
    assert "<mark>33%</mark> on MATH" in html
    assert "001_16f5e0508e52a2fe.txt, line" in html
    assert "/claims/benchmarks/" in html and "/claims/models/" in html  # claims link to normalized rows


def test_compare_page_links_cells_to_claims_and_papers(datasette):
    html = get(datasette, "/-/compare?benchmark=MATH").text
    assert "<table class='comparison" in html
    assert "href='/claims/claims/" in html and "href='/claims/papers/" in html
    for fmt in ("markdown", "csv", "latex", "html", "json"):
        assert f'class="download-{fmt}"' in html


def test_compare_page_downloads_every_format(datasette):
    csv_response = get(datasette, "/-/compare?benchmark=MATH&format=csv")
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_response.headers["content-disposition"]
    assert csv_response.text.splitlines()[0].startswith("System,MATH")
    latex = get(datasette, "/-/compare?benchmark=MATH&format=latex").text
    assert "\\toprule" in latex
    speedups = get(datasette, "/-/compare?speedups=1&format=json").json()
    assert speedups and all(r["factor"].endswith("×") for r in speedups)


def test_overview_charts_render(datasette):
    html = get(datasette, "/-/overview").text
    assert html.count("<figure class=\"chart\">") == 4 and html.count("<svg") >= 4


def test_claim_page_highlights_evidence_and_links_entities(datasette, seeds_db):
    import sqlite_utils

    db = sqlite_utils.Database(seeds_db)
    claim = next(db.query("select id, text from claims where benchmark_id is not null and metric_id is not null limit 1"))
    html = get(datasette, f"/claims/claims/{claim['id']}").text
    assert f"<mark>{claim['text']}</mark>" in html.replace("&#39;", "'")
    assert "/claims/benchmarks/" in html and "/claims/metrics/" in html and "/claims/papers/" in html


def test_claims_browse_by_facets_including_paper_category_and_year(datasette):
    data = get(datasette, "/claims/claims_readable.json?_facet=category&_facet=year&_facet=kind&_size=0").json()
    assert {"category", "year", "kind"} <= set(data["facet_results"])
    assert any(f["value"] == "CL" for f in data["facet_results"]["category"]["results"])


def test_canned_queries_users_ask_first(datasette):
    rows = get(datasette, "/claims/speedups_over_baseline.json?baseline=FlashAttention&_shape=objects").json()["rows"]
    assert rows and all("flashattention" in r["baseline"].lower() for r in rows)
    two = get(datasette, "/claims/compare_two_benchmarks.json?a=MATH&b=GSM8K&_shape=objects").json()["rows"]
    assert any(r["a_value"] is not None for r in two)


@pytest.mark.parametrize("typed", ["GPT-4", "pass@1", '"large language"', "", 'a"b', "C++ (x)", "AND OR NOT", "*", "NEAR("])
def test_full_text_search_takes_anything_a_person_types(datasette, typed):
    from urllib.parse import quote

    response = get(datasette, f"/claims/search_papers.json?_shape=array&q={quote(typed)}")
    assert response.status_code == 200, response.text[:300]
    assert len(response.json()) <= 100


def test_search_snippets_are_highlighted_and_escaped(datasette):
    page = get(datasette, "/claims/search_papers?q=speculative").text
    assert page.count("<mark>") >= 5 and "&lt;mark" not in page and "\x02" not in page


def test_views_and_queries_link_ids_and_read_numbers_as_people_write_them(datasette):
    import re

    page = get(datasette, "/claims/models_under_size_with_score?max_params=8000000000&benchmark=").text
    cells = dict(re.findall(r'<td class="col-(params|value|claim_id)[^"]*">(.*?)</td>', page))
    assert re.fullmatch(r'<span title="[\d,]+">\d+(\.\d+)?[BM]</span>', cells["params"])
    assert re.fullmatch(r'<span title="[\d.]+">[\d.]+%</span>', cells["value"])
    assert re.fullmatch(r'<a href="/claims/claims/\d+">claim \d+</a>', cells["claim_id"])
    readable = get(datasette, "/claims/claims_readable?_size=5").text
    assert re.search(r'<td class="col-paper_id[^"]*"><a href="/claims/papers/\w+">[^<]+</a></td>', readable)
    assert "70000000000.0" not in get(datasette, "/claims/models_under_size_with_score?max_params=1e12&benchmark=").text


def test_numbers_and_latex_as_people_read_them():
    from claimbase.reports.display import claim_value, readable, size

    assert [size(7e9), size(208e6), size(4e6), size(1.5e12)] == ["7B", "208M", "4M", "1.5T"]
    assert claim_value(50, "%", "<=") == "≤ 50%" and claim_value(2.9, "x") == "2.9×"
    assert claim_value(3.1, "pp", kind="delta", direction="up") == "+3.1 pp"
    assert claim_value(7e9, "params", kind="model_size") == "7B params"
    assert claim_value(71.20000000000002, "%") == "71.2%" and claim_value(12, "%", value_high=15) == "12–15%"
    assert readable("H$_2$O") == "H₂O" and readable("29$\\times$ faster") == "29× faster"
    assert readable("30\\% better") == "30% better" and readable("O(n$^2$)") == "O(n²)"
    assert readable("snake_case stays") == "snake_case stays"
