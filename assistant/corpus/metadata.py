"""Document metadata: read from ``<doc_id>.yaml`` beside the text, else inferred from it.

Inference takes only what the text states: the title block, the issuer (signature above
the date, or the organ before 关于), the date, the 文号 (``京政办发〔2020〕7号``) from the
head of the document, the region named first, and validity when a sentence says it
(``有效期至2025年12月31日``, ``自2023年9月8日起施行，有效期3年``, ``暂定三年有效期``).
Anything not stated stays empty, and validity ``unknown``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.models import Contact, PolicyDocument, Status
from assistant.corpus.numbering import arabic_dates
from assistant.corpus.titles import (
    DOC_NUMBER,
    ORGAN,
    ORGAN_END,
    choose_title,
    is_date,
    issuer_from_text,
    organ_lines,
)
from assistant.corpus.validity import infer_supersedes, infer_validity, to_date
from assistant.errors import CorpusError
from assistant.text.normalize import normalize_text

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_UNIT = r"(?:自治区|特别行政区|省|市(?!场|民|值|级)|州|盟|县(?!域|级)|旗|区(?!域|块|间|别|级))"
_REGION = re.compile(rf"^((?:[\u4e00-\u9fa5]{{2,6}}?{_UNIT})+)")
_SIGNED = re.compile(rf"([\u4e00-\u9fa5]{{2,24}}{ORGAN})\s*[(（]?(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_FEEDBACK = re.compile(r"征求意见截止(?:日期|时间)?为?\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PHONE = re.compile(r"(?:联系)?电话[:：]?\s*([0-9０-９][0-9０-９\-—－ ]{6,20}[0-9０-９])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_CONTACT = re.compile(r"联系人[:：]\s*([\u4e00-\u9fa5]{2,4}?)(?=联系|电话|\s|，|,|$)")
_ADDRESS = re.compile(r"(?:寄\(送\)至|寄（送）至|寄送至|地址[:：])\s*([^，,。]{4,60}?)(?:[，,。]|$)")


def infer_contact(text: str) -> Contact:
    norm = normalize_text(text)
    name = m.group(1) if (m := _CONTACT.search(norm)) else ""
    phone = m.group(1).strip() if (m := _PHONE.search(norm)) else ""
    email = m.group(0) if (m := _EMAIL.search(norm)) else ""
    address = m.group(1).strip() if (m := _ADDRESS.search(norm)) else ""
    return Contact(name, phone, email, address)


def infer_document(doc_id: str, text: str, title_lines: list[str], head_lines: list[str], source: str = "",
                   cover_lines: list[str] | None = None, restated: list[str] | None = None) -> PolicyDocument:
    """Metadata stated by the text itself. ``head_lines`` are the lines before the first measure,
    ``cover_lines`` the covering notice (if any), ``restated`` the policy's title after it."""
    cover = cover_lines or []
    head = [arabic_dates(normalize_text(x)) for x in head_lines if x.strip()]
    titles = [arabic_dates(normalize_text(x)) for x in title_lines if x.strip()]
    numbers = titles + head[:6] + [normalize_text(x) for x in cover[:6]]
    doc_number = next((m.group(0) for line in numbers if (m := DOC_NUMBER.search(line.strip()))
                       and len(line.strip()) <= len(m.group(0)) + 2), "")
    title = choose_title(title_lines, cover, restated or [])
    title_text = "".join(t for t in titles if not DOC_NUMBER.fullmatch(t) and not is_date(t))
    issuer = ""
    if org := organ_lines(title_lines):
        issuer = org[0]
    elif "关于" in title_text and ORGAN_END.search(title_text.split("关于", 1)[0].replace(" ", "")):
        issuer = title_text.split("关于", 1)[0]
    elif cover and (head_org := cover[0].strip()) and "关于" in normalize_text(head_org) and ORGAN_END.search(
            normalize_text(head_org).split("关于", 1)[0]):
        issuer = normalize_text(head_org).split("关于", 1)[0]
    dates = [d for line in head if is_date(line) for d in [_first_date(line)] if d]
    if dates and not issuer:
        idx = next(i for i, line in enumerate(head) if is_date(line))
        signers = [h for h in head[max(0, idx - 3) : idx] if ORGAN_END.search(h) and len(h) < 40]
        issuer = " ".join(signers)
    issued = dates[-1] if dates else _first_date(title_text)
    if issued is None:
        # A run-in signature: 陕西省人民政府办公厅 2020年2月16日 (in the head, else at the end).
        norm_text = normalize_text(text)
        signed = _SIGNED.search(" ".join(head)) or _SIGNED.search(norm_text[-400:])
        if signed:
            issued = to_date(signed.group(2), signed.group(3), signed.group(4))
            issuer = issuer or _last_organ(signed.group(1))
    if not issuer:
        issuer = issuer_from_text("\n".join(head_lines), text)
    effective_from, valid_until, note = infer_validity(text, issued)
    draft = "征求意见稿" in title or "征求意见稿" in "".join(head[:3]) or "征求意见稿" in "".join(titles)
    status: Status = "draft" if draft else "effective"
    feedback = None
    if m := _FEEDBACK.search(normalize_text(text)):
        feedback = to_date(m.group(1), m.group(2), m.group(3), issued.year if issued else None)
    region = ""
    for candidate in (_strip_wrappers(title), _strip_wrappers(issuer), _strip_wrappers(title_text)):
        if m := _REGION.match(candidate):
            region = m.group(1)
            break
    return PolicyDocument(
        doc_id=doc_id, title=title, issuer=issuer, doc_number=doc_number, region=region, issued=issued,
        status=status, effective_from=effective_from, valid_until=valid_until, validity_note=note,
        feedback_deadline=feedback, contact=infer_contact(text), source=source, supersedes=infer_supersedes(text),
    )


def _strip_wrappers(title: str) -> str:
    return re.sub(r"^(关于(印发|对|实施)?《?|中共)", "", title)


def _last_organ(text: str) -> str:
    """The organ name at the end of a run of text (after the last sentence mark)."""
    return re.split(r"[。，,；;：:\s]", text)[-1]


def _first_date(line: str) -> date | None:
    m = _DATE.search(line)
    return to_date(m.group(1), m.group(2), m.group(3)) if m else None


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
        supersedes=str(data.get("supersedes", inferred.supersedes) or ""),
    )
