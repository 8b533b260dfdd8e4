"""The compiled patterns of the attribution stage, built once from data/attribution.yml.

The word lists are data; this module only says how each list is used in a pattern (as a
whole word, before a number, after a name), so every slot module reads the same tables.
"""
from __future__ import annotations

import functools
import regex

from claimbase.engines import loader
from claimbase.engines.backward import Backward
from claimbase.engines.resources import load_yaml


@functools.lru_cache(maxsize=1)
def rules():
    spec = load_yaml("attribution.yml")

    def words(name: str) -> str:  # for patterns compiled with regex.I or scanned case-blind
        return loader.alternation(spec[name])

    compiled = {
        "np_stop": regex.compile(r"\s*(?:[,;()\[\]=]|[.:](?!\d)|\b(?<!-)(?:" + loader.alternation(spec["np_stops"], ignore_case=False) + r")(?![\w-])|$)"),
        "comparatives": spec["comparative_metrics"],
        "leading_comparative": regex.compile(r"^(?:" + words("comparative_words") + r")\s+", regex.I),
        # "a reduction of 71% in X": a change named before the number, what changed after it
        "change_of_before": Backward(r"\b(?:" + words("change_nouns") + r")\s+of\s+(?:up\s+to\s+|about\s+|over\s+|"
                                     r"nearly\s+|approximately\s+)?$", regex.I),
        "change_of": regex.compile(r"^(?:[\w-]+\s+)?(?:" + words("change_nouns") + r")\s+(?:in|of)\s+(?P<np>.+)$", regex.I),
        "bare": {w.lower() for w in spec["bare_metrics"]},
        "trailing_change": regex.compile(r"(?<=\w)\s+(?:" + words("change_nouns") + r")$", regex.I),
        "fillers": regex.compile(r"^(?:(?:" + words("filler_adjectives") + r")\s+)+", regex.I),
        "cut_words": {w.lower() for w in spec["not_metric_words"]} | {w.lower() for w in spec["claim_verbs"]},
        "object_words": {w.lower() for w in spec["object_prepositions"]},
        "in_terms_of": regex.compile(r"\bin\s+(?:terms\s+of\s+)?(?:the\s+)?(?P<np>[\w@.+/-]+(?:\s[\w@.+/-]+){0,3}?)\s+(?:metric|score|scores)\b", regex.I),
        "not_metric": set(spec["not_metric_words"]),
        "not_metric_alone": set(spec["not_metrics_alone"]),
        "left_of": Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,3}[\w@.+/-]+)(?:\s*\((?P<abbr>[A-Za-z][\w@.+/-]{0,11})\))?\s*(?:of|=|:|at)\s*(?:"
                                 + loader.alternation(spec["qualifier_words"], trie=False) + r")?\s*$", regex.I),
        "verb_metric": spec["verb_metrics"],
        "adjacent_np": Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,3}[\w@.+/-]+)\s+(?:" + loader.alternation(spec["qualifier_words"], trie=False)
                                     + r")?\s*$"),
        "not_metric_head": regex.compile(r"\b(?:" + words("not_metric_heads") + r")$", regex.I),
        "change_verb": loader.scan_words(spec["change_verbs"]),
        "determiners": regex.compile(r"^(?:(?:the|its|their|our|both|overall|model|LLM)\s+)+", regex.I),
        "resource_after": regex.compile(spec["resource_after"], regex.I),
        "resource_before": Backward(spec["resource_before"].replace("{introduce}", words("introduce_verbs"))),
        "resource_title": regex.compile(spec["resource_title"], regex.I),
        "resource_name": regex.compile(spec["resource_name"]),
        "claim_verb_word": regex.compile(r"\b(?:" + words("claim_verbs") + r")\b", regex.I),
        "claim_verbs": regex.compile(r"^\)?(?:\s+[\w()-]+){0,2}?\s+(?:" + words("claim_verbs") + r")\b", regex.I),
        "object_before": Backward(r"\b(?:" + loader.alternation(spec["object_prepositions"], trie=False) + r")\s+(?:the\s+|a\s+|an\s+)?$", regex.I),
        "self_nouns": {w.lower() for w in spec["self_nouns"]},
        "described_as_own": regex.compile(r"(?<![\w-])(?P<name>" + spec["system_name"] + r"|"
                                          r"[a-z]+-[a-z][\w-]*),\s+(?:a|an)\s+(?:[\w-]+\s+){0,5}?(?:"
                                          + words("self_nouns") + r")\b"),
        "self_reference": regex.compile(r"\b(?:our|this|the proposed|proposed|the resulting)\s+(?:[\w-]+\s+){0,3}?(?:"
                                        + words("self_nouns") + r")\b|\bwe\b|\bit\b", regex.I),
        "baseline_cue": loader.scan(r"(?:^|\s|\()(?P<cue>" + words("baseline_cues") + r")\s+"),
        "hard_stops": loader.scan(r"[;.:]\s|\s\(|\b(?:" + words("baseline_stops") + r")\b"),
        "outperform": regex.compile(r"\b(?:" + words("outperform_verbs") + r")\b", regex.I),
        "compare_before_by": regex.compile(r"\b(?:over|than|such as|like|including|compared to|compared with|vs\.?|"
                                           + words("outperform_verbs") + r")\s+", regex.I),
        "name": regex.compile(r"\b(?<!-)(?P<name>(?:[A-Z][a-z]*[A-Z0-9][\w+.-]*|[A-Z][A-Z0-9+.-]+[\w+.-]*|[a-z]+[A-Z][\w+.-]*|"
                              r"[A-Z][a-z]+-[A-Za-z0-9][\w+.-]*)(?:\+\+)?(?:\s\([a-z]+\s[a-z]+\))?)"),
        "not_subject": set(spec["not_subjects"]),
        "vague_measures": frozenset(spec["vague_measures"]),
        "cost_contrast": regex.compile(spec["cost_contrast"], regex.I),
        "model_kinds": set(spec["model_kinds"]),
        "lowercase_named": regex.compile(r"^\s+(?:a\s+|an\s+|the\s+)?(?P<name>[a-z][\w-]*(?:\s[a-z][\w-]*){0,3}),\s+(?:a|an|which|that)\b"),
        "generic_head": regex.compile(r"\b(?:" + words("self_nouns") + r"|novel|new|simple|general)$", regex.I),
        "that_subject": regex.compile(r"\bthat\s+(?:the\s+)?(?P<np>[a-z][\w-]*(?:\s[a-z][\w-]*){0,3})\s+(?:can\s+|could\s+|consistently\s+|significantly\s+)?(?:"
                                      + loader.alternation(spec["clause_verbs"], ignore_case=False) + r")\b"),
        "adjectival": regex.compile(r"-(?:" + words("adjective_suffixes") + r")$", regex.I),
        "grows": regex.compile(r"^\W*(?:[\w-]+\s+){0,3}?(?:" + words("growth_words") + r")\b", regex.I),
        "introduce": loader.scan_words(spec["introduce_verbs"]),
        "appositive_subject": regex.compile(r"\b(?:" + words("self_nouns") + r"|agent|agents|LLM|LLMs|variant|variants),\s+"
                                            r"(?:(?:" + loader.alternation(spec["naming_words"], ignore_case=False) + r")\s+)?"
                                            r"(?P<name>(?:[A-Za-z][\w.+-]*[A-Z0-9][\w.+-]*|[a-z]\d[\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*)"
                                            r"(?:\s[A-Z0-9][\w.+-]*){0,2}),\s+(?:(?:[a-z]+ly|" + loader.alternation(spec["appositive_adverbs"], ignore_case=False)
                                            + r")\s+){0,2}(?:"
                                            + words("claim_verbs") + r")\b"),
        "passive_subject": regex.compile(r"\b(?:" + words("passive_result_verbs") + r")\s+by\s+(?:the\s+|our\s+)?"
                                         r"(?P<name>[A-Za-z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*)"),
        "subject_tail": regex.compile(r"(?:\s+(?:" + loader.alternation(spec["subject_tail_words"], ignore_case=False) + r"))+$"),
        "described_name": regex.compile(r"^(?i:the\s+)?(?i:(?:" + words("name_describers") + r")\s+)+"
                                        r"(?P<name>[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*|[a-z]+[A-Z][\w.+-]*)$"),
        "named": regex.compile(r"\b(?:" + loader.alternation(spec["naming_words"], ignore_case=False) + r")\s+(?:as\s+)?(?P<name>[A-Z][\w+@-]*(?:\s[A-Z][\w+@-]*){0,2})"),
        "acronym": regex.compile(r"\((?P<name>[A-Z][\w+@-]*[A-Z0-9][\w+@-]*)\)"),
        "after_verb": regex.compile(r"^\s*:?\s+(?:\(\d\)\s*)?(?:(?:a|an|the)\s+)?(?:new\s+|novel\s+)?(?:[a-z-]+\s+){0,3}?(?P<name>(?!(?:A|An|The|This|Our|We|It|In|To)\b)[A-Z][\w+@-]*(?:\s[A-Z][\w+@-]*){0,2})"),
    }
    patterns = loader.named_patterns(spec["patterns"], {"system_name": spec["system_name"]})
    clash = set(patterns) & set(compiled)
    if clash:
        raise ValueError(f"data/attribution.yml: patterns named like its compiled lists: {sorted(clash)}")
    return {**compiled, **patterns}


DIGIT = regex.compile(r"\d")
CAPITAL = regex.compile(r"[A-Z]")
PLURAL_IES = regex.compile(r"(?<=\w{3})ies$")
