"""The served knowledge base under hostile or careless use: every bad parameter is a 4xx with
a message, writes are refused, no query can make a gigabyte, pictures survive a burst, and
a page's queries are bounded in time."""
from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import pytest
from datasette.app import Datasette

from claimbase.reports.plots import draw_overview
from claimbase.schema.plugins import compare_pages


@pytest.fixture(scope="module")
def datasette(seeds_db):
    return Datasette(immutables=[str(seeds_db)])  # claimbase's plugin comes with it (entry points)


def fetch(ds, *requests):
    """Send (method, path) requests at once; their responses in order."""
    async def send():
        await ds.invoke_startup()
        return await asyncio.gather(*[ds.client.request(method, path) for method, path in requests])
    return asyncio.run(send())


BAD_PARAMETERS = [
    "/-/compare?min_papers=" + "9" * 25, "/-/compare?min_papers=-1", "/-/compare?min_papers=0",
    "/-/compare?min_papers=%C2%B2", "/-/compare?pick=worst", "/-/compare?kind=opinion",
    "/-/compare?format=docx", "/-/compare?benchmark=GSM8K&benchmark=MATH&kind=nonsense",
]


@pytest.mark.parametrize("path", BAD_PARAMETERS)
def test_a_bad_parameter_is_a_400_that_names_it(datasette, path):
    (response,) = fetch(datasette, ("GET", path))
    assert response.status_code == 400, response.text[:300]
    name = path.split("?")[1].split("&")[-1].split("=")[0]
    assert name in response.text


def test_good_parameters_still_work(datasette):
    (response,) = fetch(datasette, ("GET", "/-/compare?benchmark=GSM8K&benchmark=MATH&min_papers=1&pick=all"))
    assert response.status_code == 200 and "MATH" in response.text


@pytest.mark.parametrize("method, path", [("POST", "/claims/papers"), ("POST", "/claims/nope"),
                                          ("PUT", "/claims"), ("DELETE", "/claims/claims/1"),
                                          ("POST", "/claims/papers_by_author")])
def test_writes_are_refused_with_405(datasette, method, path):
    (response,) = fetch(datasette, (method, path))
    assert response.status_code == 405 and "read-only" in response.text


def test_no_query_makes_a_gigabyte(datasette):
    (response,) = fetch(datasette, ("GET", "/claims.json?sql=select+length(randomblob(1e9))+as+n"))
    assert response.status_code == 400 and "too big" in response.json()["error"]
    (small,) = fetch(datasette, ("GET", "/claims.json?sql=select+length(randomblob(1e6))+as+n&_shape=array"))
    assert small.json() == [{"n": 1_000_000}]


def test_a_burst_of_overview_requests_all_succeed(datasette):
    responses = fetch(datasette, *[("GET", "/-/overview")] * 16)
    assert [r.status_code for r in responses] == [200] * 16
    assert len({r.text for r in responses}) == 1  # drawn once, the same picture for everyone
    assert all(title in responses[0].text for title in ("Claims per kind", "Most-claimed benchmarks", "Size vs score"))


def test_overview_pictures_can_be_drawn_from_many_threads_with_dollar_signs_in_names():
    data = {"kinds": [("score", 5), ("ratio", 2)], "benchmarks": [("$5 bench", 3), ("H$_2$O-QA", 2)],
            "factors": [1.5, 2.0, 30.0], "points": [("Cost$-7B", 7e9, 55.0), ("M$", 1e9, 40.0)]}
    failures = []

    def draw():
        try:
            assert len(draw_overview(data)) == 4
        except Exception as error:  # noqa: BLE001 - any failure in any thread fails the test
            failures.append(error)

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_pages_queries_are_interrupted_at_their_time_limit():
    pages = compare_pages
    conn = sqlite3.connect(":memory:")
    endless = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    started = time.monotonic()
    with pytest.raises(pages.TooSlow):
        with pages._bounded(conn, seconds=0.2):
            conn.execute(endless).fetchone()
    assert time.monotonic() - started < 2
    assert conn.execute("select 1").fetchone() == (1,)  # the connection is usable again, unbounded
