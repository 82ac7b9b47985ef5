"""What the user asks for: the intent of a message, from the words it uses.

Patterns are ordered by specificity; the first that fits wins. Retrieval and the
rule base refine the decision later (e.g. an "amount" question about a measure that
has no amount is answered as ``policy_info``).
"""

from __future__ import annotations

import re

from assistant.dialogue.types import Intent

_GREETING = re.compile(r"^(你好|您好|hi|hello|嗨|在吗|在不在|早上好|下午好|晚上好|谢谢|多谢|感谢|好的|ok|再见|拜拜|辛苦了)"
                       r"(你|您|啦|了|哈)?[!！。.~～啊呀呢]*$", re.IGNORECASE)
_TASK = re.compile(
    r"(写一首|写首|作诗|写诗|写代码|写程序|写一段代码|python|javascript|翻译|讲个笑话|笑话|天气|股票|彩票|算命|"
    r"做菜|菜谱|电影|小说|游戏|歌词|作文|论文|写一篇|写篇|帮我写|生成一|画一|编程|rap|唱|概念股|炒股|买房|房价|驾照|签证)",
    re.IGNORECASE,
)
_MATCH = re.compile(
    r"(能享受哪些|可以享受哪些|能享受什么|可以享受什么|有哪些政策|有什么政策可以|能拿哪些|可以拿哪些|能申请哪些|可以申请哪些|"
    r"能申请什么|都能申请|都能享受|享受些什么|能享受什么|可以享受什么|还有别的|还有其他|还有什么(支持|政策|补贴|奖励)|还能享受|还可以享受|符合哪些|适用哪些|哪些(措施|政策)适用|"
    r"一共能拿|总共能拿|合计能拿|加起来|总共多少|一共多少|合计多少|总计)"
)
_CONTACT = re.compile(r"(联系人|联系电话|联系方式|咨询电话|电话是|邮箱|电子邮件|e-?mail|找谁咨询|找谁问|向谁咨询|怎么咨询|哪里咨询|"
                      r"怎么反馈|反馈意见|提意见|提建议|意见反馈|寄到哪|地址|征求意见.{0,6}(截止|截至|结束)|反馈截止|意见截止|"
                      r"打给谁|打电话|问谁|联系谁|途径|渠道|怎么提交|最晚哪天|建议.{0,6}(反馈|提交|交)|修改建议|"
                      r"起草|发文单位|印发单位|发布单位|哪个单位(出|发|制定)的|哪天(发|印发|出)|什么时候(发|印发|出台)的|发布日期|印发日期|落款)",
                      re.IGNORECASE)
_DEPARTMENT = re.compile(r"(哪个部门|哪些部门|什么部门|哪个单位|哪些单位|哪家单位|谁负责|谁来管|归谁管|谁管|找哪个|找哪|"
                         r"责任单位|主管部门|负责部门|牵头部门|去哪办|到哪办|在哪办|哪里办|找谁|谁组织|谁牵头|由谁|谁来|统筹协调|"
                         r"哪几家|哪几个部门|哪些单位|负责的|去哪几个|哪个口子)")
_VALIDITY = re.compile(r"(有效期|执行期|过期|还有效|失效|到期|截止|还能用|还在执行|还执行吗|现在还|目前还|仍然有效|是否有效|有效吗|"
                       r"什么时候结束|什么时候到期|执行到|征求意见稿|正式文件|正式印发|草案|定稿|生效|施行|状态)")
_ELIGIBILITY = re.compile(r"(能不能申请|可不可以申请|能申请吗|可以申请吗|能不能享受|能享受吗|可以享受吗|符合条件|条件是|什么条件|"
                          r"哪些条件|申请条件|申报条件|有资格|够格|符合吗|满足|算不算|能不能拿|能拿吗|可以拿吗|还能申请|还能拿|"
                          r"还可以申请|还能享受|能不能算|需要什么|要求是|门槛)")
# A yes/no question about getting something: 能申请迁入补助吗, 能拿200万吗, 属于支持的领域吗.
_CAN_I = re.compile(r"((能|可以|可不可以|能不能|是否|还能|也能|可否)[^，。？?]{0,14}(申请|拿|享受|免|进|算|提|获得|领|报|补)"
                    r"[^，。？?]{0,16}(吗|么)|(能不能|可不可以|能否|是否可以|是否能)[^，。？?]{0,10}(申请|拿|享受|免|进|算|获得|领)|"
                    r"属于[^，。？?]{0,14}吗|有(奖励|补贴|补助|奖|钱|支持)吗)")
_HOW_MUCH = re.compile(r"(多少|几万|几百万|几千万|金额|额度|标准是|比例|上限|封顶|最高|最多|怎么算)")
_AMOUNT = re.compile(r"(多少|几万|几百万|几千万|金额|额度|奖励标准|补助标准|资助标准|比例|上限|最高|最多|封顶|能补|补多少|奖多少|"
                     r"给多少|拿多少|能拿|能给|能奖|钱|奖金|怎么算|计算|奖励|补贴|补助|资助|奖|力度)")
_POLICY_INFO = re.compile(r"(目标|主要目标|总体要求|多少家|培育多少|达到多少家)")


# The enterprise's own certificate being valid is a fact, not a question about the policy's validity.
_CERTIFICATE = re.compile(r"((证书|资格|资质|认定|高企)[^，。,]{0,8}(有效期内|有效|过期了?|到期|失效)|有效期内[^，。,吗]{0,3}(整体|迁|搬))")


def classify(text: str, *, has_amount: bool = False) -> Intent:
    """The intent of a normalised message. ``has_amount``: the message states a sum of money."""
    t = text.strip()
    if not t or _GREETING.match(t):
        return "greeting"
    if _TASK.search(t):
        return "out_of_scope"
    if _POLICY_INFO.search(t) and re.search(r"(目标|家)", t) and not re.search(r"(奖|补|钱)", t):
        return "policy_info"
    if _MATCH.search(t) and not has_amount:
        return "match"
    if _CONTACT.search(t) and not _DEPARTMENT.search(t.replace("找谁咨询", "")):
        return "contact"
    if _DEPARTMENT.search(t):
        return "department"
    if _ELIGIBILITY.search(t):
        return "eligibility"
    if _CAN_I.search(t) and not _HOW_MUCH.search(t):
        return "eligibility"
    if _VALIDITY.search(_CERTIFICATE.sub("", t)):
        return "validity"
    if has_amount or _AMOUNT.search(t):
        return "amount"
    return "policy_info"
