"""The answer engine: retrieve passages, ask the configured model (or answer extractively), then verify.

One call, :meth:`Answerer.answer`, serves the CLI, the evaluation and the Ask panel's worker. It never raises for
model trouble: when the model cannot answer (no server, timeout, HTTP error, unreadable reply, empty answer) the
:class:`Answer` falls back to the extractive mode and carries the reason in plain words in ``error``. When the model's
answer is cut short (the stream ended before the model finished), the text that arrived is kept, checked like any
answer and marked ``incomplete``, with the reason in ``error``.

With a model, the prompt is fitted to the server's context window (:mod:`app.core.answering.context`; the answer's
``note`` says what was left out), a metric the statements answer goes in as a computed fact, prompt markup the model
echoes is stripped from the stream, and a figure stated without a citation gets the passage it came from as an
inferred citation (``[2, inferred]``), so every number is verified, flagged or visibly attributed by FinLens.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable

from app.core.answering.answer_records import (
    DERIVED,
    MODE_EXTRACTIVE,
    MODE_LLM,
    SUPPORTED,
    Answer,
    Citation,
    ComputedFact,
    NumberCheck,
    Passage,
)
from app.core.answering.citations import (
    PageWords,
    add_inferred_marks,
    add_rect,
    finish_citation,
    marks_by_sentence,
    parse_citations,
    resolve_citations,
    rows_with_token,
    sentence_spans,
)
from app.core.answering.context import (
    ContextTooSmall,
    PromptFit,
    answer_budget,
    count_prompt_tokens,
    estimate_message_tokens,
    fit_prompt,
    forget_context_window,
    read_context_window,
    remember_context_window,
)
from app.core.answering.extractive import EXTRACTIVE_NOTE, extractive_answer
from app.core.answering.llm import CONTEXT, INCOMPLETE, ChatClient, LLMConfig, LLMError
from app.core.answering.numbering import number_in_citation_order
from app.core.answering.numbers import check_numbers, uncited_sources
from app.core.answering.passages import RetrievalOptions, retrieve
from app.core.answering.prompt import MarkupStripper, build_messages
from app.core.question import Question
from app.core.retrieval.search import Searcher, SearchFilters
from app.core.store import Library

log = logging.getLogger(__name__)
PROBE_S = 5.0  # longest wait for one optional probe of the server (its context window, its token count)
REFITS = 2  # times a prompt refused as too long is fitted again (the estimate may be off twice, never more)
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
        record = retrieval.response.parsed.question  # the question as FinLens read it, once
        if config is None:
            computed, reason = self._computed(question, passages, filters, record)
            if computed is not None:  # a metric computed from the statements, each input cited to its cell
                if on_delta is not None:
                    on_delta(computed.text)
                return self._timed(computed, started)
            answer = self._extractive(question, passages, on_delta)
            answer.note = f"{reason} {EXTRACTIVE_NOTE}" if reason else EXTRACTIVE_NOTE
            return self._timed(answer, started)

        facts, passages = self._facts(question, passages, filters, record)
        status(f"Asking {config.model}\u2026")
        try:
            text, fit, incomplete = self._ask(question, passages, facts, config, on_delta, cancel, status)
        except (LLMError, ContextTooSmall) as error:
            log.info("falling back to extractive answer: %s", error)
            answer = self._extractive(question, passages, None)
            answer.error = f"{error} Showing the best passages instead."
            answer.model = config.model
            return self._timed(answer, started)
        status("Checking citations and numbers\u2026")
        cancelled = cancel is not None and cancel.is_set()
        answer = self._verified(question, text, fit.passages, MODE_LLM, facts, unfinished=cancelled or bool(incomplete))
        answer.model = config.model
        answer.note = fit.note
        answer.cancelled = cancelled
        answer.incomplete = bool(incomplete)
        answer.error = incomplete
        return self._timed(answer, started)

    def _ask(self, question: str, passages: list[Passage], facts: list[ComputedFact], config: LLMConfig,
             on_delta: Callable[[str], None] | None, cancel: threading.Event | None,
             status: Callable[[str], None]) -> tuple[str, PromptFit, str]:
        """Fit the prompt, stream the model's answer (fitting again when the server refuses it as too long).

        Returns:
            The answer's text, the fit it was written from, and why it is incomplete ("" when it is not).

        Raises:
            LLMError: the model could not answer (also an empty answer).
            ContextTooSmall: not even one passage fits the model's window.
        """
        pieces: list[str] = []
        incomplete = ""
        # One deadline for the whole call up to the answer's first piece: probes, attempts and diagnosis share it, so
        # the user waits at most timeout_s, as the timeout message says.
        config = dataclasses.replace(config, start_by=time.monotonic() + config.timeout_s)
        fit = self._fit(question, passages, facts, config)
        if fit.note:
            status(fit.note)
        try:
            for attempt in range(1 + REFITS):
                try:
                    self._stream(question, facts, fit, config, pieces, on_delta, cancel)
                    break
                except LLMError as error:
                    refusal = self._refusal(error, question, facts, fit, config, pieces)
                    if refusal.kind != CONTEXT or not refusal.window or attempt == REFITS:
                        raise refusal from None
                # The prompt is longer than the window (or the estimate was off): fit to what the server said.
                log.info("the server refused the prompt as too long (%s); fitting it again", refusal.details)
                remember_context_window(config.base_url, config.model, refusal.window)
                fit = self._refit(question, passages, facts, config, fit, refusal)
                if fit.note:
                    status(fit.note)
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
        return text, fit, incomplete

    def _refusal(self, error: LLMError, question: str, facts: list[ComputedFact], fit: PromptFit,
                 config: LLMConfig, pieces: list[str]) -> LLMError:
        """The reason a request failed before any text: a stream closed without a word is asked about once more."""
        if pieces or error.kind != INCOMPLETE or error.window is not None:
            return error
        if "closed the connection before answering" not in str(error):
            return error
        diagnosis = self.client_factory(config).diagnose(fit.messages(question, facts))
        return diagnosis if diagnosis is not None else error

    def _stream(self, question: str, facts: list[ComputedFact], fit: PromptFit, config: LLMConfig,
                pieces: list[str], on_delta: Callable[[str], None] | None, cancel: threading.Event | None) -> None:
        """Ask the model with the fitted prompt, collecting the answer's pieces without echoed prompt markup."""
        if fit.answer_tokens:
            config = dataclasses.replace(config, max_tokens=fit.answer_tokens)
        stripper = MarkupStripper()

        def emit(piece: str) -> None:
            if piece:
                pieces.append(piece)
                if on_delta is not None:
                    on_delta(piece)

        try:
            for delta in self.client_factory(config).stream(fit.messages(question, facts), cancel):
                emit(stripper.feed(delta))
        finally:
            emit(stripper.finish())

    def _fit(self, question: str, passages: list[Passage], facts: list[ComputedFact], config: LLMConfig) -> PromptFit:
        """The passages that fit the server's context window (all of them when the server does not say its size).

        The probes may spend at most half of the call's time (each request at most 5 s): the rest is the model's.
        """
        start_by = config.start_by if config.start_by is not None else time.monotonic() + config.timeout_s
        probes_by = start_by - config.timeout_s / 2
        window = read_context_window(config.base_url, config.model, config.api_key, PROBE_S, probes_by)
        if window is None:
            return PromptFit(passages)
        # The server's own token count, when it offers one, calibrates the estimate for this model's tokenizer.
        everything = build_messages(question, passages, facts)
        counted = count_prompt_tokens(config.base_url, everything, config.api_key, PROBE_S, probes_by)
        calibration = max(0.5, counted / estimate_message_tokens(everything)) if counted else 1.0
        return self._fitted(question, passages, facts, window, config, calibration)

    def _refit(self, question: str, passages: list[Passage], facts: list[ComputedFact], config: LLMConfig,
               previous: PromptFit, error: LLMError) -> PromptFit:
        """Fit again to the window a server reported when it refused the prompt."""
        assert error.window is not None
        sent = estimate_message_tokens(previous.messages(question, facts))
        # The server's count of the prompt it refused over FinLens's estimate of it (a little more, for safety).
        calibration = error.prompt_tokens / sent * 1.05 if error.prompt_tokens else 1.3 * previous.calibration
        return self._fitted(question, passages, facts, error.window, config, calibration)

    @staticmethod
    def _fitted(question: str, passages: list[Passage], facts: list[ComputedFact], window: int, config: LLMConfig,
                calibration: float) -> PromptFit:
        try:
            fit = fit_prompt(question, passages, facts, window, answer_budget(window, config.max_tokens),
                             calibration=calibration)
        except ContextTooSmall:
            forget_context_window(config.base_url, config.model)  # the next question asks the server again
            raise
        log.info("fitted the prompt to %d tokens: %d of %d passages, calibration %.2f", window, len(fit.passages),
                 len(passages), calibration)
        return fit

    def _facts(self, question: str, passages: list[Passage], filters: SearchFilters | None,
               record: Question | None = None) -> tuple[list[ComputedFact], list[Passage]]:
        """How FinLens read the question and the metric the statements answer, as facts for the prompt, and the
        passages holding the computed figure's input cells."""
        described = record.describe() if record is not None else ""
        reading = [ComputedFact(text=described, value_text="", formula="")] if described else []
        computed, _ = self._computed(question, passages, filters, record)
        if computed is None:
            return reading, passages
        from app.core.answering.grounding import headline_start

        cited = sorted({c.number for c in computed.citations})
        at = headline_start(computed.text)
        headline = next((n for n in computed.numbers if n.start >= at), None)
        formula = headline.evidence.split(" = ")[0] if headline is not None and headline.status == DERIVED \
            else "as printed in the statement"
        value_text = headline.text if headline is not None else computed.text.split(". ", 1)[0]
        fact = ComputedFact(text=computed.text, value_text=value_text, formula=formula, passages=cited)
        return [*reading, fact], list(computed.passages)

    def _computed(self, question: str, passages: list[Passage], filters: SearchFilters | None,
                  record: Question | None = None) -> tuple[Answer | None, str]:
        """The statements' answer to a metric question, or None and why not ("" when none was asked)."""
        # Imported here: the statements' grounding builds on this package's citations and records.
        from app.core.answering.grounding import computed_answer

        try:
            company = filters.companies[0] if filters is not None and len(filters.companies) == 1 else None
            doc_ids = list(filters.doc_ids) if filters is not None else []
            computed = computed_answer(self.library, question, passages, company=company, doc_ids=doc_ids or None,
                                       record=record)
        except Exception:  # a statements bug must not cost the answer: the passages remain
            log.exception("computing the answer from the statements failed; answering from the passages")
            return None, ""
        return computed.answer, computed.note

    @staticmethod
    def _timed(answer: Answer, started: float) -> Answer:
        """The finished answer: its citations numbered in order of appearance, and how long it took."""
        number_in_citation_order(answer)
        answer.seconds = time.perf_counter() - started
        return answer

    def _verified(self, question: str, text: str, passages: list[Passage], mode: str,
                  facts: list[ComputedFact] | None = None, *, unfinished: bool = False) -> Answer:
        """Check numbers (against passages and facts), infer missing citations, resolve citations, highlight rows.

        A sentence that states a figure found in a passage or a computed fact but cites nothing gets that source as
        an inferred mark ("[2, inferred]"), so the reader can open it and sees that FinLens, not the model, cited it.
        The last sentence of an ``unfinished`` answer (cut short or cancelled) is left alone: its own citation may
        simply not have arrived.
        """
        facts = facts or []
        numbers = check_numbers(text, passages, facts)
        sources = uncited_sources(text, numbers, passages)
        if unfinished and sources:
            sources.pop(sentence_spans(text)[-1], None)
        if sources:
            text = add_inferred_marks(text, sources)
            numbers = check_numbers(text, passages, facts)
        with PageWords() as words:
            citations = resolve_citations(text, passages, words)
        highlight_number_rows(text, citations.citations, numbers)
        return Answer(question, text, mode, passages, citations.citations, numbers,
                      invalid_citations=citations.invalid, facts=list(facts))

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
