"""政策助手 — an offline, cited, date-aware assistant for enterprise-support policies.

    >>> from assistant import Assistant, Settings
    >>> bot = Assistant.from_settings(Settings())
    >>> bot.ask("外地高企搬到包头有补贴吗").citations[0].measure
    '3'
"""

from assistant.dialogue.types import ChatResponse, Citation
from assistant.errors import (
    CalculationInputError,
    CorpusError,
    IndexUnavailableError,
    InputError,
    NotFoundError,
    PolicyAssistantError,
    RuleError,
    StateTokenError,
)
from assistant.facade import Assistant
from assistant.settings import Settings, get_settings

__all__ = [
    "Assistant",
    "CalculationInputError",
    "ChatResponse",
    "Citation",
    "CorpusError",
    "IndexUnavailableError",
    "InputError",
    "NotFoundError",
    "PolicyAssistantError",
    "RuleError",
    "Settings",
    "StateTokenError",
    "get_settings",
]
