"""One typed settings object, read from ``ASSISTANT_*`` environment variables.

    >>> settings = get_settings()          # cached; tests build Settings(...) directly
    >>> settings.data_dir
    PosixPath('data')
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration (design.md §6). Only these names are a contract: ``data_dir``,
    ``corpus_dir``, ``chroma_url``, ``llm_base_url``, ``llm_model``, ``llm_api_key``, ``as_of``."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    chroma_url: str | None = None
    llm_base_url: str | None = None
    llm_model: str = "deepseek-chat"
    llm_api_key: str | None = Field(default=None, repr=False)
    llm_timeout_s: float = 20.0
    llm_max_concurrency: int = 4
    as_of: date | None = None
    #: Where passage vectors are cached across data dirs (the same text is embedded once
    #: per machine); empty = no cache.
    embedding_cache: str = "~/.cache/policy-assistant"
    #: Key that signs conversation state tokens; generated into the data dir when unset.
    state_secret: str | None = Field(default=None, repr=False)
    #: Origins allowed to call the API from a browser (the widget's host sites), comma-separated.
    cors_origins: Annotated[list[str], NoDecode] = []
    #: Who may frame the pages (CSP frame-ancestors), comma-separated; default only this site.
    frame_ancestors: Annotated[list[str], NoDecode] = []
    #: Requests per minute to /api: per client IP, and per conversation (state token).
    rate_limit_per_ip: int = 120
    rate_limit_per_conversation: int = 30
    #: Proxies whose X-Forwarded-For is believed (comma-separated peer addresses).
    trusted_proxies: Annotated[list[str], NoDecode] = []
    #: Bearer token for admin endpoints (POST /api/admin/reingest); unset = endpoints disabled.
    admin_token: str | None = Field(default=None, repr=False)
    console_user: str = "hotline"
    console_password: str | None = Field(default=None, repr=False)
    #: Staff sessions (console login): lifetime in seconds; Secure cookie (set it behind HTTPS).
    session_ttl_s: float = 8 * 3600.0
    session_cookie_secure: bool = False
    #: Failed logins per account: this many pass, then one attempt per ``login_delay_s``
    #: (429 + Retry-After); at ``login_lockout_after`` the account is locked for ``login_lockout_s``
    #: (an admin can unlock). Failures older than ``login_window_s`` are forgotten.
    login_burst: int = 5
    login_delay_s: float = 30.0
    login_lockout_after: int = 10
    login_lockout_s: float = 900.0
    login_window_s: float = 900.0
    #: The same, per client address (more lenient: a hotline room shares one NAT address).
    login_ip_burst: int = 20
    login_ip_lockout_after: int = 50
    #: Answers whose confidence (the resolver's relative margin, 0–1) is below this count as low-confidence.
    low_confidence_below: float = 0.2
    #: The offset from UTC in which call history and reports count days (Beijing time).
    utc_offset_hours: float = 8.0
    #: How often (seconds) a serving process checks whether another process re-indexed.
    reload_interval_s: float = 5.0
    #: Retrieval: candidates taken from each retriever before fusion.
    retrieval_candidates: int = 30

    @field_validator("cors_origins", "frame_ancestors", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    def today(self) -> date:
        return self.as_of or date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
