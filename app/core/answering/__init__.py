"""Answers with citations: retrieval for answering, an OpenAI-compatible model client, the extractive mode, citation
highlighting and number verification. Pure Python (no Qt); the Ask panel and the CLI build on :class:`Answerer`.

Public API::

    from app.core.answering import Answerer, LLMConfig
    answerer = Answerer(searcher, library, LLMConfig.from_settings())   # None config: extractive answers
    answer = answerer.answer("What was Acme's net income in 2023?", on_delta=print, cancel=threading.Event())
    answer.text, answer.citations[0].page, answer.citations[0].rects, answer.unsupported_numbers
"""

from app.core.answering.answer_records import (
    DERIVED,
    MODE_EXTRACTIVE,
    MODE_LLM,
    NOT_CHECKED,
    SUPPORTED,
    UNSUPPORTED,
    Answer,
    Citation,
    NumberCheck,
    Passage,
)
from app.core.answering.engine import Answerer
from app.core.answering.llm import ChatClient, LLMConfig, LLMError
from app.core.answering.passages import RetrievalOptions

__all__ = ["Answerer", "Answer", "Citation", "NumberCheck", "Passage", "LLMConfig", "LLMError", "ChatClient",
           "RetrievalOptions", "MODE_LLM", "MODE_EXTRACTIVE", "SUPPORTED", "DERIVED", "UNSUPPORTED", "NOT_CHECKED"]
