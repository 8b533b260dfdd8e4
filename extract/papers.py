"""Merging listings into papers: the same paper listed in several files is one paper.

A paper's key is its external id where the input has one (arXiv id, DOI), else a hash of
its normalized title, so that the same paper read from two pages, or added twice, lands
on the same row.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Optional

import regex

from schema.models import Listing


def normalize_title(title: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", " ", title.lower()).strip()


def paper_key(listing: Listing) -> str:
    basis = listing.external_id or normalize_title(listing.title)
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


@dataclass
class Paper:
    """A paper with every listing it was read from."""

    id: str
    listings: list[Listing] = field(default_factory=list)

    @property
    def first(self) -> Listing:
        return self.listings[0]

    @property
    def title(self) -> str:
        return self.first.title

    @property
    def abstract(self) -> str:
        return self.first.abstract

    @property
    def authors(self) -> list[str]:
        """The first listing that prints authors (trending lists print none)."""
        return next((l.authors for l in self.listings if l.authors), [])

    @property
    def authors_truncated(self) -> bool:
        return next((l.authors_truncated for l in self.listings if l.authors), False)

    @property
    def organizations(self) -> list[str]:
        seen: dict[str, None] = {}
        for listing in self.listings:
            seen.update(dict.fromkeys(listing.organizations))
        return list(seen)

    @property
    def dated(self) -> Listing:
        """The listing with the most complete date: a full date beats a month and day."""
        return max(self.listings, key=lambda l: (l.year is not None, l.month is not None))

    def first_value(self, attribute: str) -> Optional[object]:
        return next((getattr(l, attribute) for l in self.listings if getattr(l, attribute) is not None), None)


def merge_listings(listings: Iterable[Listing]) -> list[Paper]:
    """Papers in order of first appearance, each with all its listings."""
    papers: dict[str, Paper] = {}
    for listing in listings:
        key = paper_key(listing)
        papers.setdefault(key, Paper(key)).listings.append(listing)
    return list(papers.values())
