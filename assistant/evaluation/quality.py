"""Answer-quality metrics over a dialogue run, beyond pass/fail per case.

* measure hit@1 / hit@3 / MRR — the expected measure (``primary``, else the first of
  ``cites``) among the answer's citations;
* citation support — every citation's quote occurs verbatim in the cited measure;
* amount exact match — over turns that expect a ``total_yuan``; ``amount_wrong`` counts
  the turns that stated a *different* total (the worst failure), not the ones with none;
* refusal precision / recall — ``out_of_scope`` answers against turns expecting a refusal;
* must-include / must-not-include rates; multi-turn success.
"""

from __future__ import annotations

import contextlib
from typing import Any

from assistant.errors import NotFoundError
from assistant.evaluation.dialogue import DialogueReport, check_turn
from assistant.evaluation.metrics import hit_at, reciprocal_rank
from assistant.index import PolicyIndex
from assistant.text.normalize import contains_verbatim, normalize_text


def quality(report: DialogueReport, index: PolicyIndex) -> dict[str, Any]:
    n_measure = hit1 = hit3 = 0
    rr = 0.0
    cites = supported = 0
    amounts = amounts_ok = wrong = 0
    refusals_expected = refusals_given = refusals_right = 0
    inc_total = inc_ok = exc_total = exc_ok = 0
    for result in report.results:
        for turn, answer in zip(result.case.turns, result.answers, strict=False):
            expect = turn.get("expect") or {}
            got = answer["citations"]
            want = expect.get("primary") or (expect.get("cites") or [None])[0]
            if want is not None:
                n_measure += 1
                hit1 += hit_at(got, [str(want)], 1)
                hit3 += hit_at(got, [str(want)], 3)
                rr += reciprocal_rank(got, [str(want)])
            for doc_id, measure, quote in answer.get("quotes", []):
                cites += 1
                with contextlib.suppress(NotFoundError):  # an unknown measure is an unsupported citation
                    supported += contains_verbatim(index.provision(doc_id, measure).text, quote)
            if expect.get("total_yuan") is not None:
                amounts += 1
                amounts_ok += answer["total_yuan"] == expect["total_yuan"]
                wrong += answer["total_yuan"] is not None and answer["total_yuan"] != expect["total_yuan"]
            refused = answer["intent"] == "out_of_scope"
            refusals_given += refused
            if expect.get("refusal"):
                refusals_expected += 1
                refusals_right += refused
            seen = normalize_text(answer["answer"] + "\n" + "\n".join(answer.get("caveats", [])))
            for s in expect.get("must_include", []) or []:
                inc_total += 1
                inc_ok += normalize_text(str(s)) in seen
            for s in expect.get("must_not_include", []) or []:
                exc_total += 1
                exc_ok += normalize_text(str(s)) not in seen
    multi = [r for r in report.results if len(r.case.turns) > 1]

    def rate(a: float, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "measure_hit@1": rate(hit1, n_measure), "measure_hit@3": rate(hit3, n_measure),
        "measure_mrr": rate(rr, n_measure), "citation_support": rate(supported, cites),
        "amount_exact": rate(amounts_ok, amounts), "amount_cases": amounts,
        # A different figure stated is the worst failure; a missing one (the assistant asked
        # back instead) is only a miss.
        "amount_wrong": wrong,
        "refusal_precision": rate(refusals_right, refusals_given), "refusal_recall": rate(refusals_right, refusals_expected),
        "must_include_rate": rate(inc_ok, inc_total), "must_not_include_rate": rate(exc_ok, exc_total),
        "multi_turn_success": rate(sum(r.passed for r in multi), len(multi)),
    }


__all__ = ["check_turn", "quality"]
