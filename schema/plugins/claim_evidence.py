"""Datasette plugin: a paper's row page lists its authors, sources and claims, with the
claimed span highlighted inside its sentence."""
from datasette import hookimpl
from markupsafe import Markup, escape

from claimbase.reports.display import claim_value, readable


def highlight(sentence: str, sentence_start: int, start: int, end: int) -> Markup:
    """The sentence with the evidence span wrapped in <mark> (offsets are abstract offsets)."""
    a, b = start - sentence_start, end - sentence_start
    if not (0 <= a <= b <= len(sentence)):
        return escape(sentence)
    return Markup(f"{escape(sentence[:a])}<mark>{escape(sentence[a:b])}</mark>{escape(sentence[b:])}")


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name == "row" and table == "claims":
        return _claim_details(database, request, datasette)
    if view_name != "row" or table != "papers":
        return {}

    async def paper_details():
        paper_id = request.url_vars.get("pks")
        db = datasette.get_database(database)
        authors = await db.execute(
            "select authors.id, authors.name from paper_authors join authors on authors.id = paper_authors.author_id "
            "where paper_id = ? order by position", [paper_id])
        sources = await db.execute(
            "select sources.file, listings.line from listings join sources on sources.id = listings.source_id "
            "where paper_id = ? order by sources.file", [paper_id])
        paper = (await db.execute(
            "select id, title, abstract, category, date, date_text, arxiv_id, doi, url from papers where id = ?",
            [paper_id])).first()
        claims = await db.execute(
            "select id, kind, qualifier, value, value_high, unit, metric, benchmark, subject, baseline, direction, "
            "text, start, end, sentence, sentence_start, rule, metric_id, benchmark_id, model_id "
            "from claims where paper_id = ? order by start", [paper_id])
        if paper is None:
            return {"paper_details": None}
        return {"paper_details": {
            "paper": dict(paper, shown_title=readable(paper["title"]), shown_abstract=readable(paper["abstract"])),
            "authors": [dict(r) for r in authors.rows],
            "sources": [dict(r) for r in sources.rows],
            "claims": [dict(r, highlighted=highlight(r["sentence"], r["sentence_start"], r["start"], r["end"]),
                            shown=claim_value(r["value"], r["unit"], r["qualifier"], r["value_high"], r["kind"],
                                              r["direction"]))
                       for r in claims.rows],
        }}

    return paper_details


def _claim_details(database, request, datasette):
    async def claim_details():
        db = datasette.get_database(database)
        rows = await db.execute(
            "select claims.*, papers.title as paper_title, benchmarks.name as benchmark_name, "
            "metrics.name as metric_name, models.name as model_name from claims "
            "join papers on papers.id = claims.paper_id left join benchmarks on benchmarks.id = claims.benchmark_id "
            "left join metrics on metrics.id = claims.metric_id left join models on models.id = claims.model_id "
            "where claims.id = ?", [request.url_vars.get("pks")])
        row = rows.first()
        if row is None:
            return {"claim_details": None}
        details = dict(row)
        details["highlighted"] = highlight(row["sentence"], row["sentence_start"], row["start"], row["end"])
        return {"claim_details": details}

    return claim_details
