"""Whatever a text file holds, parsing ends in provisions (unique ids, every character
accounted for) or in a CorpusError — never in another exception."""

from __future__ import annotations

import random

import pytest

from assistant.corpus import coverage, parse_document
from assistant.errors import CorpusError

FRAGMENTS = [
    "第一章 总则", "第二章", "第一节", "第三条", "第3条 内容。", "第三条【范围】x", "一、", "二、标题", "（一）", "(二)x。",
    "1.", "1、甲", "2)乙", "(1)", "（2）丙", "①", "②丁", "A.", "b)戊", "附则", "附则   文本，其他", "附件", "附件1",
    "附件2：表", "附件：1.表", "附表1", "关于印发《X办法》的通知", "各有关单位：", "某市人民政府", "2024年1月1日",
    "二○○九年五月十三日", "本办法自2024年1月1日起施行，有效期3年。", "本政策自发布之日起施行，此前的政策同时废止。",
    "原文链接", "TOP", "公开方式：主动公开", "", "   ", "正文一段，没有编号。", "第十条 ", "（ ）", "第零条", "十、",
    "①②③", "A.B", "附件 附件", "第一百条 x", "第1条", "1.5亿元", "（十五）?", "首页 > 政策", "发布时间：2024-01-01",
    "某政办发〔2024〕1号", "关于印发", "X办法的通知",
]


@pytest.mark.parametrize("seed", range(4))
def test_random_layouts(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        text = "\n".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 25)))
        try:
            doc = parse_document(text, "fuzz")
        except CorpusError:
            continue
        assert len(doc.measure_ids) == len(set(doc.measure_ids)), text
        assert coverage(doc).complete, text
