"""One short document per numbering form (tests/corpus/docs/*.txt, our own text in the
style of real policies): ids, labels, titles, parents, metadata and the ingest report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import coverage, load_document
from assistant.corpus.models import display_measure

DOCS = Path(__file__).resolve().parent / "docs"


def _doc(name: str):  # type: ignore[no-untyped-def]
    return load_document(DOCS / f"{name}.txt")


def _outline(doc) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(p.measure, p.label, p.parent) for p in doc.provisions]


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_form_is_complete_and_unique(path: Path) -> None:
    doc = load_document(path)
    assert coverage(doc).complete
    assert len(doc.measure_ids) == len(set(doc.measure_ids))
    assert doc.document.title and doc.document.title != doc.doc_id
    for p in doc.provisions:  # items, parts, groups: the id alone gives the provision's label
        if p.kind in ("item", "part", "group", "subitem", "letter", "paragraph") and "条" not in p.label[:-1]:
            assert display_measure(p.measure).replace(" ", "") == p.label.replace(" ", ""), p.measure


def test_chapters_sections_articles_and_attachments() -> None:
    doc = _doc("chapters_articles_attachment")
    assert doc.get("第一章").title == "总则" and doc.get("1").parent == "第一章"
    assert doc.get("第二章第一节").label == "第二章第一节" and doc.get("3").parent == "第二章第一节"
    assert doc.get("2").title == "适用范围"  # 第二条【适用范围】
    assert doc.get("3(二)").label == "第三条(二)"
    assert doc.get("4").departments == ("市财政局", "市人社局")
    assert doc.get("5").text.startswith("第五条\n")  # number alone on its line
    assert doc.get("附件1").title == "贴息申请材料清单"
    assert doc.get("附件1 一(二)").label == "附件1 一、(二)" and doc.get("附件1 一(二)").parent == "附件1 一"
    assert doc.get("附件2 3").label == "附件2 第3条"
    assert "2024年2月1日" in doc.dropped  # the signature before the attachments
    meta = doc.document
    assert meta.issued == date(2024, 2, 1) and meta.issuer == "某市人力资源和社会保障局"
    assert meta.effective_from == date(2024, 3, 1) and meta.valid_until == date(2027, 2, 28)
    assert "某市创业担保贷款贴息暂行办法" in meta.supersedes
    assert any("附件1" in o for o in doc.oddities)


def test_items_restarting_in_every_part_carry_their_parent() -> None:
    doc = _doc("restarting_items")
    assert ("一.1", "一、1.", "一") in _outline(doc) and ("二.3", "二、3.", "二") in _outline(doc)
    assert ("三(一).2", "三、(一)2.", "三(一)") in _outline(doc)
    assert doc.get("closing").text.startswith("本措施自印发之日起施行")


def test_subitems_and_circled_numbers() -> None:
    doc = _doc("circled_and_subitems")
    assert ("2(1)", "第二条(1)", "2") in _outline(doc)
    assert ("2(2)①", "第二条(2)①", "2(2)") in _outline(doc)
    assert doc.get("3(2)").title == "研发费用专项审计报告"
    assert doc.document.title == "某县科技型企业研发投入奖励实施细则（试行）"


def test_letters() -> None:
    doc = _doc("letters_and_items")
    assert ("一.1.A", "一、1.A.", "一.1") in _outline(doc)
    assert ("一.2.b", "一、2.b.", "一.2") in _outline(doc)
    assert doc.document.valid_until == date(2027, 12, 31)  # 自2025年1月1日起施行，暂定三年


def test_supplementary_heading_with_items() -> None:
    doc = _doc("supplementary_with_items")
    assert ("附则", "附则", None) in _outline(doc)
    assert ("附则.2", "附则2.", "附则") in _outline(doc), "items under 附则 would collide with 第一、二条"
    assert doc.document.valid_until == date(2029, 6, 30)


def test_covering_notice_and_signature() -> None:
    doc = _doc("covering_notice")
    cover = doc.get("cover")
    assert cover.label == "印发通知" and "2024年5月20日" in cover.text
    assert doc.get("preamble").text.startswith("为帮助外贸企业")
    meta = doc.document
    assert meta.title == "某市支持外贸企业稳订单拓市场若干措施"
    assert meta.doc_number == "某政办发〔2024〕12号" and meta.issued == date(2024, 5, 20)
    assert doc.get("二").departments == ("市商务局", "市财政局")
    assert doc.dropped == ("公开方式：主动公开", "某市人民政府办公室秘书处", "2024年5月20日印发")
    assert "公开方式" not in doc.get("三").text


def test_no_numbering_is_cut_into_paragraphs() -> None:
    doc = _doc("no_numbering")
    assert _outline(doc) == [("preamble", "序言", None), ("p1", "第1段", None), ("p2", "第2段", None),
                             ("p3", "第3段", None), ("closing", "施行与有效期", None)]
    assert doc.get("p2").title == "支持首发活动"
    assert doc.document.valid_until == date(2026, 12, 31)  # 实行年限为2024年至2026年
    assert doc.document.issuer == "区商务委员会"


def test_articles_restarting_per_chapter_and_a_repeated_number() -> None:
    doc = _doc("repeated_numbers")
    assert ("第二章 1", "第二章第一条", "第二章") in _outline(doc)
    assert doc.get("第三章 2(二)-2") is not None
    assert any("编号重复" in o for o in doc.oddities) and any("跳号" in o for o in doc.oddities)
