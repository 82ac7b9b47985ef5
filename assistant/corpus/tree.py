"""Nesting headings into a tree, by the sequences they continue.

A heading continues a sequence when an open heading of the same kind has the previous
number: (二) is the sibling of an open (一), whatever lies above it. A heading that
continues no open sequence nests under the innermost open heading (a 1. after a new
(二) starts that group's list), except that a number other than 1 of a kind that is
open is its sibling (a gap or a repeated number, reported as odd). An attachment
(附件1) closes everything and opens a namespace of its own; 附则 goes back to the top of
its namespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.corpus.numbering import Label


@dataclass(eq=False)
class Node:
    """One heading (or one paragraph of an unnumbered text) with the lines it holds."""

    kind: str
    label: Label | None
    line_start: int
    lines: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    line_end: int = 0
    parent: Node | None = None
    namespace: str = ""
    ordinal: int = 0  # paragraphs: 1, 2, …

    @property
    def value(self) -> int:
        return self.label.value if self.label else self.ordinal

    def ancestors(self) -> list[Node]:
        out: list[Node] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


class TreeBuilder:
    """Feed heading labels and plain lines in document order; collect the nodes."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.stack: list[Node] = []
        self.namespace = ""
        self.gaps: list[tuple[Node, int]] = []

    def heading(self, label: Label, line: str, index: int, body: str) -> Node:
        if label.kind == "attachment":
            self.stack = []
            self.namespace = label.number
        elif label.kind == "supplementary":
            del self.stack[self._root_depth() :]
        else:
            del self.stack[self._depth_for(label) :]
        node = Node(label.kind, label, index, [line], [body] if body else [], index + 1,
                    self.stack[-1] if self.stack else None, self.namespace)
        self.stack.append(node)
        self.nodes.append(node)
        return node

    def text(self, line: str, index: int) -> bool:
        """Add a plain line to the innermost open heading; False when none is open."""
        if not self.stack:
            return False
        node = self.stack[-1]
        node.lines.append(line)
        node.body.append(line)
        node.line_end = index + 1
        return True

    def _root_depth(self) -> int:
        return 1 if self.stack and self.stack[0].kind == "attachment" else 0

    def _depth_for(self, label: Label) -> int:
        root = self._root_depth()
        same = [d for d in range(len(self.stack) - 1, root - 1, -1) if self.stack[d].kind == label.kind]
        for depth in same:
            if self.stack[depth].value == label.value - 1:
                return depth
        if not same:
            return len(self.stack)
        innermost = same[0]
        previous = self.stack[innermost]
        if label.value == 1 and innermost != len(self.stack) - 1:
            return len(self.stack)  # a new list under the innermost heading
        if label.value != previous.value + 1:
            self.gaps.append((previous, label.value))
        return innermost


def paragraphs(lines: list[tuple[int, str]]) -> list[Node]:
    """An unnumbered text: one node per non-empty line, ``p1``, ``p2`` …"""
    out: list[Node] = []
    for k, (index, line) in enumerate(lines, start=1):
        out.append(Node("paragraph", None, index, [line], [line], index + 1, ordinal=k))
    return out
