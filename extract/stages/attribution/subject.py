"""The subject slot: the system that reached a number.

A name before a claim verb, a system named beside its kind ("the top-performing model, o1,")
or as the agent of a passive, the noun phrase before the number's verb, else the paper's own
system; a subject is a noun phrase or a name, never a measure, an adverb or a modal.
"""
from __future__ import annotations

from typing import Optional
import regex

from claimbase.engines.backward import Backward
from claimbase.stages.attribution.metric import is_metric_word
from claimbase.stages.attribution.patterns import PLURAL_IES, rules
from claimbase.stages.attribution.systems import introduced_name, whole_word_starts
from claimbase.stages.mentions import Found
from claimbase.stages.word_classes import Phrases, lexicon, noun_phrase_of, opens_with_preposition


APPOSITIVE_REACH = 300  # characters before a number where its system may be named beside its kind
_CAPITAL_OR_DIGIT_IN = regex.compile(r"[A-Z0-9]")
_THAT_CLAUSE = regex.compile(r"\s+that\b")


def _before_verb(phrase: str) -> Optional[str]:
    """A phrase up to its claim verb, when it has one ("XGBoost achieved the best prediction
    (R^2 = 0.91)": XGBoost); a phrase that starts with its verb names no system."""
    verb = rules()["claim_verb_word"].search(phrase)
    if verb is None:
        return phrase
    head = phrase[:verb.start()].strip()
    if head and len(head.split()) <= 4 and _CAPITAL_OR_DIGIT_IN.search(head):
        return head  # a name, then its verb
    return phrase if head else None  # "the best score achieved without search": the verb qualifies the noun



def _bracketed_holder(phrase: str) -> Optional[str]:
    """Who a bracketed level belongs to, from the phrase before the bracket: after the last word
    that introduces a compared system ("significantly outperforming the M3D model", "baselines
    such as E5-Mistral-7B-Instruct", "closely followed by YOLOv11X-OBB"), and for a name, without
    what it was measured in ("o1 in METEOR"); a claim verb in it cuts it as _before_verb does. A verb
    of another kind stays in ("DeepSeek-R1 and o3-mini tied for BERTScore": a known defect)."""
    spec = rules()
    lead = None
    for lead in spec["holder_lead"].finditer(phrase):
        pass
    if lead is not None:
        phrase = phrase[lead.end():]
    phrase = spec["comparison_lead"].sub("", phrase)
    measured_in = spec["measured_in"].search(phrase)
    if measured_in and spec["name"].search(phrase[:measured_in.start()]):
        phrase = phrase[:measured_in.start()]  # "o1 in METEOR (0.232)"
    return _before_verb(phrase.strip()) if phrase.strip() else None


def _capitalized_compound(name: str) -> bool:
    """Whether a name is English words joined by hyphens, capitalized because the sentence opens
    with it: "Fine-tuned small models reach 81.2%" names no system "Fine-tuned" ("Llama-Guard",
    "Mixture-of-Depths" have capitals inside)."""
    parts = name.split("-")
    if len(parts) < 2 or not name[1:].islower() or not all(part.isalpha() for part in parts):
        return False
    lex = lexicon()
    return bool(lex.possible(parts[0].lower())) and bool(lex.possible(parts[-1]))


def subject_of(sentence: str, start: int, benchmarks: list[Found], offset: int, system: Optional[str],
               baseline: Optional[str], level: bool = False, phrases: Optional[Phrases] = None) -> Optional[str]:
    """The system that achieves the number: the name before a claim verb, else the paper's system."""
    spec = rules()
    left = sentence[:start]
    bench_spans = [(b.start - offset, b.end - offset) for b in benchmarks]
    chosen, chosen_at = None, None  # the subject, and where in the sentence a name before its verb is
    for match in spec["name"].finditer(left):
        name = match.group("name").rstrip(".-")
        if name in spec["not_subject"] or any(a <= match.start() < b for a, b in bench_spans):
            continue
        if spec["adjectival"].search(name) or is_metric_word(name) or _capitalized_compound(name):
            continue
        if baseline and name in baseline:
            continue
        if spec["object_before"].search(left[:match.start()]):
            continue
        verb = spec["claim_verbs"].match(left[match.end():])
        if verb and _THAT_CLAUSE.match(left, match.end() + verb.end()):
            continue  # "MT-Eval benchmarks show that models ... achieve": who reports, not who reaches
        if verb and (phrases is None or phrases.is_verb_at(offset + match.end() + verb.end() - 1)):
            chosen, chosen_at = name, match.start()  # a name, then its verb ("F1 scores of 0.8": a noun there)
    for pattern in (spec["appositive_subject"], spec["passive_subject"]):
        # "the top-performing model, o1, only achieves": read near the number (a sentence of a thousand
        # numbers would otherwise be read again for each)
        for match in pattern.finditer(left, max(0, len(left) - APPOSITIVE_REACH)):
            if (chosen_at is None or match.start("name") > chosen_at) and not rules()["other_clause"].search(left, match.end()) \
                    and match.group("name") not in spec["not_subject"] \
                    and not rules()["compared_kind"].search(left, max(0, match.start() - 40), match.start()):
                chosen, chosen_at = match.group("name"), match.start("name")
    if system:
        mentions = whole_word_starts(system, left)
        if mentions and (chosen is None or mentions[-1] > left.rfind(chosen)):
            chosen, chosen_at = system, mentions[-1]
    bracketed = rules()["bracketed_level"].search(left) if level else None
    if chosen is None:
        clause_subject = spec["that_subject"].search(left)  # "reveals that encoder-decoder architectures achieve"
        if clause_subject and not spec["generic_head"].fullmatch(clause_subject.group("np").split()[-1]):
            chosen = clause_subject.group("np")
    if bracketed:
        phrase = _bracketed_holder(bracketed.group("np").strip())
        if phrase and opens_with_preposition(phrase):
            phrase = None  # "on ASL Citizen datasets (74% top-1 accuracy)": where, not who
        if phrase and (any(b.text in phrase for b in benchmarks) or rules()["kind_words"].search(phrase)):
            phrase = None  # "DPG-Bench (86.4)": a benchmark's score, not who reached it
        if phrase and len(phrase.split()) <= 8 and not _DIGIT_WORD.search(phrase) and not is_metric_word(phrase):
            return phrase  # "surpassing the Searchformer baseline (93.3%)": its level
    if phrases is not None and (chosen is None or chosen_at is not None):
        # the noun phrase before the number's verb ("the fusion algorithm reduced ..."), unless
        # a name before a claim verb comes later; "the model", "our approach": the paper's own
        phrase = phrases.name_before_number(offset + start) if level else None
        if phrase is not None and (any(a <= phrase.start - offset < b for a, b in bench_spans)
                                   or is_metric_word(phrase.text)
                                   or (phrase.text in spec["not_subject"] and phrase.text not in spec["model_kinds"])):
            phrase = None
        named_before = phrase is not None
        phrase = phrase or phrases.subject_before(offset + start, offset, any_verb=level)
        if phrase is not None and (chosen is None or phrase.start - offset > chosen_at
                                   or (phrase.text.endswith(" " + chosen) and len(phrase.text.split()) <= 4)):
            if phrase.own:
                chosen = system if chosen is not None else None
            elif not ((phrase.text in spec["not_subject"] and not (named_before and phrase.text in spec["model_kinds"]))
                      or (baseline and phrase.text in baseline)
                      or spec["self_reference"].search(phrase.text) or is_metric_word(phrase.text)
                      or any(a <= phrase.start - offset < b for a, b in bench_spans)):
                chosen = phrase.text
    if chosen is None:
        chosen = introduced_name(left) or system
    if chosen and ("\\" in chosen or is_metric_word(chosen.rstrip("s")) or is_metric_word(chosen)
                   or is_metric_word(PLURAL_IES.sub("y", chosen))):  # "Test accuracies ranging from 80%"
        chosen = system  # "F1-scores improved by 67%", "TPR \\(": what was measured, not who
    if chosen and chosen != system:
        chosen = _tidy_subject(chosen, system)
    return chosen


def _tidy_subject(chosen: str, system: Optional[str]) -> Optional[str]:
    """A subject read off a sentence as the system it names: never an adverb or a modal with it
    ("our approach can"), the name a describing word stands before ("proposed XMANet",
    "framework MRCD"), and for a measure "of" something, that something ("accuracy of our fake
    review detection model")."""
    spec = rules()
    chosen = spec["subject_tail"].sub("", chosen)  # "our approach can", "coreset-driven pruning can"
    measured = rules()["measure_of"].match(chosen)
    if measured and is_metric_word(PLURAL_IES.sub("y", measured.group("measure").lower())):
        what = measured.group("what")  # "accuracy of QwQ-32B": the system measured, if a name or our own
        if spec["self_reference"].search(what):
            return system
        return what if spec["name"].search(what) and not _DIGIT_WORD.search(what) else system
    if is_metric_word(_BRACKETED_SHORT.sub("", chosen)):
        return system  # "Frechet Inception Distance (FID)": what was measured
    named = spec["described_name"].match(chosen)
    if named:
        chosen = named.group("name")  # "proposed CB-Res-RBCMT", "state-of-the-art GPT-4o"
    chosen = noun_phrase_of(chosen)  # "that our method significantly improves": never an adverb with it
    if chosen and chosen.isalpha() and chosen.islower() and "ADV" in lexicon().possible(chosen):
        return None  # "far outperforming": a lone word that can be an adverb is no system
    if chosen and spec["self_reference"].fullmatch(chosen):
        return system  # "our method": the paper's own system
    return chosen


_BRACKETED_SHORT = regex.compile(r"\s*\([^()]{1,12}\)$")
_DIGIT_WORD = regex.compile(r"(?<![\w.-])\d")  # "37.56 cm relative": a number, not a name
_APPOSITIVE_BEFORE = Backward(r"(?P<name>[\w.-]+),\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}$")


def model_subject(sentence: str, start: int, end: int, models: list[Found], offset: int,
                   system: Optional[str]) -> Optional[str]:
    unnamed = None  # "an 8B-parameter model": a model, but which, the words around it say
    for model in models:
        if model.start - offset <= start < model.end - offset or model.start - offset <= end - 1 < model.end - offset:
            if model.canonical.lower() not in rules()["self_nouns"]:
                return model.canonical
            unnamed = model.canonical
    appositive = _APPOSITIVE_BEFORE.search(sentence[:start])
    if appositive and (appositive.group("name")[0].isupper() or "-" in appositive.group("name").strip("-")):
        return appositive.group("name")  # "domestic-yak, a state-of-the-art 8B-parameter model"
    return introduced_name(sentence[:start]) or system or unnamed
