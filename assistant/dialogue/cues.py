"""The cue vocabularies of the pipeline (``cues.yaml``), compiled once.

General phrasing only: a document's own words come from ``corpus/<doc_id>.vocab.yaml``
(:mod:`assistant.text.vocab`) and from its rule base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_FILE = Path(__file__).with_name("cues.yaml")


@dataclass(frozen=True)
class IntentCue:
    """One class of intent cues: its name, how specific it is, and its pattern."""

    name: str
    weight: float
    pattern: re.Pattern[str]
    whole: bool = False

    def found(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text) if self.whole else self.pattern.search(text)


@dataclass(frozen=True)
class Cues:
    intents: tuple[IntentCue, ...]
    certificate: re.Pattern[str]
    acts: dict[str, re.Pattern[str]]
    double: re.Pattern[str]
    funding: re.Pattern[str]
    negation: re.Pattern[str]
    personal: re.Pattern[str]
    other_level: re.Pattern[str]
    other_programme: re.Pattern[str]
    other_body: re.Pattern[str]
    criteria: re.Pattern[str]
    loose_filler: re.Pattern[str]
    title_generic: re.Pattern[str]
    plain: re.Pattern[str]
    not_money: re.Pattern[str]
    channel: re.Pattern[str]
    organisation: re.Pattern[str]
    directive_block: re.Pattern[str]
    directive_clause: re.Pattern[str]

    def intent(self, name: str) -> IntentCue:
        return next(c for c in self.intents if c.name == name)


def _join(patterns: list[str] | str) -> str:
    return patterns if isinstance(patterns, str) else "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    intents = tuple(
        IntentCue(name, float(spec["weight"]),
                  re.compile(f"(?:{_join(spec['patterns'])})[!！。.~～啊呀呢]*" if spec.get("whole")
                             else _join(spec["patterns"]), re.IGNORECASE),
                  bool(spec.get("whole")))
        for name, spec in data["intent"].items())
    return Cues(
        intents=intents,
        certificate=re.compile(data["certificate"]),
        acts={k: re.compile(v, re.IGNORECASE) for k, v in data["act"].items()},
        double=re.compile(data["double"]),
        funding=re.compile(data["funding"]),
        negation=re.compile(data["negation"]),
        personal=re.compile(data["personal"]),
        other_level=re.compile(data["other_level"]),
        other_programme=re.compile(data["other_programme"]),
        other_body=re.compile(data["other_body"]),
        criteria=re.compile(data["criteria"]),
        loose_filler=re.compile(data["loose_filler"]),
        title_generic=re.compile(data["title_generic"]),
        plain=re.compile(data["plain"]),
        not_money=re.compile(data["not_money"]),
        channel=re.compile(data["channel"]),
        organisation=re.compile(data["organisation"]),
        directive_block=re.compile(_join(data["directive"]["block"]), re.IGNORECASE),
        directive_clause=re.compile(_join(data["directive"]["clause"]), re.IGNORECASE),
    )
