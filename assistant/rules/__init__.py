"""The rule base: a policy broken into checkable units, each tied to the policy's words.

Public API::

    from assistant.rules import load_rulebase_for, overall
    rules = load_rulebase_for(doc, Path("corpus/rules"))     # verified, or RuleError
    sel = rules.find("2", "小巨人")                           # tier by name or alias
    overall(sel.check({"newly_recognised": True}))           # "met" | "unmet" | "unknown"
    rules.match("我们是外地高企，想整体迁入")                    # tiers/rules named in free text
    rules.select("2", "我们是国家级小巨人")                       # Picked | Ambiguous: which tier, base, units

The file format is documented in ``docs/rules-schema.md``. Documents without a rule file
get rules drafted from their text: :mod:`assistant.rules.draft`.
"""

from assistant.rules.conditions import (
    ConditionCheck,
    ConditionStatus,
    check_condition,
    check_conditions,
    overall,
)
from assistant.rules.loader import (
    load_rulebase,
    load_rulebase_for,
    parse_rulebase,
    rule_file_for,
    validate_rule_text,
)
from assistant.rules.names import alias_key, canonical_measure
from assistant.rules.rulebase import RuleBase, Selection
from assistant.rules.schema import (
    Benefit,
    Bracket,
    Condition,
    Exclusivity,
    FixedBenefit,
    NonMonetaryBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    PerUnitBenefit,
    RangeBenefit,
    Rule,
    RuleFile,
    Term,
    ThresholdBenefit,
    Tier,
    UpToBenefit,
)
from assistant.rules.select import Ambiguous, Pick, Picked

__all__ = [
    "Ambiguous",
    "Benefit",
    "Bracket",
    "Condition",
    "ConditionCheck",
    "ConditionStatus",
    "Exclusivity",
    "FixedBenefit",
    "NonMonetaryBenefit",
    "OtherPolicyBenefit",
    "PerUnitBenefit",
    "PercentBenefit",
    "Pick",
    "Picked",
    "RangeBenefit",
    "Rule",
    "RuleBase",
    "RuleFile",
    "Selection",
    "Term",
    "ThresholdBenefit",
    "Tier",
    "UpToBenefit",
    "alias_key",
    "canonical_measure",
    "check_condition",
    "check_conditions",
    "load_rulebase",
    "load_rulebase_for",
    "overall",
    "parse_rulebase",
    "rule_file_for",
    "validate_rule_text",
]
