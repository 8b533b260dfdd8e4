"""The data contract: every record is validated here before it is written.

Readers produce `Listing`s (one per appearance of a paper in an input), the build merges
them into `Paper`s, and the extractor produces `Claim`s and `Mention`s whose spans must be
exact substrings of the abstract they point into.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator, model_validator

ClaimKind = Literal["score", "delta", "ratio", "model_size", "quantity"]
Qualifier = Literal["=", "<=", ">=", "<", ">", "~"]
Direction = Literal["up", "down"]


class Listing(BaseModel):
    """One appearance of a paper in an input file, with where it was found."""

    title: str = Field(min_length=1)
    abstract: str = Field(min_length=1)
    authors: list[str] = []
    authors_truncated: bool = False  # the page printed "et al."
    organizations: list[str] = []
    category: Optional[str] = None
    year: Optional[int] = None
    month: Optional[int] = Field(default=None, ge=1, le=12)
    day: Optional[int] = Field(default=None, ge=1, le=31)
    date_text: Optional[str] = None
    has_code: bool = False
    listing_score: Optional[float] = None
    source_file: str
    layout: str
    line: int = Field(ge=1)
    position: int = Field(ge=1)  # ordinal of the listing in its file
    external_id: Optional[str] = None  # the paper's key from the input: arXiv id, else DOI, ...
    arxiv_id: Optional[str] = None  # "2305.14314", where the input gives one
    doi: Optional[str] = None  # "10.18653/v1/2023.acl-long.1", where the input gives one (arXiv's own DOIs give arxiv_id)
    url: Optional[str] = None

    @field_validator("title", "abstract")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @property
    def date(self) -> Optional[str]:
        """ISO date, only when the page gave the year: a missing year is never invented."""
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day).isoformat()
        return None


# A claim's fields as the annotation guidelines name them (the rest is provenance).
GOLD_FIELDS = ("kind", "text", "value", "value_high", "baseline_value", "qualifier", "unit",
               "metric", "benchmark", "subject", "baseline", "direction")


class Claim(BaseModel):
    """One claimed number (or range) with its normalization and provenance."""

    kind: ClaimKind
    text: str = Field(min_length=1)
    value: float = Field(allow_inf_nan=False)  # "1" followed by 400 digits is no claim, and no JSON number
    value_high: Optional[float] = Field(default=None, allow_inf_nan=False)
    baseline_value: Optional[float] = Field(default=None, allow_inf_nan=False)
    qualifier: Qualifier = "="
    unit: str = ""
    metric: Optional[str] = None
    benchmark: Optional[str] = None
    subject: Optional[str] = None
    baseline: Optional[str] = None
    direction: Optional[Direction] = None
    start: int = Field(ge=0)
    end: int
    sentence: str
    sentence_start: int = Field(ge=0)
    rule: str
    confidence: float = Field(ge=0.0, le=1.0)
    # the value (and the top of a range) as the abstract prints it ("52.0", not 52): pages and
    # tables show it without reading the text again
    printed: Optional[str] = None
    printed_high: Optional[str] = None

    @model_validator(mode="after")
    def _span(self) -> "Claim":
        if self.end - self.start != len(self.text):
            raise ValueError("evidence offsets do not match the evidence text")
        return self

    def check_against(self, abstract: str) -> None:
        """Provenance: the evidence must be exactly the abstract's text at its offsets."""
        if abstract[self.start:self.end] != self.text:
            raise ValueError(f"evidence {self.text!r} is not at {self.start}:{self.end}")


class Mention(BaseModel):
    """An entity named in an abstract: a benchmark, a metric, a sized model, or the paper's own
    system (canonical: the abbreviation the abstract defines for it, else its name)."""

    label: Literal["BENCHMARK", "METRIC", "MODEL", "SYSTEM"]
    text: str = Field(min_length=1)
    canonical: str
    start: int = Field(ge=0)
    end: int
    rule: str
    params: Optional[float] = Field(default=None, allow_inf_nan=False)  # models: parameter count
    family: Optional[str] = None  # models: family name ("Llama", "OPT")
    higher_is_better: Optional[bool] = None  # metrics

    @model_validator(mode="after")
    def _span(self) -> "Mention":
        if self.end - self.start != len(self.text):
            raise ValueError("mention offsets do not match the mention text")
        return self


# --- input records as they arrive, before they are mapped to a Listing ---------------------------
# JSON gives any type anywhere: a title that is an object, authors that are a number, an
# arXiv snapshot whose `versions` is not a list. Each record shape is validated strictly
# (nothing coerced: a dict title is an error, not its repr stored), so a wrong type is one
# rejected record naming its field, which --skip-invalid can skip.


class _Input(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class NamedAuthor(_Input):
    name: Optional[StrictStr] = None


Names = Union[StrictStr, list[Union[StrictStr, NamedAuthor, list[StrictStr]]], None]


class RecordFields(_Input):
    """The fields every record shape is mapped to (a generic record's columns, an arXiv
    snapshot's or Semantic Scholar's keys) before they become a Listing."""

    title: Optional[StrictStr] = None
    abstract: Optional[StrictStr] = None
    authors: Names = None
    date: Union[StrictStr, StrictInt, None] = None
    categories: Union[StrictStr, list[StrictStr], None] = None
    external_id: Optional[StrictStr] = None
    organizations: Optional[list[StrictStr]] = None
    arxiv_id: Union[StrictStr, None] = None
    doi: Optional[StrictStr] = None
    url: Optional[StrictStr] = None


class Version(_Input):
    created: Optional[StrictStr] = None


class SnapshotRecord(_Input):
    """The keys of an arXiv metadata snapshot record that claimbase reads."""

    id: Union[StrictStr, None] = None
    versions: Optional[list[Version]] = None
    authors_parsed: Optional[list[list[StrictStr]]] = None
    update_date: Optional[StrictStr] = None


class SemanticScholarRecord(_Input):
    """The keys of a Semantic Scholar Graph API paper that claimbase reads."""

    paperId: Optional[StrictStr] = None
    externalIds: Optional[dict[str, Union[StrictStr, StrictInt, None]]] = None
    authors: Optional[list[NamedAuthor]] = None
    year: Optional[StrictInt] = None
    publicationDate: Optional[StrictStr] = None
    fieldsOfStudy: Optional[list[StrictStr]] = None


class GenericIds(_Input):
    """A generic record's identifiers: an id may be a number, the others are text."""

    id: Union[StrictStr, StrictInt, None] = None
    arxiv_id: Optional[StrictStr] = None
    doi: Optional[StrictStr] = None
    url: Optional[StrictStr] = None
