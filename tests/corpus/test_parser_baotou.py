"""The Baotou text parsed into its measures: ids, titles, paths, departments, coverage."""

from __future__ import annotations

from assistant.corpus import coverage

TITLES = {
    "1": "完善企业培育库", "2": "引导“专精特新”发展", "3": "加大企业招引力度", "4": "支持企业技术研发",
    "5": "鼓励企业融通创新发展", "6": "加强知识产权管理", "7": "支持数字化转型发展", "8": "大力开展绿色节能降碳",
    "9": "强化资金奖励", "10": "创新金融服务", "11": "做好减税降费", "12": "降低融资成本",
    "13": "推动大中型企业与“专精特新”中小企业协作配套", "14": "支持产业链关键技术攻关", "15": "强化人才政策支持",
    "16": "保障用人用工", "17": "强化用地保障", "18": "强化用能支持", "19": "增强法治意识",
    "20": "持续优化营商环境", "21": "助推企业开拓市场",
}


def test_all_21_numbered_measures_with_titles(baotou_doc) -> None:
    items = {p.measure: p.title for p in baotou_doc.provisions if p.kind == "item"}
    assert items == TITLES


def test_parts_groups_cover_and_closing(baotou_doc) -> None:
    ids = baotou_doc.measure_ids
    for expected in ["cover", "preamble", "一", "二", "三", "四", "三(一)", "三(七)", "四(一)", "四(二)", "四(三)", "四(四)", "closing"]:
        assert expected in ids
    assert len(ids) == len(set(ids)), "measure ids are unique"
    assert baotou_doc.get("四(一)").title == "强化组织领导"
    assert "同质同类政策的不做重复奖励" in baotou_doc.get("四(一)").text
    assert "有效期至2025年12月31日" in baotou_doc.get("closing").text
    cover = baotou_doc.get("cover")
    assert "btjxwcjc@163.com" in cover.text and "图孟仓" in cover.text


def test_path_of_measure_2(baotou_doc) -> None:
    assert baotou_doc.get("2").path_text == "三、重点工作 > (一)实施企业分级培育 > 2.引导“专精特新”发展"
    assert baotou_doc.get("2").parent == "三(一)"
    assert baotou_doc.get("三(一)").parent == "三"


def test_departments(baotou_doc) -> None:
    assert baotou_doc.get("18").departments == ("市发改委", "市工信局", "包头供电公司")
    assert baotou_doc.get("2").departments == ("市工信局", "市财政局", "各旗县区人民政府", "稀土高新区管委会")
    # The parenthesis of measure 7 closes before its full stop: (…负责)。
    assert baotou_doc.get("7").departments == ("市工信局", "市财政局")
    assert baotou_doc.get("19").departments[-1] == "市公安局"


def test_boilerplate_dropped_and_nothing_else_lost(baotou_doc) -> None:
    assert baotou_doc.dropped[0].startswith("原文链接")
    assert baotou_doc.dropped[-1] == "微信"
    assert all("本站" not in p.text for p in baotou_doc.provisions)
    cov = coverage(baotou_doc)
    assert cov.complete, (cov.missing, cov.extra)
    assert cov.source_chars == cov.provision_chars + cov.title_chars + cov.dropped_chars


def test_metadata_file_wins(baotou_doc) -> None:
    meta = baotou_doc.document
    assert meta.doc_id == "baotou-zjtx-2023"
    assert meta.issuer == "包头市工业和信息化局"
    assert meta.status == "draft"
    assert str(meta.issued) == "2023-03-30" and str(meta.valid_until) == "2025-12-31"
    assert str(meta.feedback_deadline) == "2023-04-14"
    assert meta.contact.name == "图孟仓" and meta.contact.email == "btjxwcjc@163.com"
    assert meta.region == "包头市"
