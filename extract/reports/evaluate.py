"""Scoring an export against gold annotations, as ../shared/gold/SCORING.md defines it.

Papers pair by their abstract (first 200 normalized characters), else by title; claims
pair one-to-one on value (relative tolerance 1e-3), preferring pairs that agree on more
fields; text fields agree loosely (containment at 40% of length, or half the words).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Iterable, Optional

import regex

SLOTS = ["kind", "unit", "qualifier", "metric", "benchmark", "subject", "baseline", "direction", "value_high"]
STRICT = [s for s in SLOTS if s != "qualifier"]
HEADLINE = ["core.value", "core.typed", "core.strict", "claims.value", "claims.typed", "claims.strict",
            "benchmarks", "models"]


def half_of(record: dict) -> str:
    """"seen" or "unseen": a fixed split of annotated papers by a hash of their id (or title),
    so that rules are written against one half and checked on the other, run after run."""
    key = str(record.get("pid") or record.get("id") or record.get("title"))
    return "seen" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "unseen"


def fold(text: Optional[str]) -> str:
    if text is None:
        return ""
    text = regex.sub(r"\\[a-z]+\{([^}]*)\}", r"\1", str(text).lower())
    text = regex.sub(r"[$\\{}_^]", "", text)
    return regex.sub(r"[^a-z0-9]+", " ", text).strip()


def fold_title(text: str) -> str:
    return regex.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def paper_key(record: dict) -> Optional[str]:
    if record.get("abstract"):
        return hashlib.sha1(fold_title(record["abstract"])[:200].encode()).hexdigest()[:10]
    return record.get("pid")


def texts_agree(a, b) -> bool:
    a, b = fold(a), fold(b)
    if a == b:
        return True
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) / max(len(a), len(b)) >= 0.4
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) >= 0.5


def values_agree(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-3 * max(1.0, abs(a), abs(b))


def slot_agrees(slot: str, gold: dict, pred: dict) -> bool:
    g, p = gold.get(slot), pred.get(slot)
    if slot == "value_high":
        return values_agree(g, p)
    if slot in ("kind", "qualifier", "direction"):
        return (g or None) == (p or None)
    if slot == "unit":
        return fold(g) == fold(p)
    return texts_agree(g, p)


def pair_claims(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if values_agree(g.get("value"), p.get("value")):
                score = sum(slot_agrees(s, g, p) for s in SLOTS)
                score += int(bool(fold(g.get("text"))) and fold(g.get("text")) == fold(p.get("text")))
                candidates.append((score, i, j))
    candidates.sort(reverse=True)
    used_gold, used_pred, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], pred[j]))
    return pairs


def prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": predicted, "gold": gold}


def count_matches(gold_items: list, pred_items: list, agree) -> int:
    used, hits = set(), 0
    for g in gold_items:
        for j, p in enumerate(pred_items):
            if j not in used and agree(g, p):
                used.add(j)
                hits += 1
                break
    return hits


def _without_quantities(records: Iterable[dict]) -> list[dict]:
    return [dict(r, claims=[c for c in (r.get("claims") or []) if c.get("kind") != "quantity"]) for r in records]


def score(gold: list[dict], pred: list[dict], errors: Optional[list] = None) -> dict:
    """All figures of SCORING.md; `errors`, when given, collects misses and false alarms."""
    result = _score(gold, pred, errors)
    core = _score(_without_quantities(gold), _without_quantities(pred), None)
    for name in ("value", "typed", "strict"):
        result[f"core.{name}"] = core[f"claims.{name}"]
    result["core.slot_accuracy"] = core["slot_accuracy"]
    return result


def _score(gold: list[dict], pred: list[dict], errors: Optional[list]) -> dict:
    by_key: dict = {}
    for record in pred:
        by_key.setdefault(paper_key(record), record)
    by_title = {fold_title(r.get("title", "")): r for r in pred}
    counts = defaultdict(int)
    slot_hits, slot_total = defaultdict(int), 0
    kinds = defaultdict(lambda: [0, 0, 0])
    found = titles = authors = 0
    for g in gold:
        p = by_key.get(g.get("pid")) or by_key.get(paper_key(g)) or by_title.get(fold_title(g.get("title", "")))
        found += bool(p)
        p = p or {}
        titles += fold_title(p.get("title", "")) == fold_title(g.get("title", ""))
        names = p.get("authors") or []
        if isinstance(names, str):
            names = [a.strip() for a in names.split(",")]
        authors += [fold(a) for a in names] == [fold(a) for a in g.get("authors", [])]
        gc, pc = g.get("claims", []), p.get("claims") or []
        counts["gold"] += len(gc)
        counts["pred"] += len(pc)
        for claim in gc:
            kinds[claim["kind"]][2] += 1
        for claim in pc:
            kinds[claim.get("kind")][1] += 1
        pairs = pair_claims(gc, pc)
        for gm, pm in pairs:
            counts["value"] += 1
            slot_total += 1
            for slot in SLOTS:
                slot_hits[slot] += slot_agrees(slot, gm, pm)
            if gm["kind"] == pm.get("kind"):
                counts["typed"] += 1
                kinds[gm["kind"]][0] += 1
            if all(slot_agrees(s, gm, pm) for s in STRICT):
                counts["strict"] += 1
        if errors is not None:
            paired_gold = {id(gm) for gm, _ in pairs}
            paired_pred = {id(pm) for _, pm in pairs}
            errors.extend(("miss", g.get("title", ""), c) for c in gc if id(c) not in paired_gold)
            errors.extend(("false alarm", g.get("title", ""), c) for c in pc if id(c) not in paired_pred)
            errors.extend(("wrong fields", g.get("title", ""), {"gold": gm, "pred": pm}) for gm, pm in pairs
                          if not all(slot_agrees(s, gm, pm) for s in STRICT))
        gb, pb = g.get("benchmarks", []), p.get("benchmarks") or []
        counts["b_gold"] += len(gb)
        counts["b_pred"] += len(pb)
        counts["b_tp"] += count_matches(gb, pb, texts_agree)
        gm_, pm_ = g.get("models", []), p.get("models") or []
        counts["m_gold"] += len(gm_)
        counts["m_pred"] += len(pm_)
        counts["m_tp"] += count_matches(gm_, pm_, lambda a, b: values_agree(a.get("params"), b.get("params"))
                                        and texts_agree(a.get("name"), b.get("name")))
    n = len(gold) or 1
    return {
        "papers": {"gold": len(gold), "found": found, "title_exact": round(titles / n, 3),
                   "authors_exact": round(authors / n, 3)},
        "claims.value": prf(counts["value"], counts["pred"], counts["gold"]),
        "claims.typed": prf(counts["typed"], counts["pred"], counts["gold"]),
        "claims.strict": prf(counts["strict"], counts["pred"], counts["gold"]),
        "benchmarks": prf(counts["b_tp"], counts["b_pred"], counts["b_gold"]),
        "models": prf(counts["m_tp"], counts["m_pred"], counts["m_gold"]),
        "slot_accuracy": {s: round(slot_hits[s] / slot_total, 3) if slot_total else 0.0 for s in SLOTS},
        "by_kind": {k: prf(*v) for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0]))},
    }


def report_lines(result: dict) -> list[str]:
    lines = [f"papers: {result['papers']}"]
    for name in HEADLINE:
        r = result[name]
        lines.append(f"{name:14s} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}   "
                     f"(tp {r['tp']}, pred {r['pred']}, gold {r['gold']})")
    lines.append(f"slot accuracy on value-matched core claims: {result['core.slot_accuracy']}")
    for kind, r in result["by_kind"].items():
        lines.append(f"  kind {kind}: P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f} (gold {r['gold']})")
    return lines
