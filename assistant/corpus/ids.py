"""Measure ids and labels of a provision tree (the contract is docs/measure-ids.md).

* Articles are their number, ``"3"``, wherever they sit; the same number under two
  chapters is qualified by the chapter: ``"第二章 3"``.
* Groups, subitems, circled numbers and letters carry their parent's full id:
  ``"三(一)"``, ``"5(二)"``, ``"2(1)"``, ``"2①"``, ``"2.A"``.
* Items and parts carry their parent only when needed to be unique: ``"2"`` but
  ``"一.1"``, ``"三(一).1"``; sections carry their chapter, ``"第一章第一节"``.
* Inside an attachment everything is prefixed by it (``"附件1 二(一)"``), and uniqueness
  is judged inside the attachment.
* A number repeated under one parent (a typo of the document) gets ``"-2"``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.corpus.tree import Node

_ALWAYS_UNDER_PARENT = ("group", "subitem", "circled")


@dataclass(frozen=True)
class Named:
    node: Node
    measure: str
    label: str
    qualified: bool
    repeated: bool


def _own(node: Node) -> str:
    if node.kind == "paragraph":
        return f"p{node.ordinal}"
    assert node.label is not None
    return node.label.id_part


def _chapter(node: Node) -> Node | None:
    return next((a for a in reversed(node.ancestors()) if a.kind == "chapter"), None)


def _run_key(node: Node) -> tuple[int, str]:
    return (id(node.parent), node.kind)


def assign(nodes: list[Node]) -> list[Named]:
    """Ids and labels for ``nodes`` (in document order, parents before children)."""
    bare: dict[int, str] = {}
    for n in nodes:
        if n.kind in ("item", "part", "article"):
            bare[id(n)] = _own(n)
    counts: Counter[tuple[str, str]] = Counter((n.namespace, bare[id(n)]) for n in nodes if id(n) in bare)
    article_chapters: dict[tuple[str, str], set[int]] = {}
    for n in nodes:
        if n.kind == "article":
            chapter = _chapter(n)
            article_chapters.setdefault((n.namespace, _own(n)), set()).add(id(chapter) if chapter else 0)
    qualify_runs: set[tuple[int, str]] = set()
    for n in nodes:
        if n.kind in ("item", "part") and n.parent is not None and counts[(n.namespace, bare[id(n)])] > 1:
            qualify_runs.add(_run_key(n))

    full: dict[int, str] = {}
    labels: dict[int, str] = {}
    used: set[str] = set()
    out: list[Named] = []
    for n in nodes:
        measure, label, qualified = _name(n, full, labels, qualify_runs, article_chapters)
        if n.namespace and n.kind != "attachment":
            measure, label = f"{n.namespace} {measure}", f"{n.namespace} {label}"
        repeated = measure in used
        if repeated:
            k = 2
            while f"{measure}-{k}" in used:
                k += 1
            measure = f"{measure}-{k}"
        used.add(measure)
        full[id(n)] = measure.removeprefix(f"{n.namespace} ") if n.namespace else measure
        labels[id(n)] = label.removeprefix(f"{n.namespace} ") if n.namespace else label
        out.append(Named(n, measure, label, qualified, repeated))
    return out


def _name(n: Node, full: dict[int, str], labels: dict[int, str], qualify_runs: set[tuple[int, str]],
          article_chapters: dict[tuple[str, str], set[int]]) -> tuple[str, str, bool]:
    own = _own(n)
    parent = n.parent if n.parent is not None and n.parent.kind != "attachment" else None
    p_id = full[id(parent)] if parent is not None else ""
    p_label = labels[id(parent)] if parent is not None else ""
    label = n.label
    if n.kind == "paragraph":
        return own, f"第{n.ordinal}段", False
    assert label is not None
    if n.kind == "article":
        if len(article_chapters.get((n.namespace, own), ())) > 1 and (chapter := _chapter(n)) is not None:
            return f"{full[id(chapter)]} {own}", f"{labels[id(chapter)]}{label.written}", True
        return own, label.written, False
    if n.kind in ("chapter", "supplementary", "attachment"):
        return own, label.prefix, False
    if n.kind == "section":
        chapter = _chapter(n)
        if chapter is None:
            return own, label.prefix, False
        return f"{full[id(chapter)]}{own}", f"{labels[id(chapter)]}{label.prefix}", True
    if n.kind in _ALWAYS_UNDER_PARENT:
        return f"{p_id}{own}", f"{p_label}{label.prefix}", bool(parent)
    if n.kind == "letter":
        return (f"{p_id}.{own}", f"{p_label}{label.prefix}", True) if parent else (own, label.prefix, False)
    # item, part
    if parent is not None and _run_key(n) in qualify_runs:
        return f"{p_id}.{own}", f"{p_label}{label.prefix}", True
    if n.kind == "item":
        return own, f"第{own}条", False
    return own, label.prefix, False
