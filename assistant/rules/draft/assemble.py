"""Assemble a document's drafts into a rule file (plain data), verified as the loader would.

The whole draft is checked by the loader's own schema and verifier: a rule whose quote,
figures or names fail is dropped (and reported in ``skipped``), never repaired by guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from assistant.corpus.models import ParsedDocument, Provision
from assistant.rules.draft import exclusivity, names
from assistant.rules.draft.common import Draft
from assistant.rules.draft.compose import rule_dict, rule_id
from assistant.rules.draft.money import tokens
from assistant.rules.draft.sentences import clauses
from assistant.rules.draft.shapes import read_clause
from assistant.rules.names import alias_key
from assistant.rules.schema import RuleFile
from assistant.rules.verify import verify

#: A date the claimant must keep, stated in a sentence of its own (…应在2022年2月5日前如数交还).
_DUE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:前|之前|以前)")
_SCHEDULE = re.compile(r"应奖励额|分[两二三四五]年|分期|[个三两]阶段|第一年奖励|[年月]内予以兑现")


@dataclass
class DraftResult:
    """The drafted rule file (``data``), each rule's source sentence, and what was dropped."""

    doc_id: str
    data: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rules(self) -> list[dict[str, Any]]:
        return list(self.data.get("rules") or [])


def draft(doc: ParsedDocument) -> DraftResult:
    """Draft the rule file of ``doc`` (see the package docstring)."""
    excl, cross = exclusivity.find(doc.provisions)
    # Rules drafted from one measure are different cases of it (工业类 / 服务业类, 前2年 / 后3年)
    # until the text says otherwise: never added up (see RuleFile.same_measure).
    result = DraftResult(doc.doc_id, {"schema_version": 1, "doc_id": doc.doc_id, "same_measure": "alternatives"})
    rules: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    for p in doc.provisions:
        drafts = _read(p)
        names_taken: set[str] = set()
        for n, d in enumerate(drafts, start=1):
            rule = rule_dict(p, d, rule_id(p.measure, n, used_ids), names_taken, alone=len(drafts) == 1)
            rules.append(rule)
            result.sources[rule["id"]] = d.clause.sentence
    _drop_shared_aliases(doc, rules)
    if excl is not None:
        groups = []
        for gid, measures in cross.items():
            members = [r for r in rules if r["measure"] in measures and "exclusivity_group" not in r]
            if len(members) >= 2:
                groups.append({"id": gid, "label": "不可重复享受的奖励（" + "、".join(sorted(measures)) + "）"})
                for r in members:
                    r["exclusivity_group"] = gid
        excl["groups"] = groups
        result.data["exclusivity"] = excl
    result.data["rules"] = rules
    _drop_conflicts(doc, result)
    return result


def _drop_shared_aliases(doc: ParsedDocument, rules: list[dict[str, Any]]) -> None:
    """An alias that another measure's text also says (规上工业 of 第14条 in 第11条's 规上工业企业年产值…)
    does not tell the user's benefit: it is dropped, the names as written stay."""
    texts = {p.measure: alias_key(p.text) for p in doc.provisions}

    def own(measure: str, aliases: list[str]) -> list[str]:
        return [a for a in aliases if not any(alias_key(a) in t for m, t in texts.items() if m != measure)]

    for rule in rules:
        if rule.get("aliases"):
            rule["aliases"] = own(rule["measure"], rule["aliases"])
            if not rule["aliases"]:
                del rule["aliases"]
        for tier in rule["benefit"].get("tiers") or ():
            if tier.get("aliases"):
                tier["aliases"] = own(rule["measure"], tier["aliases"])
                if not tier["aliases"]:
                    del tier["aliases"]


def _drop_conflicts(doc: ParsedDocument, result: DraftResult) -> None:
    """Verify the whole draft as the loader would; drop every rule the checks name, until none is.

    A draft is never repaired by guessing: a rule whose quote, figures or names fail is left
    out and listed in ``skipped``.
    """
    texts = {p.measure: p.text for p in doc.provisions}
    ids = doc.measure_ids
    for _ in range(10):
        rules: list[dict[str, Any]] = result.data["rules"]
        if not rules:
            return
        try:
            rule_file = RuleFile.model_validate(result.data)
        except ValidationError as exc:
            errors = exc.errors()
            bad = {int(e["loc"][1]) for e in errors if len(e["loc"]) > 1 and e["loc"][0] == "rules"}
            result.skipped += [(rules[i]["id"], "不符合规则格式") for i in sorted(bad)]
            if any(e["loc"][0] == "exclusivity" for e in errors):
                result.data.pop("exclusivity", None)
            elif not bad:  # a problem of the file as a whole: keep nothing rather than guess
                result.data["rules"] = []
                return
            result.data["rules"] = [r for i, r in enumerate(rules) if i not in bad]
            continue
        problems = verify(rule_file, source_text=doc.text, measure_ids=ids, provision_texts=texts)
        if not problems:
            return
        result.skipped += list(problems)
        known = {r["id"] for r in rules}
        drop = {owner.split("/")[0] for owner, _ in problems if owner.split("/")[0] in known}
        if any(owner == "exclusivity" for owner, _ in problems):
            result.data.pop("exclusivity", None)
        result.data["rules"] = [r for r in rules if r["id"] not in drop]


def _read(p: Provision) -> list[Draft]:
    drafts: list[Draft] = []
    schedules: list[str] = []
    dues: list[str] = []
    for clause in clauses(p.text):
        if exclusivity._EXCLUSIVE.search(clause.text) and not any(
            t.role == "paid" for t in tokens(clause.text)
        ):
            continue
        if _SCHEDULE.search(re.sub(r"\s+", "", clause.text)) and not re.search(r"给予[^，]*\d", clause.text.split("(")[0]):
            schedules.append(clause.text)
            continue
        if _DUE.search(clause.text) and not any(t.role in ("paid", "cap") for t in tokens(clause.text)):
            dues.append(clause.text)  # 暂退保证金应在2022年2月5日前如数交还: a date the claimant must keep
            continue
        found = read_clause(clause)
        for d in found:
            if _SCHEDULE.search(re.sub(r"\s+", "", d.clause.text)):
                d.notes.append(f"兑现安排：{_said(_aside(d.clause.text))}")
        drafts += found
    drafts = _merge_tiers(p, _merge_brackets(p, drafts))
    for d in drafts:
        d.notes += [f"兑现安排：{_said(s)}" for s in schedules] + [f"时限：{_said(s)}" for s in dues]
    return drafts


def _said(text: str) -> str:
    """A sentence as a note: without line-break spaces and a trailing （责任单位：…）."""
    return re.sub(r"[（(](?:牵头|责任)单位[^)）]*[)）]$", "", re.sub(r"\s+", "", text)).rstrip("。")


def _aside(text: str) -> str:
    m = re.search(r"[(（]([^)）]*)[)）]", text)
    return m.group(1) if m else text


def _merge_brackets(p: Provision, drafts: list[Draft]) -> list[Draft]:
    """Neighbouring clauses that each pay one bracket of the same base → one threshold rule."""
    out: list[Draft] = []
    run: list[Draft] = []
    for d in [*drafts, None]:
        if d is not None and d.bracket is not None and (not run or _follows(run[-1], d)):
            run.append(d)
            continue
        if len(run) >= 2:
            out.append(_merged(p, run))
        else:
            out += run
        run = []
        if d is not None:
            if d.bracket is not None:
                run.append(d)
            else:
                out.append(d)
    return out


def _single_fixed(d: Draft) -> bool:
    b = d.benefit
    # a clause with its own notes (分三年兑现…) is a benefit of its own, not one option of a list
    return (b.get("type") == "fixed" and len(b.get("tiers") or ()) == 1 and d.bracket is None and bool(d.name)
            and not d.notes and not _SCHEDULE.search(d.clause.text))


def _template(d: Draft) -> str:
    """A clause without its claimant and its figures: parallel clauses (对A，给予企业N万元奖励；对B，
    给予企业M万元奖励) have the same template, different benefits do not."""
    text = re.sub(r"\s+", "", d.clause.text).replace(re.sub(r"\s+", "", d.name), "")
    return re.sub(r"[\d.]+\s*(?:万|亿)?元?", "", text).strip("；;，,。")


def _merge_tiers(p: Provision, drafts: list[Draft]) -> list[Draft]:
    """Clauses of one sentence that each pay one fixed amount to another kind of claimant
    (``对在主板上市企业，给予300万元；对在中小板、创业板、科创板上市企业，给予200万元；对在新三板挂牌
    企业，给予100万元``) → ONE rule whose tiers are those claimants: the options of one benefit."""
    out: list[Draft] = []
    run: list[Draft] = []
    for d in [*drafts, None]:
        if (d is not None and _single_fixed(d) and (not run or (
                d.clause.sentence_index == run[-1].clause.sentence_index
                and d.benefit.get("kind") == run[-1].benefit.get("kind")
                and _template(d) == _template(run[-1])))):
            run.append(d)
            continue
        if len(run) >= 2 and len({r.name for r in run}) == len(run):
            first, last = run[0].clause, run[-1].clause
            clause = type(first)(p.text[first.start : last.end], first.start, first.sentence, first.sentence_index)
            tiers = [r.benefit["tiers"][0] | {"id": f"t{i}", "name": r.name} for i, r in enumerate(run, start=1)]
            notes = [n for r in run for n in r.notes]
            out.append(Draft(clause, {"type": "fixed", "kind": run[0].benefit.get("kind", "奖励"), "tiers": tiers},
                             names.short(p.title or run[0].name), notes=notes))
        else:
            out += run
        run = []
        if d is not None:
            if _single_fixed(d):
                run.append(d)
            else:
                out.append(d)
    return out


def _follows(prev: Draft, d: Draft) -> bool:
    """Whether ``d``'s bracket starts where ``prev``'s ends (same unit, increasing)."""
    a, b = prev.bracket or {}, d.bracket or {}
    if a.get("unit") != b.get("unit") or a.get("max") is None or b.get("min") is None:
        return False
    return Decimal(b["min"]) >= Decimal(a["max"])


def _unit(d: Draft) -> str:
    return str(d.bracket["unit"]) if d.bracket else ""


def _merged(p: Provision, run: list[Draft]) -> Draft:
    first, last = run[0].clause, run[-1].clause
    quote = p.text[first.start : last.end]
    brs: list[dict[str, Any]] = []
    for i, d in enumerate(run, start=1):
        assert d.bracket is not None
        bracket = {k: v for k, v in d.bracket.items() if k != "unit"} | {"id": f"b{i}"}
        if brs and brs[-1].get("max") == bracket.get("min") and "及以上" not in bracket["name"]:
            bracket["min_inclusive"] = False  # 500亩以上 after 100亩至500亩: 500 belongs to the lower one
        brs.append(bracket)
    unit = _unit(run[0]) or "元"
    base = "面积" if unit == "亩" else ("人数" if unit in ("人", "人次") else "金额")
    benefit = {"type": "threshold", "kind": run[0].benefit.get("kind", "奖励"), "base": base, "unit": unit,
               "brackets": brs}
    clause = type(first)(quote, first.start, first.sentence, first.sentence_index)
    return Draft(clause, benefit, run[0].name, condition=run[0].condition, notes=run[0].notes)

