"""The optional LLM path: phrase answers (and call the retriever and calculator as tools)
through any OpenAI-compatible endpoint, behind a grounding check. Never required."""
