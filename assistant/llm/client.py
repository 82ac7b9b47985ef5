"""The one place that imports the LLM provider (langchain-openai's chat model)."""

from __future__ import annotations

from typing import Any

from assistant.settings import Settings


def make_chat_model(settings: Settings) -> Any:
    """A LangChain chat model for ``ASSISTANT_LLM_BASE_URL`` (DeepSeek, Qwen, vLLM, Ollama …)."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(base_url=settings.llm_base_url, api_key=SecretStr(settings.llm_api_key or "not-needed"),
                      model=settings.llm_model, timeout=settings.llm_timeout_s, max_retries=0, temperature=0)
