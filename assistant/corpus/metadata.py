"""Document metadata: read from ``<doc_id>.yaml`` beside the text, else inferred from it.

Inference takes only what the text states: the title block, the issuer (signature above
the date, or the organ before 关于), the date, the 文号 (``京政办发〔2020〕7号``) from the
head of the document, the region named first, and validity when a sentence says it
(``有效期至2025年12月31日``, ``自2023年9月8日起施行，有效期3年``, ``暂定三年有效期``).
Anything not stated stays empty, and validity ``unknown``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.models import Contact, PolicyDocument, Status
from assistant.corpus.numbering import chinese_to_int
from assistant.errors import CorpusError
from assistant.text.normalize import normalize_text

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}[〔\[(（]\d{4}[〕\])）]\s*\d{1,4}\s*号")
_UNIT = r"(?:自治区|特别行政区|省|市(?!场|民|值|级)|州|盟|县(?!域|级)|旗|区(?!域|块|间|别|级))"
_REGION = re.compile(rf"^((?:[\u4e00-\u9fa5]{{2,6}}?{_UNIT})+)")
_ORGAN = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|委员会|局|委|厅|办|政府|部)"
_ORGAN_END = re.compile(rf"{_ORGAN}$")
_SIGNED = re.compile(rf"([\u4e00-\u9fa5]{{2,24}}{_ORGAN})\s*[(（]?(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_UNTIL = re.compile(r"有效期(?:至|到)\s*(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(\d{1,2})\s*日|(底|末))")
_N = r"([\d一二三四五六七八九十两]+)\s*(年|个月)"
_START = r"自\s*(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?:政策)?(?:印发|发布|公布)之日)\s*起"
_FROM_YEARS = re.compile(rf"{_START}[^。]{{0,12}}?(?:有效期|暂定)[^。\d一二三四五六七八九十两]{{0,4}}{_N}")
_PERIOD_FROM = re.compile(rf"(?:有效期|执行期限?)[^。]{{0,6}}?{_START}\s*{_N}")
_YEARS_ONLY = re.compile(rf"(?:暂定|有效期)[^。\d一二三四五六七八九十两]{{0,4}}{_N}有效期?")
_VALIDITY_SENTENCE = re.compile(r"(有效期|执行期|施行|实施)")
_FEEDBACK = re.compile(r"征求意见截止(?:日期|时间)?为?\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PHONE = re.compile(r"(?:联系)?电话[:：]?\s*([0-9０-９][0-9０-９\-—－ ]{6,20}[0-9０-９])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_CONTACT = re.compile(r"联系人[:：]\s*([\u4e00-\u9fa5]{2,4}?)(?=联系|电话|\s|，|,|$)")
_ADDRESS = re.compile(r"(?:寄\(送\)至|寄（送）至|寄送至|地址[:：])\s*([^，,。]{4,60}?)(?:[，,。]|$)")


def _to_date(y: str | None, m: str, d: str, default_year: int | None = None) -> date | None:
    year = int(y) if y else default_year
    if year is None:
        return None
    try:
        return date(year, int(m), int(d))
    except ValueError:
        return None


def _add_period(start: date, amount: int, unit: str) -> date:
    """The last day of a period of ``amount`` years or months beginning on ``start``."""
    if unit == "年":
        try:
            end = start.replace(year=start.year + amount)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + amount, day=28)
    else:
        month = start.month - 1 + amount
        year, month = start.year + month // 12, month % 12 + 1
        end = date(year, month, min(start.day, 28))
    return end - timedelta(days=1)


def infer_validity(text: str, issued: date | None) -> tuple[date | None, date | None, str]:
    """(effective_from, valid_until, the sentence that says so) from the text."""
    norm = "\n".join(normalize_text(line) for line in text.splitlines())
    if m := _UNTIL.search(norm):
        year = m.group(1)
        until = date(int(year), 12, 31) if m.group(4) else _to_date(year, m.group(2), m.group(3))
        return None, until, _sentence(norm, m.start())
    for pattern in (_FROM_YEARS, _PERIOD_FROM):
        if m := pattern.search(norm):
            start = _to_date(m.group(1), m.group(2), m.group(3)) if m.group(1) else issued
            amount = chinese_to_int(m.group(4))
            end = _add_period(start, amount, m.group(5)) if start and amount else None
            return start, end, _sentence(norm, m.start())
    if (m := _YEARS_ONLY.search(norm)) and issued:
        amount = chinese_to_int(m.group(1))
        if amount:
            return issued, _add_period(issued, amount, m.group(2)), _sentence(norm, m.start())
    if m := re.search(r"(?:^|[。\s])((?:本|以上|上述)[^。]{0,40}(?:有效期|执行期))", norm):
        return None, None, _sentence(norm, m.start())
    return None, None, ""


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos), text.rfind(" ", 0, pos)) + 1
    end = text.find("。", pos)
    return text[start : end + 1 if end >= 0 else len(text)].strip()


def infer_contact(text: str) -> Contact:
    norm = normalize_text(text)
    name = m.group(1) if (m := _CONTACT.search(norm)) else ""
    phone = m.group(1).strip() if (m := _PHONE.search(norm)) else ""
    email = m.group(0) if (m := _EMAIL.search(norm)) else ""
    address = m.group(1).strip() if (m := _ADDRESS.search(norm)) else ""
    return Contact(name, phone, email, address)


def infer_document(doc_id: str, text: str, title_lines: list[str], head_lines: list[str], source: str = "") -> PolicyDocument:
    """Metadata stated by the text itself. ``head_lines`` are the lines before the first measure."""
    head = [normalize_text(x) for x in head_lines if x.strip()]
    titles = [normalize_text(x) for x in title_lines if x.strip()]
    title_text = "".join(t for t in titles if not _DOC_NUMBER.fullmatch(t) and not _is_date(t))
    doc_number = next((m.group(0) for line in titles + head[:4] if (m := _DOC_NUMBER.fullmatch(line.strip()))), "")

    issuer = ""
    org_lines = [t for t in titles if _ORGAN_END.search(t.replace(" ", "")) and "关于" not in t]
    if org_lines:
        issuer = org_lines[0]
        title_text = "".join(t for t in titles if t not in org_lines and not _DOC_NUMBER.fullmatch(t) and not _is_date(t))
    elif "关于" in title_text and _ORGAN_END.search(title_text.split("关于", 1)[0]):
        issuer = title_text.split("关于", 1)[0]
    dates = [d for line in head if _is_date(line) for d in [_first_date(line)] if d]
    if dates and not issuer:
        idx = next(i for i, line in enumerate(head) if _is_date(line))
        signers = [h for h in head[max(0, idx - 3) : idx] if _ORGAN_END.search(h) and len(h) < 40]
        issuer = " ".join(signers)
    issued = dates[-1] if dates else _first_date(title_text)
    if issued is None:
        # A run-in signature: 陕西省人民政府办公厅 2020年2月16日 (in the head, else at the end).
        norm_text = normalize_text(text)
        signed = _SIGNED.search(" ".join(head)) or _SIGNED.search(norm_text[-400:])
        if signed:
            issued = _to_date(signed.group(2), signed.group(3), signed.group(4))
            issuer = issuer or _last_organ(signed.group(1))
    title = _clean_title(title_text) or doc_id
    effective_from, valid_until, note = infer_validity(text, issued)
    status: Status = "draft" if "征求意见稿" in title or "征求意见稿" in "".join(head[:3]) else "effective"
    feedback = None
    if m := _FEEDBACK.search(normalize_text(text)):
        feedback = _to_date(m.group(1), m.group(2), m.group(3), issued.year if issued else None)
    region = ""
    for candidate in (_strip_wrappers(title), _strip_wrappers(issuer)):
        if m := _REGION.match(candidate):
            region = m.group(1)
            break
    return PolicyDocument(
        doc_id=doc_id, title=title, issuer=issuer, doc_number=doc_number, region=region, issued=issued,
        status=status, effective_from=effective_from, valid_until=valid_until, validity_note=note,
        feedback_deadline=feedback, contact=infer_contact(text), source=source,
    )


def _strip_wrappers(title: str) -> str:
    return re.sub(r"^(关于(印发|对)?《?|中共)", "", title)


def _last_organ(text: str) -> str:
    """The organ name at the end of a run of text (after the last sentence mark)."""
    return re.split(r"[。，,；;：:\s]", text)[-1]


def _clean_title(title: str) -> str:
    title = re.sub(r"[(（]\d{4}年\d{1,2}月\d{1,2}日[)）]$", "", title.strip())
    return title.split(" ")[0] if " " in title and _TITLE_END_WORD.search(title.split(" ")[0]) else title


_TITLE_END_WORD = re.compile(r"(措施|办法|意见|通知|规定|细则|方案|的函|稿\))$")


def _is_date(line: str) -> bool:
    return bool(re.fullmatch(r"[(（]?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[)）]?", line.strip()))


def _first_date(line: str) -> date | None:
    m = _DATE.search(line)
    return _to_date(m.group(1), m.group(2), m.group(3)) if m else None


def _parse_date(value: Any, field: str, path: Path) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(f"{path.name}：字段 {field} 不是有效日期（应为 YYYY-MM-DD）：{value}") from exc


def load_metadata(path: Path, inferred: PolicyDocument) -> PolicyDocument:
    """Overlay a metadata YAML file on the inferred metadata; the file wins field by field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path.name}：元数据文件无法解析：{exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path.name}：元数据文件应为键值映射")
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        raise CorpusError(f"{path.name}：contact 应为映射（name/phone/email/address）")
    status = data.get("status", inferred.status)
    if status not in ("draft", "effective", "superseded", "repealed", "unknown"):
        raise CorpusError(f"{path.name}：status 无效：{status}")
    return PolicyDocument(
        doc_id=str(data.get("doc_id", inferred.doc_id)),
        title=str(data.get("title", inferred.title)),
        issuer=str(data.get("issuer", inferred.issuer)),
        doc_number=str(data.get("doc_number", inferred.doc_number) or ""),
        region=str(data.get("region", inferred.region)),
        issued=_parse_date(data.get("issued"), "issued", path) or inferred.issued,
        status=status,
        effective_from=_parse_date(data.get("effective_from"), "effective_from", path) or inferred.effective_from,
        valid_until=_parse_date(data.get("valid_until"), "valid_until", path) or inferred.valid_until,
        validity_note=str(data.get("validity_note", inferred.validity_note)),
        feedback_deadline=_parse_date(data.get("feedback_deadline"), "feedback_deadline", path)
        or inferred.feedback_deadline,
        contact=Contact(
            name=str(contact.get("name", inferred.contact.name)),
            phone=str(contact.get("phone", inferred.contact.phone)),
            email=str(contact.get("email", inferred.contact.email)),
            address=str(contact.get("address", inferred.contact.address)),
        ),
        source=str(data.get("source", inferred.source)),
    )
