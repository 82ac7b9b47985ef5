"""How well the rule drafter reads money from text: precision and recall against a gold
annotation (``evals/datasets/money_rules_gold.yaml``), and "no drafted figure differs
from the text".

Matching: a drafted rule and a gold rule are the same benefit when their quotes overlap
in the document (both located in the document's :func:`match_key` text; overlap ≥ half
of the shorter quote, or ≥ 15 characters). A pair is *right* when the shape class, the amounts paid, the
rates and the cap all agree. Gold rules marked ``fund_pool`` (a fund's size, not an
amount paid) are neither expected nor held against a draft that matches them.

* precision = drafted rules that are right / drafted rules (those matching a fund pool
  left out);
* recall = gold rules matched by a right drafted rule / gold rules (fund pools left out);
  a gold rule that the drafter splits into several rules (``三星级按60%…，四星级按80%…``)
  is right when the drafted rules' figures together equal the gold's.

Run: ``python -m assistant.evaluation.drafting [--docs DIR] [--gold FILE] [--only ID …]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus import load_document
from assistant.corpus.models import ParsedDocument
from assistant.rules.draft import draft
from assistant.rules.verify import _mentions, _rate_quoted
from assistant.text.normalize import match_key

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "datasets" / "money_rules_gold.yaml"
DOCS = ROOT.parent / "shared" / "external"

#: Gold shape → class; drafted benefit type → class (threshold brackets read as tiers
#: and piecewise readings are one class: both pay by the bracket the base falls in).
_GOLD_CLASS = {"fixed": "fixed", "tiers": "tiers", "percent": "percent", "range": "range", "per_unit": "per_unit",
               "threshold_tiers": "threshold", "piecewise": "threshold", "no_figure": "no_figure"}  # fmt: skip


@dataclass(frozen=True)
class Figures:
    shape: str
    amounts: frozenset[Decimal]
    rates: frozenset[Decimal]
    cap: Decimal | None

    def merged(self, other: Figures) -> Figures:
        cap = self.cap if self.cap is not None else other.cap
        return Figures(self.shape, self.amounts | other.amounts, self.rates | other.rates, cap)


@dataclass
class DocScore:
    doc_id: str
    gold: int = 0
    drafted: int = 0
    drafted_right: int = 0
    gold_found: int = 0
    gold_located: int = 0
    fund_pool_drafted: int = 0
    figures_not_in_text: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    seconds: float = 0.0
    chars: int = 0


def _d(value: Any) -> Decimal:
    return Decimal(str(value)).normalize()


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def gold_figures(rule: dict[str, Any]) -> Figures:
    amounts: set[Decimal] = set()
    rates: set[Decimal] = set()
    for a in rule.get("amounts") or []:
        if a.get("yuan") is not None:
            amounts.add(_d(a["yuan"]))
        if a.get("rate") is not None:
            rates.add(_d(a["rate"]))
    for key in ("rate", "rate_min"):
        if rule.get(key) is not None:
            rates.add(_d(rule[key]))
    for low_high in [rule.get("range_yuan") or []]:
        amounts.update(_d(v) for v in low_high if v)
    for part in _listed(rule.get("threshold")) + _listed(rule.get("pieces")):
        if isinstance(part, dict):
            for key in ("yuan", "amount_yuan", "yuan_per_unit"):
                if part.get(key) is not None:
                    amounts.add(_d(part[key]))
            if part.get("rate") is not None:
                rates.add(_d(part["rate"]))
    cap = _d(rule["cap_yuan"]) if rule.get("cap_yuan") is not None else None
    return Figures(_GOLD_CLASS.get(rule["shape"], rule["shape"]), frozenset(amounts), frozenset(rates), cap)


def drafted_figures(rule: dict[str, Any]) -> Figures:
    from assistant.rules.schema import Rule

    b = Rule.model_validate(rule).benefit
    amounts: set[Decimal] = set()
    rates: set[Decimal] = set()
    cap: Decimal | None = getattr(b, "cap", None)
    shape: str = b.type
    if b.type == "fixed":
        amounts = {t.amount for t in b.tiers}
        shape = "tiers" if len(b.tiers) > 1 else "fixed"
    elif b.type == "percent":
        rates = {b.rate} | ({b.rate_min} if b.rate_min is not None else set())
    elif b.type == "range":
        amounts = {b.min, b.max}
    elif b.type == "up_to":
        amounts, cap, shape = {b.max}, b.max, "range"
    elif b.type == "per_unit":
        amounts = {b.amount}
    elif b.type == "threshold":
        for br in b.brackets:
            amounts |= {v for v in (br.amount, br.per_unit) if v is not None}
            rates |= {br.rate} if br.rate is not None else set()
    elif b.type == "per_other_policy":
        shape = "no_figure"
        cap = b.cap
    return Figures(shape, frozenset(a.normalize() for a in amounts), frozenset(r.normalize() for r in rates),
                   cap.normalize() if cap is not None else None)


def _agrees(got: Figures, want: Figures) -> bool:
    shape_ok = got.shape == want.shape or {got.shape, want.shape} <= {"fixed", "tiers"}
    return shape_ok and got.amounts == want.amounts and got.rates == want.rates and got.cap == want.cap


def _span(key: str, quote: str) -> tuple[int, int] | None:
    q = match_key(quote)
    at = key.find(q)
    return (at, at + len(q)) if q and at >= 0 else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and (inter >= 0.5 * min(a[1] - a[0], b[1] - b[0]) or inter >= 15)


def figures_in_text(doc: ParsedDocument, rule: dict[str, Any]) -> list[str]:
    """Each figure of a drafted rule that its provision's text does not contain."""
    from assistant.rules.schema import Rule

    parsed = Rule.model_validate(rule)
    provision = doc.get(parsed.measure)
    key = match_key(provision.text if provision else doc.text)
    text = provision.text if provision else doc.text
    b = parsed.benefit
    values: list[Decimal] = []
    rates: list[Decimal] = []
    for name in ("amount", "cap", "min", "max"):
        v = getattr(b, name, None)
        if isinstance(v, Decimal):
            values.append(v)
    values += [t.amount for t in parsed.tiers]
    for name in ("rate", "rate_min"):
        v = getattr(b, name, None)
        if isinstance(v, Decimal):
            rates.append(v)
    for br in getattr(b, "brackets", ()):
        values += [v for v in (br.min, br.max, br.amount, br.per_unit) if v is not None]
        rates += [br.rate] if br.rate is not None else []
    bad = [f"{rule['id']}: {v}" for v in values if not _mentions(key, v)]
    bad += [f"{rule['id']}: {r}" for r in rates if not _rate_quoted(text, r)]
    return bad


def score_document(doc: ParsedDocument, gold_rules: Sequence[dict[str, Any]]) -> DocScore:
    score = DocScore(doc.doc_id, chars=len(doc.text))
    draft(doc)  # once cold (regular expressions, normaliser tables), then timed warm
    start = time.perf_counter()
    result = draft(doc)
    score.seconds = time.perf_counter() - start
    key = match_key(doc.text)
    drafted = [(r, _span(key, r["quote"]), drafted_figures(r)) for r in result.rules]
    golds = [(g, _span(key, g["quote"]), gold_figures(g)) for g in gold_rules]
    for rule in result.rules:
        score.figures_not_in_text += figures_in_text(doc, rule)
    expected = [(g, s, f) for g, s, f in golds if not g.get("fund_pool")]
    score.gold = len(expected)
    split_right: set[int] = set()
    for g, s, want in expected:
        if s is None:
            score.misses.append(f"{g['where']} 引文未定位：{g['quote'][:30]}")
            continue
        score.gold_located += 1
        parts = [(i, f) for i, (_, ds, f) in enumerate(drafted) if ds and _overlap(ds, s)]
        combined = None
        for _, f in parts:
            combined = f if combined is None else combined.merged(f)
        if any(_agrees(f, want) for _, f in parts):
            score.gold_found += 1
        elif combined is not None and len(parts) > 1 and _agrees(replace(combined, shape=want.shape), want):
            # The drafter split one gold rule (三星级按60%…，四星级按80%…) into rules of its own: right when
            # the parts' figures together are the gold's.
            score.gold_found += 1
            split_right |= {i for i, _ in parts}
        else:
            shown = [_show(f) for _, f in parts]
            score.misses.append(f"{g['where']} {g['shape']} {g['quote'][:30]} ← {shown} 应为 {_show(want)}")
    for i, (r, ds, got) in enumerate(drafted):
        matches = [(g, f) for g, gs, f in golds if gs and ds and _overlap(ds, gs)]
        if matches and all(g.get("fund_pool") for g, _ in matches):
            score.fund_pool_drafted += 1
            continue
        score.drafted += 1
        live = [f for g, f in matches if not g.get("fund_pool")]
        if i in split_right or any(_agrees(got, f) for f in live):
            score.drafted_right += 1
        else:
            score.wrong.append(f"[{r['measure']}] {r['id']} {_show(got)} ← {r['quote'][:40]}"
                               + (f" 应为 {[_show(f) for f in live]}" if live else "（金标中无此规则）"))
    return score


def _show(f: Figures) -> str:
    bits = [f.shape]
    if f.amounts:
        bits.append("金额" + "/".join(f"{a:f}" for a in sorted(f.amounts)))
    if f.rates:
        bits.append("比例" + "/".join(f"{r:f}" for r in sorted(f.rates)))
    if f.cap is not None:
        bits.append(f"上限{f.cap:f}")
    return " ".join(bits)


def run(gold_path: Path = GOLD, docs_dir: Path = DOCS, only: Iterable[str] = ()) -> dict[str, Any]:
    """Score every gold document (or ``only`` these doc ids); the report as a plain dict."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    wanted = {o.lower() for o in only}
    scores: list[DocScore] = []
    for entry in gold["documents"]:
        doc_id = entry["doc_id"]
        if wanted and doc_id.lower() not in wanted:
            continue
        path = next((p for p in sorted(docs_dir.glob("*.txt")) if p.stem.lower() == doc_id.lower()), None)
        if path is None:
            continue
        scores.append(score_document(load_document(path), entry["rules"]))
    return summary(scores)


def summary(scores: Sequence[DocScore]) -> dict[str, Any]:
    drafted = sum(s.drafted for s in scores)
    gold = sum(s.gold for s in scores)
    return {
        "documents": len(scores),
        "precision": round(sum(s.drafted_right for s in scores) / drafted, 4) if drafted else None,
        "recall": round(sum(s.gold_found for s in scores) / gold, 4) if gold else None,
        "drafted": drafted,
        "gold": gold,
        "figures_not_in_text": [x for s in scores for x in s.figures_not_in_text],
        "max_seconds_per_10k_chars": round(max((s.seconds / max(s.chars, 1) * 10_000 for s in scores), default=0), 4),
        "per_document": [
            {"doc_id": s.doc_id, "gold": s.gold, "located": s.gold_located, "found": s.gold_found,
             "drafted": s.drafted, "right": s.drafted_right, "fund_pool_drafted": s.fund_pool_drafted,
             "seconds": round(s.seconds, 4), "misses": s.misses, "wrong": s.wrong}
            for s in scores
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="规则起草器对照金标的精确率与召回率")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.gold, args.docs, args.only)
    if not args.verbose:
        for d in report["per_document"]:
            d.pop("misses"), d.pop("wrong")
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
