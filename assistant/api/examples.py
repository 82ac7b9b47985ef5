"""Request and response examples shown in the API docs (``/docs``): real answers of the
Baotou document at the as-of date 2025-06-30, the state token shortened."""

from __future__ import annotations

from typing import Any

DOC = "baotou-zjtx-2023"
TITLE = "包头市支持“专精特新”中小企业培育引进加快发展的若干措施(征求意见稿)"
STATE = "v9m07OivmBHEVNtBGwYPKnjaRY7RDoIwDEX_pc9b…"
CAVEATS = ["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日，截至2025-06-30仍在有效期内"]

CHAT_REQUEST: list[Any] = [
    {"message": "我们刚评上小巨人，能拿多少？", "as_of": "2025-06-30"},
    {"message": "那自治区级的呢", "state": STATE},
]

CHAT_RESPONSE: list[Any] = [{
    "answer": "国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条 引导“专精特新”发展〕。\n"
              "享受条件：企业为新认定（新获得相应称号）的企业。\n"
              "责任单位：市工信局、市财政局、各旗县区人民政府、稀土高新区管委会。",
    "intent": "amount",
    "citations": [{"doc_id": DOC, "doc_title": TITLE, "measure": "2", "title": "引导“专精特新”发展",
                   "quote": "对新认定的自治区创新型中小企业、“专精特新”中小企业和国家专精特新“小巨人”企业,"
                            "分别给予20万元、50万元、100万元一次性奖励。",
                   "label": "第2条"}],
    "calculation": {"total_yuan": 1000000, "range_yuan": None,
                    "items": [{"measure": "2", "label": "国家专精特新“小巨人”企业", "amount_yuan": 1000000,
                               "formula": "一次性奖励 100万元", "measure_label": "第2条", "amount_text": "100万元"}],
                    "notes": [], "trace": ["国家专精特新“小巨人”企业：一次性奖励 100万元〔第2条〕"],
                    "amount_text": "100万元", "amount_note": "1000000元", "headline": "合计：100万元（1000000元）",
                    "status_tag": "征求意见稿 · 按原文测算"},
    "caveats": CAVEATS,
    "follow_up": ["这项支持由哪个部门负责？", "申请需要满足哪些条件？", "这个政策现在还有效吗？"],
    "state": STATE,
}]

CALC_REQUEST: list[Any] = [
    {"measure": "6", "base": "120万元", "as_of": "2025-06-30"},
    {"measure": "2", "tier": "国家专精特新“小巨人”企业", "doc_id": DOC},
]

CALC_RESPONSE: dict[str, Any] = {
    "total_yuan": 600000, "range_yuan": None,
    "items": [{"measure": "6", "label": "引进专利转化资金支持", "amount_yuan": 600000,
               "formula": "专利及技术交易费 120万元 × 50%，上限200万元", "measure_label": "第6条", "amount_text": "60万元"}],
    "notes": ["原文未写明200万元上限按每次引进还是按每家企业累计计算，本计算按单次引进〔第6条〕"],
    "trace": ["120万元 × 50% = 60万元，未超过上限200万元 → 60万元〔第6条〕"],
    "validity": {"as_of": "2025-06-30", "status": "valid", "valid_until": "2025-12-31", "document_status": "draft",
                 "messages": ["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日"]},
    "amount_text": "60万元", "amount_note": "600000元", "headline": "合计：60万元（600000元）",
    "status_tag": "征求意见稿 · 按原文测算",
}

FEEDBACK_REQUEST: list[Any] = [
    {"rating": -1, "message": "我们刚评上小巨人，能拿多少？", "answer": "国家专精特新“小巨人”企业可获一次性奖励100万元…",
     "comment": "没说明要什么材料", "state": STATE},
]

MEASURE: list[Any] = [{
    "doc_id": DOC, "measure": "18", "title": "强化用能支持", "path": "三、重点工作 > (六)精准做好要素保障 > 18.强化用能支持",
    "departments": ["市发改委", "市工信局", "包头供电公司"],
    "text": "18.强化用能支持。…至2025年底,对实施两部制电价的污水处理企业、电动汽车集中式充换电设施继续实施"
            "用电免收需量(容量)电费。(市发改委、市工信局、包头供电公司按职责分工负责。)",
}]

HEALTH: list[Any] = [{"status": "ok", "documents": 1, "measures": 39, "collection": "policy_b3d50f6dd75b_1796108841833"}]
ERROR: list[Any] = [{"code": "empty_message", "message": "问题不能为空，请输入您想咨询的内容"}]
