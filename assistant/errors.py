"""The exception tree. Every error carries a stable ``code`` and a Chinese ``message``
for the user; each edge (CLI, API, console) translates them once.

    PolicyAssistantError            code            HTTP
    ├── InputError                  bad_input       422  (a value the user gave is unusable)
    │   └── CalculationInputError   bad_amount      422
    ├── StateTokenError             bad_state       400  (tampered, foreign or expired token)
    ├── CorpusError                 bad_corpus      422  (a file cannot be read or parsed)
    ├── RuleError                   bad_rules       500  (the rule base contradicts its text)
    ├── NotFoundError               not_found       404  (unknown document, measure or tier)
    └── IndexUnavailableError       index_unavailable 503 (no index yet, or the store is down)

"Not covered by the policy" is *not* an error: it is an answer.
"""

from __future__ import annotations


class PolicyAssistantError(Exception):
    """Base class: ``code`` is machine-readable, ``message`` is for the user (Chinese)."""

    code = "error"
    status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def with_status(self, status: int) -> PolicyAssistantError:
        """The same error with another HTTP status (for edge-only errors such as 401)."""
        self.status = status
        return self


class InputError(PolicyAssistantError):
    code = "bad_input"
    status = 422


class CalculationInputError(InputError):
    code = "bad_amount"


class StateTokenError(PolicyAssistantError):
    code = "bad_state"
    status = 400


class CorpusError(PolicyAssistantError):
    code = "bad_corpus"
    status = 422


class RuleError(PolicyAssistantError):
    code = "bad_rules"
    status = 500


class NotFoundError(PolicyAssistantError):
    code = "not_found"
    status = 404


class IndexUnavailableError(PolicyAssistantError):
    code = "index_unavailable"
    status = 503
