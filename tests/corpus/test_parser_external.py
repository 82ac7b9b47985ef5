"""Documents from other places, with no metadata files: structure and inferred metadata."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import coverage, load_document

EXTERNAL = Path(__file__).resolve().parents[2] / "evals" / "corpora" / "external"
FILES = sorted(EXTERNAL.glob("*.txt"))


@pytest.fixture(params=FILES, ids=lambda p: p.name[:12])
def bare_doc(request, tmp_path):  # type: ignore[no-untyped-def]
    """Each external file copied alone, so no metadata file is beside it."""
    path = tmp_path / request.param.name
    shutil.copy(request.param, path)
    return load_document(path)


def test_every_character_is_accounted_for(bare_doc) -> None:
    cov = coverage(bare_doc)
    assert cov.complete, (cov.missing[:40], cov.extra[:40])
    ids = bare_doc.measure_ids
    assert len(ids) == len(set(ids))
    assert len([p for p in bare_doc.provisions if p.kind not in ("cover", "preamble", "closing")]) >= 12


def _load(prefix: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = next(p for p in FILES if p.name.startswith(prefix))
    shutil.copy(src, tmp_path / src.name)
    return load_document(tmp_path / src.name)


def test_liuhe_articles_1_to_26(tmp_path: Path) -> None:
    doc = _load("01_", tmp_path)
    articles = [p.measure for p in doc.provisions if p.kind == "article"]
    assert articles == [str(i) for i in range(1, 27)]
    assert doc.get("2").parent == "二(一)", "articles nest in the group that precedes them"
    assert doc.get("4").parent == "二(二)"
    meta = doc.document
    assert meta.title == "关于支持重点产业加快发展的实施意见"
    assert meta.issuer == "中共柳河县委 柳河县人民政府"
    assert meta.issued == date(2023, 2, 8)
    assert meta.region == "柳河县"
    # 本政策自发布之日起施行，暂定三年有效期。
    assert meta.valid_until == date(2026, 2, 7)


def test_tianhe_articles_with_sub_items(tmp_path: Path) -> None:
    doc = _load("02_", tmp_path)
    articles = [p.measure for p in doc.provisions if p.kind == "article"]
    assert articles == [str(i) for i in range(1, 14)]
    assert [p.measure for p in doc.provisions if p.kind == "subitem"] == ["5(一)", "5(二)", "5(三)"]
    assert doc.get("5(二)").title == "租金补贴"
    assert doc.get("3").title == "载体建设"
    assert doc.get("cover").title == "印发通知"
    meta = doc.document
    assert meta.doc_number == "穗天科工信规字〔2023〕1号"
    assert meta.title == "广州市天河区深化支持港澳青年创新创业高质量发展实施办法"
    assert meta.issued == date(2023, 8, 9)
    assert meta.effective_from == date(2023, 9, 8) and meta.valid_until == date(2026, 9, 7)
    assert meta.region == "广州市天河区"


def test_beijing_items_and_departments(tmp_path: Path) -> None:
    doc = _load("03_", tmp_path)
    assert [p.measure for p in doc.provisions if p.kind == "item"] == [str(i) for i in range(1, 17)]
    assert doc.get("4").departments == ("中关村管委会", "市财政局")
    assert doc.document.doc_number == "京政办发〔2020〕7号"
    assert doc.document.valid_until == date(2020, 12, 31)  # 有效期至2020年底


def test_run_in_titles_and_signatures(tmp_path: Path) -> None:
    shaanxi = _load("04_", tmp_path)
    assert shaanxi.document.issuer == "陕西省人民政府办公厅"
    assert shaanxi.document.issued == date(2020, 2, 16)
    assert shaanxi.document.valid_until is None  # valid until the epidemic ends: no date
    assert [p.measure for p in shaanxi.provisions if p.kind == "part"][-1] == "十二"
    sanming = _load("05_", tmp_path)
    assert sanming.document.issued == date(2020, 2, 4)
    assert sanming.document.valid_until == date(2020, 5, 3)  # 自政策发布之日起三个月
    assert "各县（市、区）人民政府" in sanming.get("1").departments
    assert sanming.get("closing").text.startswith("本政策执行期")
    xiangtan = _load("06_", tmp_path)
    assert xiangtan.get("一").departments[:2] == ("市工信局", "市交通运输局")


def test_liaoning_groups_under_parts(tmp_path: Path) -> None:
    doc = _load("08_", tmp_path)
    groups = [p.measure for p in doc.provisions if p.kind == "group"]
    assert len(groups) == 25
    assert groups[0] == "一(一)" and groups[-1] == "五(二十五)"
    assert doc.document.region == "辽宁省"
