"""Where the curated vocabularies and patterns live, loaded once per process."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

def _beside_or_above(name: str) -> Path:
    """An installed claimbase keeps data/ and schema/ inside the package (claimbase/data); a
    checkout keeps them beside extract/, which is the package."""
    here = Path(__file__).resolve().parent.parent  # the package: engines/ is inside it
    return here / name if (here / name).is_dir() else here.parent / name


DATA_DIR = _beside_or_above("data")  # the rules and vocabularies
SCHEMA_DIR = _beside_or_above("schema")  # the data contract and the Datasette plugin
DEFAULT_DB = Path("claims.db")  # where the user is, as the *-to-sqlite tools do
DEFAULT_SEEDS = Path("seeds")


class _WordsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML where only true/false are booleans: cue lists hold words like "on", "no", "off".

    Parsed by libyaml where PyYAML has it: the vocabularies are read at every start, and the
    pure-Python parser takes a fifth of a second over them."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


@functools.lru_cache(maxsize=None)
def load_yaml(name: str):
    """A YAML file of data/ (patterns, vocabularies), parsed once."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_WordsLoader)


@functools.lru_cache(maxsize=None)
def surfaces(vocabulary: str, key: str) -> tuple[tuple[str, dict], ...]:
    """Every name and alias of a vocabulary of data/ ("metrics.yml", "metrics") with its entry,
    and the variants its `acronym_prefixes` make of each acronym of three letters or more: "rFID"
    (reconstruction FID) is an entry of its own, named "rfid", with FID's polarity."""
    spec = load_yaml(vocabulary)
    out = [(surface, entry) for entry in spec[key] for surface in [entry["name"], *entry.get("aliases", [])]]
    prefixes = spec.get("acronym_prefixes", ())
    written = {surface.lower() for surface, _ in out}
    for surface, entry in list(out):
        if len(surface) >= 3 and surface.isalpha() and surface.isupper():
            for prefix in prefixes:
                if (prefix + surface).lower() not in written:  # "GFLOPs" is FLOPs, not a variant
                    out.append((prefix + surface, {**entry, "name": (prefix + surface).lower(), "aliases": []}))
    return tuple(out)
