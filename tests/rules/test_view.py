"""A measure's rules as display data (``assistant.rules.view``): drafted or curated, each with
its shape, its figures as display strings and its quote."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import load_document, parse_document
from assistant.rules import load_rulebase_for
from assistant.rules.draft import draft_rulebase
from assistant.rules.view import benefit_text, rules_view

ROOT = Path(__file__).resolve().parents[2]


def test_curated_rules_are_listed_with_their_figures_and_quotes() -> None:
    doc = load_document(ROOT / "corpus" / "baotou-zjtx-2023.txt")
    rules = load_rulebase_for(doc, ROOT / "corpus" / "rules")
    rows = rules_view(rules, "2")
    assert rows and all(not r.drafted for r in rows)
    tiers = next(r for r in rows if r.shape == "fixed" and len(r.amounts) > 1)
    assert any("100万元" in a for a in tiers.amounts) and tiers.shape_label == "固定金额"
    text = {p.measure: p.text for p in doc.provisions}["2"]
    assert all(r.quote and r.quote.replace(" ", "")[:6] in text.replace(" ", "") for r in rows)
    assert rules_view(rules, "no-such-measure") == [] and rules_view(None) == []


def test_drafted_rules_say_so_and_show_rates_caps_and_terms() -> None:
    text = ("某某市支持企业发展的若干措施\n"
            "第一条 对其入驻孵化载体期间实际发生的场地租金总额的50%予以租金补贴，每个企业租金补贴每年不超过5万元、"
            "补贴期限最长不超过3年。\n"
            "第二条 对医药企业新建种植基地面积在100亩及以上至500亩的，给予企业100元/亩奖励；对新建面积在500亩以上的，"
            "给予企业200元/亩奖励。\n"
            "第三条 实习的高校在读青年，给予每人每月3000元实习补贴，补贴期限不超过6个月。\n")
    rules = draft_rulebase(parse_document(text, "t"))
    assert rules is not None
    (rent,) = rules_view(rules, "1")
    assert rent.drafted and rent.shape == "percent" and rent.rates == ("50%",) and rent.caps == ("每个企业每年5万元",)
    assert "最长3年" in rent.summary and rent.quote.startswith("对其入驻")
    (land,) = rules_view(rules, "2")
    assert land.shape_label == "分档" and land.amounts == ("100亩及以上至500亩：100元/亩", "500亩以上：200元/亩")
    (intern,) = rules_view(rules, "3")
    assert intern.amounts == ("每人每月3000元",) and "最长6个月" in intern.summary
    assert benefit_text(rules.rules_for("3")[0]) == "每人每月3000元实习补贴，最长6个月"
    assert len(rules_view(rules)) == 3
