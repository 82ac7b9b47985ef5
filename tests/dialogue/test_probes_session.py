"""Probes written in the issue-14 session beyond the dev sets, through ``Assistant.ask``.

Each asserts the properties that matter, not the phrasing: the intent, the measure cited,
the exact amount (or that there is none), a refusal, and the one fact the answer must say.
The last turn of each dialogue is checked; earlier turns only build the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

AS_OF = "2025-06-01"
NONE = object()  # "no calculation at all"


@dataclass(frozen=True)
class Probe:
    turns: tuple[str, ...]
    intent: str | None = None
    cites: str | None = None  # the measure the answer must cite first
    total: object = None  # int: the exact total; NONE: no calculation; None: not checked
    says: tuple[str, ...] = ()
    refused: bool = False
    not_cites: tuple[str, ...] = field(default=())


def p(*turns: str, **kw: object) -> Probe:
    return Probe(tuple(turns), **kw)  # type: ignore[arg-type]


PROBES = {
    # colloquial validity: the status at the as-of date, never an amount
    "still-counts": p("现在还算数吗？", intent="validity", total=NONE, says=("仍在有效期内",)),
    "report-this-year": p("今年还能报吗？", intent="validity", total=NONE, says=("有效期至2025年12月31日",)),
    "expired-colloquial": p("这政策过没过期啊", intent="validity", total=NONE),
    "still-works": p("这文件还管用不", intent="validity", total=NONE),
    "next-year": p("明年还能申请小巨人奖励吗？", intent="validity", total=NONE, says=("2026年已超出有效期",)),
    "measure-deadline-passed": p("普惠小微贷款激励现在还有吗？", intent="validity", cites="12", says=("已结束",)),
    "measure-deadline-running": p("充电站免需量电费到什么时候？", intent="validity", cites="18", says=("仍在执行期内",)),
    # personal affairs sharing a word with a measure
    "home-renovation": p("我家装修想用点节能减排的材料，有补贴吗？", refused=True, says=("本文件不涉及",)),
    "personal-loan": p("我个人贷款利息太高了，能帮我降低融资成本吗？", refused=True, says=("本文件不涉及", "第12条")),
    "unemployed": p("我失业了能去专场招聘会找工作吗？", refused=True, says=("本文件不涉及",)),
    "retired": p("我退休了能享受什么政策", refused=True),
    "own-house": p("重点技术改造项目容积率能提到多少？", "那我家自建房能不能加盖一层？", refused=True,
                   says=("本文件不涉及",)),
    # other levels' programmes and places
    "national-criteria": p("国家级专精特新小巨人的认定标准是什么？", refused=True, says=("本文件不涉及",)),
    "national-fund": p("国家中小企业发展基金怎么申请？", refused=True),
    "other-city": p("上海的揭榜挂帅政策怎么样", refused=True, says=("本文件不涉及上海",)),
    "phrase-of-the-text": p("自治区重点产业专项资金怎么申请？", cites="7", total=NONE),  # the text names it
    # measure numbers the document does not have
    "no-article-22": p("第22条说的是什么？", total=NONE, says=("没有第22条",)),
    "no-article-30": p("第三十条有什么补贴", total=NONE, says=("没有第30条",)),
    # typos of document terms
    "typo-giant": p("小巨任奖多少", cites="2", total=1_000_000),
    "typo-bang": p("揭榜挂师项目协议2000万能资助多少？", cites="5", total=6_000_000),
    "typo-alliance": p("产业技术创新战略连盟牵头单位国家级的给多少", cites="4", total=2_000_000),
    "typo-fee": p("需量店费能免吗？", cites="18", total=NONE),
    "typo-kept": p("我们企业培养的一名工程师新入选了自治区人才项目，企业或个人有支持吗？", cites="15"),
    # amounts as people write them
    "35w": p("揭榜挂帅协议金额35w，能资助多少？", cites="5", total=105_000),
    "1200W": p("揭榜挂帅合同1200W，给多少？", cites="5", total=3_600_000),
    "12k": p("揭榜挂帅协议12k能资助多少", cites="5", total=3_600),
    "2.5亿": p("揭榜挂帅协议2.5亿能拿多少", cites="5", total=10_000_000),
    "贰佰万元整": p("引进专利并转化了，技术交易费贰佰万元整，能拿多少？", cites="6", total=1_000_000),
    "2,500,000元": p("引进专利转化见效了，专利交易费2,500,000元能补多少", cites="6", total=1_250_000),
    "full-width": p("揭榜挂帅协议金额３０００万元能资助多少", cites="5", total=9_000_000),
    "0.3亿": p("引进专利并已转化，专利交易费０.３亿，能拿多少", cites="6", total=2_000_000),
    "一千二百万": p("揭榜挂帅协议一千二百万能资助多少", cites="5", total=3_600_000),
    # dialogues: corrections, challenges, switches, more, thanks
    "correct-base": p("揭榜挂帅协议2000万能拿多少？", "不对，我是说3000万", cites="5", total=9_000_000),
    "correct-tier": p("小巨人奖多少？", "我是说自治区创新型的", cites="2", total=200_000),
    "challenge": p("小巨人能奖多少？", "你确定？我听说是150万", cites="2", total=1_000_000),
    "challenge-echo": p("揭榜挂帅协议3000万能拿多少", "怎么才900万？不是应该1000万吗", cites="5", total=9_000_000),
    "what-if": p("揭榜挂帅协议2000万能拿多少", "要是4000万呢？", cites="5", total=10_000_000),
    "switch": p("揭榜挂帅资助比例多少？", "那充电站电费呢？", cites="18", total=NONE),
    "switch-away": p("小巨人奖多少？", "顺便问下，今天天气怎么样", refused=True),
    "more": p("外地高企整体搬到包头有什么支持？", "还有别的吗？", intent="match", total=NONE, not_cites=("3",)),
    "facts-fill": p("充电站需量电费能免吗", "我们是污水处理厂，执行两部制电价", intent="eligibility", cites="18",
                    says=("符合",)),
    "thanks": p("自治区专精特新奖多少", "那这个找哪个部门？", "谢谢", intent="greeting", total=NONE),
    "follow-conditions": p("市外企业迁到包头有30万，是吗？", "需要满足什么条件？", cites="3", total=NONE,
                           says=("整体迁入",)),
    # questions asking only procedure / conditions / department / pay-out: no amount
    "where-to-apply": p("小巨人100万奖励去哪申报？", cites="2", total=NONE, says=("未写明申报流程",)),
    "conditions": p("揭榜挂帅的资助需要什么条件？", intent="eligibility", cites="5", total=NONE),
    "department": p("整体迁入的30万补助由哪个部门负责？", intent="department", cites="3", total=NONE),
    "materials": p("申请专利引进资金要交哪些材料？", cites="6", total=NONE),
    "how-to-apply": p("我们的协议金额是2000万，怎么申请揭榜挂帅？", cites="5", total=NONE),
    "paid-yearly": p("智能制造科技示范企业奖多少？", "是每年都给吗？", cites="5", total=NONE, says=("一次性",)),
    "contact": p("有问题找谁？联系电话多少？", intent="contact", total=NONE, says=("图孟仓",)),
    "feedback": p("自治区专精特新中小企业奖多少？", "我想对这个措施提点意见，发到哪里？", intent="contact",
                  total=NONE, says=("btjxwcjc@163.com",)),
    # what a term means, what the document offers, tax and pay-out, same-class rewards
    "define": p("专精特新中小企业是什么意思？", cites="一", total=NONE, says=("专业化、精细化、特色化、新颖化",)),
    "define-tier": p("小巨人是什么意思", cites="2", total=NONE),
    "catalog": p("有哪些支持措施？", intent="match", cites="2", total=NONE, says=("第18条",)),
    "tax": p("小巨人一百万是税前还是税后？", cites="2", total=NONE, says=("未写明",)),
    # what the document is (not whether it is in force): policy_info, answered with its status
    "formal": p("这个文件是正式的吗", intent="policy_info", total=NONE, says=("征求意见稿",)),
    "both-tiers": p("小巨人奖励多少", "那自治区专精特新呢", "两个都拿能拿多少", total=1_000_000, says=("不重复",)),
    "not-lead": p("国家级联盟牵头单位奖多少", "我们不是牵头单位，只是参与", intent="eligibility", cites="4",
                  total=NONE, says=("暂不符合",)),
    "which-rule": p("容积率提高了要补交土地款吗？", cites="17", total=NONE, says=("土地价款",)),
    "bye": p("小巨人奖多少？", "谢了", intent="greeting", total=NONE),
    # figures offered, bases and rates named alone, a place inside a fact, another currency
    "offered-figure": p("揭榜挂帅协议5000万，能补2500万吗？", cites="5", total=10_000_000, says=("与原文不符",)),
    "two-tiers-held": p("我们是小巨人，也是自治区专精特新，能拿150万吗", cites="2", total=1_000_000, says=("不另计",)),
    "place-in-a-fact": p("北京牵头的联盟我们参与了能拿钱吗", intent="eligibility", cites="4", says=("暂不符合",)),
    "bare-base": p("协议2000万", cites="5", total=6_000_000),
    "rate-named": p("30%是什么的30%", cites="5", total=NONE),
    "generic-name": p("专精特新企业贷款难怎么办", total=NONE),
    "foreign-currency": p("揭榜挂帅协议100万美元能资助多少", cites="5", total=NONE),
    "parts-of-one-base": p("揭榜挂帅，协议金额3000万，补充协议又签了500万，一共资助多少？", cites="5", total=10_000_000),
    # switches by number, who issued it, a generic name naming no tier, a certificate still valid
    "switch-by-number": p("小巨人奖励多少", "那第4条呢", cites="4"),
    "issuer": p("你们这个政策是哪个部门发的", intent="contact", says=("包头市工业和信息化局",)),
    "generic-tier": p("市级专精特新企业有奖励吗？", cites="2", total=NONE),
    "still-valid-certificate": p("高新技术企业证书下个月到期，现在整体搬过来还来得及吗", intent="eligibility", cites="3",
                                 says=("✔ 迁入时高新技术企业资格",)),
    "expired-now": p("今年还能报吗？", intent="validity", total=NONE),  # see test_probe_after_expiry
    # a total over named benefits one of which has no figure here
    "no-total": p("新认定国家小巨人，同时我们还生产自治区首台套产品，两项一共多少钱？", cites="2",
                  says=("100万元", "合计无法给出")),
}


@pytest.mark.parametrize("name", list(PROBES))
def test_probe(bot, name: str) -> None:  # type: ignore[no-untyped-def]
    probe = PROBES[name]
    state = None
    for text in probe.turns:
        r = bot.ask(text, state=state, as_of=AS_OF)
        state = r.state
    cited = [c.measure for c in r.citations]
    if probe.refused:
        assert r.intent == "out_of_scope" and not cited and r.calculation is None, (name, r.answer)
    if probe.intent is not None:
        assert r.intent == probe.intent, (name, r.intent, r.answer)
    if probe.cites is not None:
        assert cited and cited[0] == probe.cites, (name, cited, r.answer)
    assert not set(probe.not_cites) & set(cited), (name, cited)
    if probe.total is NONE:
        assert r.calculation is None, (name, r.calculation)
    elif isinstance(probe.total, int):
        assert r.calculation is not None and r.calculation["total_yuan"] == probe.total, (name, r.answer)
    elif name == "no-total":
        assert r.calculation is not None and r.calculation["total_yuan"] is None
    for fact in probe.says:
        assert fact in r.answer, (name, fact, r.answer)


def test_probe_after_expiry(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("今年还能报吗？", as_of="2026-12-01")
    assert r.intent == "validity" and r.calculation is None
    assert "已过期" in r.answer and "不能再按本文件申报" in r.answer
