"""Documents from other places, with no metadata files: structure and inferred metadata.

They are read from ``../shared/external`` (never copied into the project); every test
here skips with the reason when that directory is absent.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.corpus import coverage, doc_id_for, parse_document
from assistant.corpus.batch import apply_supersession
from assistant.corpus.loader import read_text
from assistant.corpus.paths import external_dir, external_files

FILES = external_files()
pytestmark = pytest.mark.skipif(not FILES, reason=f"../shared/external 不存在（{external_dir()}）：外部真实文档不复制进项目")


def _load(prefix: str):  # type: ignore[no-untyped-def]
    src = next(p for p in FILES if p.name.startswith(prefix))
    return parse_document(read_text(src), doc_id_for(src), source=str(src))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:2])
def test_every_character_is_accounted_for(path) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document(read_text(path), doc_id_for(path), source=str(path))
    cov = coverage(doc)
    assert cov.complete, (cov.missing[:40], cov.extra[:40])
    assert len(doc.measure_ids) == len(set(doc.measure_ids))
    assert doc.measures >= 9
    assert doc.document.title != doc.doc_id, "the title never comes from the file name"


def test_liuhe_articles_1_to_26() -> None:
    doc = _load("01_")
    assert [p.measure for p in doc.provisions if p.kind == "article"] == [str(i) for i in range(1, 27)]
    assert doc.get("2").parent == "二(一)", "articles nest in the group that precedes them"
    assert doc.get("4").parent == "二(二)"
    meta = doc.document
    assert meta.title == "关于支持重点产业加快发展的实施意见"
    assert meta.issuer == "中共柳河县委 柳河县人民政府"
    assert meta.issued == date(2023, 2, 8)
    assert meta.region == "柳河县"
    assert meta.valid_until == date(2026, 2, 7)  # 本政策自发布之日起施行，暂定三年有效期。
    assert "支持重点产业发展" in meta.supersedes


def test_the_earlier_liuhe_version_is_superseded_by_the_later_one() -> None:
    docs = apply_supersession([_load("01_"), _load("07_"), _load("09_")])
    status = {d.doc_id[:2]: d.document.status for d in docs}
    assert status == {"01": "effective", "07": "superseded", "09": "effective"}


def test_tianhe_articles_with_groups() -> None:
    doc = _load("02_")
    assert [p.measure for p in doc.provisions if p.kind == "article"] == [str(i) for i in range(1, 14)]
    assert [p.measure for p in doc.provisions if p.kind == "group"] == ["5(一)", "5(二)", "5(三)"]
    assert doc.get("5(二)").title == "租金补贴" and doc.get("5(二)").label == "第五条(二)"
    assert doc.get("3").title == "载体建设" and doc.get("3").label == "第三条"
    assert doc.get("cover").label == "印发通知"
    meta = doc.document
    assert meta.doc_number == "穗天科工信规字〔2023〕1号"
    assert meta.title == "广州市天河区深化支持港澳青年创新创业高质量发展实施办法"
    assert meta.effective_from == date(2023, 9, 8) and meta.valid_until == date(2026, 9, 7)
    assert meta.region == "广州市天河区"
    assert "公开方式：主动公开" in doc.dropped


def test_run_in_titles_and_signatures() -> None:
    shaanxi = _load("04_")
    assert shaanxi.document.issuer == "陕西省人民政府办公厅"
    assert shaanxi.document.issued == date(2020, 2, 16)
    assert shaanxi.document.title == "陕西省应对新冠肺炎疫情支持中小微企业稳定健康发展的若干措施"
    assert shaanxi.document.valid_until is None  # valid until the epidemic ends: no date
    sanming = _load("05_")
    assert sanming.document.valid_until == date(2020, 5, 3)  # 自政策发布之日起三个月
    assert "各县（市、区）人民政府" in sanming.get("1").departments
    assert sanming.get("closing").text.startswith("本政策执行期")


def test_restarting_items_are_qualified_by_their_parents() -> None:
    doc = _load("13_")
    assert doc.get("一.1") is not None and doc.get("一.1").label == "一、1."
    assert all(not p.measure.isdigit() for p in doc.provisions if p.kind == "item")


def test_chapters_articles_and_attachments() -> None:
    doc = _load("14_")
    assert doc.get("第一章").title == "总则"
    assert [p.measure for p in doc.provisions if p.kind == "article"] == [str(i) for i in range(1, 24)]
    attachments = [p.measure for p in doc.provisions if p.kind == "attachment"]
    assert attachments[0] == "附件" and "附表1" in attachments
    assert all(p.measure.startswith("附件 ") for p in doc.provisions if p.parent == "附件")
    assert doc.document.doc_number == "穗人社规字〔2019〕6号"
    assert doc.document.valid_until == date(2024, 10, 8)


def test_number_alone_on_its_line_and_chinese_dates() -> None:
    doc = _load("16_")
    assert doc.get("1").text.startswith("第一条")
    assert doc.get("cover") is not None and doc.get("closing") is None
    assert doc.document.issued == date(2009, 5, 13)  # 二○○九年五月十三日
    assert doc.document.title == "北京市促进留学人员来京创业和工作暂行办法"


def test_text_without_numbering_is_cited_by_paragraph() -> None:
    doc = _load("12_")
    assert [p.measure for p in doc.provisions if p.kind == "paragraph"] == [f"p{i}" for i in range(1, 11)]
    assert doc.get("p3").label == "第3段"
    assert doc.get("closing") is not None
