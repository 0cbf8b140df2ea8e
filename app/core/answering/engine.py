"""The answer engine: retrieve passages, ask the configured model (or answer extractively), then verify.

One call, :meth:`Answerer.answer`, serves the CLI, the evaluation and the Ask panel's worker. It never raises for
model trouble: when the model cannot answer (no server, timeout, HTTP error, unreadable reply, empty answer) the
:class:`Answer` falls back to the extractive mode and carries the reason in plain words in ``error``. When the model's
answer is cut short (the stream ended before the model finished), the text that arrived is kept, checked like any
answer and marked ``incomplete``, with the reason in ``error``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.core.answering.citations import (
    PageWords,
    add_rect,
    finish_citation,
    marks_by_sentence,
    parse_citations,
    resolve_citations,
    rows_with_token,
)
from app.core.answering.extractive import EXTRACTIVE_NOTE, extractive_answer
from app.core.answering.llm import INCOMPLETE, ChatClient, LLMConfig, LLMError
from app.core.answering.numbers import check_numbers
from app.core.answering.prompt import build_messages
from app.core.answering.records import MODE_EXTRACTIVE, MODE_LLM, SUPPORTED, Answer, Citation, NumberCheck, Passage
from app.core.answering.retrieval import RetrievalOptions, retrieve
from app.core.library import Library
from app.core.search import Searcher, SearchFilters

log = logging.getLogger(__name__)
NO_MATCH = ("Nothing in the library matches this question. Add the relevant filings, or check the company, form and "
            "year filters.")


class Answerer:
    """Answers questions over one library, with the configured model or extractively.

    Safe to use from a worker thread; one answer at a time per call (calls may run concurrently).

    Args:
        searcher: the core searcher of the library.
        library: the library (for neighbouring chunks).
        llm_config: the model to ask; None answers extractively and sends nothing anywhere.
        options: retrieval limits (passages, token budget).
        client_factory: builds the chat client (tests and alternative clients).
    """

    def __init__(self, searcher: Searcher, library: Library, llm_config: LLMConfig | None = None, *,
                 options: RetrievalOptions | None = None,
                 client_factory: Callable[[LLMConfig], ChatClient] = ChatClient) -> None:
        self.searcher = searcher
        self.library = library
        self.llm_config = llm_config
        self.options = options or RetrievalOptions()
        self.client_factory = client_factory

    @property
    def llm_configured(self) -> bool:
        """Whether answers are written by a model (else extractive)."""
        return self.llm_config is not None

    def answer(self, question: str, filters: SearchFilters | None = None,
               on_delta: Callable[[str], None] | None = None, cancel: threading.Event | None = None, *,
               on_status: Callable[[str], None] | None = None, use_llm: bool = True) -> Answer:
        """Answer ``question`` from the library.

        Args:
            question: the analyst's question.
            filters: restrict the search (companies named in the question are applied automatically otherwise).
            on_delta: called with each piece of the model's text as it arrives (from the calling thread).
            cancel: set it to stop; the answer so far is returned with ``cancelled=True``.
            on_status: called with short progress lines ("Searching the library…").
            use_llm: False forces the extractive mode even when a model is configured.

        Returns:
            The :class:`Answer`, with citations, highlight boxes and number checks.
        """
        started = time.perf_counter()
        status = on_status or (lambda _line: None)
        status("Searching the library\u2026")
        retrieval = retrieve(self.searcher, self.library, question, filters, self.options)
        passages = retrieval.passages
        config = self.llm_config if use_llm else None
        if cancel is not None and cancel.is_set():
            return self._timed(Answer(question, "", MODE_LLM if config else MODE_EXTRACTIVE, passages,
                                      cancelled=True), started)
        if not passages:
            return self._timed(Answer(question, NO_MATCH, MODE_LLM if config else MODE_EXTRACTIVE, [],
                                      note="" if config else EXTRACTIVE_NOTE), started)
        if config is None:
            computed, reason = self._computed(question, passages, filters)
            if computed is not None:  # a metric computed from the statements, each input cited to its cell
                if on_delta is not None:
                    on_delta(computed.text)
                return self._timed(computed, started)
            answer = self._extractive(question, passages, on_delta)
            answer.note = f"{reason} {EXTRACTIVE_NOTE}" if reason else EXTRACTIVE_NOTE
            return self._timed(answer, started)

        status(f"Asking {config.model}\u2026")
        pieces: list[str] = []
        incomplete = ""
        try:
            try:
                for delta in self.client_factory(config).stream(build_messages(question, passages), cancel):
                    pieces.append(delta)
                    if on_delta is not None:
                        on_delta(delta)
            except LLMError as error:
                # A cut-short answer is still the model's answer: keep it, marked, rather than hide what arrived.
                if error.kind != INCOMPLETE or not "".join(pieces).strip():
                    raise
                log.info("keeping the incomplete answer: %s", error.details)
                incomplete = str(error)
            text = "".join(pieces).strip()
            if not text and not (cancel is not None and cancel.is_set()):
                raise LLMError(f"The model '{config.model}' returned an empty answer. Try again, or choose another "
                               "model in Settings > Answers.", "empty")
        except LLMError as error:
            log.info("falling back to extractive answer: %s", error)
            answer = self._extractive(question, passages, None)
            answer.error = f"{error} Showing the best passages instead."
            answer.model = config.model
            return self._timed(answer, started)
        status("Checking citations and numbers\u2026")
        answer = self._verified(question, text, passages, MODE_LLM)
        answer.model = config.model
        answer.cancelled = cancel is not None and cancel.is_set()
        answer.incomplete = bool(incomplete)
        answer.error = incomplete
        return self._timed(answer, started)

    def _computed(self, question: str, passages: list[Passage],
                  filters: SearchFilters | None) -> tuple[Answer | None, str]:
        """The statements' answer to a metric question, or None and why not ("" when none was asked)."""
        # Imported here: the statements' grounding builds on this package's citations and records.
        from app.core.statements.grounding import computed_answer

        try:
            company = filters.companies[0] if filters is not None and len(filters.companies) == 1 else None
            doc_ids = list(filters.doc_ids) if filters is not None else []
            computed = computed_answer(self.library, question, passages, company=company, doc_ids=doc_ids or None)
        except Exception:  # a statements bug must not cost the answer: the passages remain
            log.exception("computing the answer from the statements failed; answering from the passages")
            return None, ""
        return computed.answer, computed.note

    @staticmethod
    def _timed(answer: Answer, started: float) -> Answer:
        answer.seconds = time.perf_counter() - started
        return answer

    def _verified(self, question: str, text: str, passages: list[Passage], mode: str) -> Answer:
        """Resolve citations (aligning quotes on the PDF pages), check numbers and highlight their rows."""
        with PageWords() as words:
            citations = resolve_citations(text, passages, words)
        numbers = check_numbers(text, passages)
        highlight_number_rows(text, citations.citations, numbers)
        return Answer(question, text, mode, passages, citations.citations, numbers,
                      invalid_citations=citations.invalid)

    def _extractive(self, question: str, passages: list[Passage], on_delta: Callable[[str], None] | None) -> Answer:
        result = extractive_answer(question, passages)
        if on_delta is not None:
            on_delta(result.text)
        citations = resolve_citations(result.text, passages, None)
        for citation in citations.citations:
            units = result.highlights.get(citation.number, [])
            for unit in units:
                for rect in unit.rects:
                    add_rect(citation.quote_rects, rect)
            if units:
                citation.quote = units[0].text
            finish_citation(citation)
        numbers = check_numbers(result.text, passages)
        return Answer(question, result.text, MODE_EXTRACTIVE, passages, citations.citations, numbers)


def highlight_number_rows(text: str, citations: list[Citation], numbers: list[NumberCheck]) -> None:
    """Add the rows holding each supported number to the highlight of the passage its sentence cites.

    Clicking ``[2]`` after "net income was $1,577 million" then highlights the "Net income 1,577" row, not the
    whole statement.
    """
    by_number = {c.number: c for c in citations}
    sentences = marks_by_sentence(text, parse_citations(text))
    for check in numbers:
        if check.status != SUPPORTED or not check.source_text:
            continue
        cited = next(({n for m in marks for n in m.numbers} for (s, e), marks in sentences if s <= check.start < e),
                     set())
        for number in check.passages:
            citation = by_number.get(number)
            if citation is None or number not in cited:
                continue
            for rect in rows_with_token(citation.passage, check.source_text):
                add_rect(citation.quote_rects, rect)
    for citation in citations:
        finish_citation(citation)
