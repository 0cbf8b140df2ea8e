"""The Ask panel: a question box, the streamed answer with clickable citations, its sources and number check.

The answer is computed by :class:`app.core.answering.Answerer` on the worker pool (:func:`app.ui.workers.run_task`);
the task never touches a widget: text pieces and status lines arrive as progress values and the finished
:class:`~app.core.answering.Answer` as the result, all delivered on the GUI thread. Clicking ``[n]`` in the answer (or
a source in the list) emits :attr:`AskPanel.citation_activated` with where the citation leads (a
:class:`~app.core.citation_target.CitationTarget`, see :func:`citation_target`); the main window opens the document
at that page with the cited lines highlighted.

Nothing is sent to any model unless one is set in Settings > Answers; the panel says so plainly and answers with the
best passages instead.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.answering import DERIVED, MODE_LLM, UNSUPPORTED, Answer, Answerer, Citation
from app.core.answering.citations import INFERRED_WORD, parse_citations
from app.core.answering.extractive import EXTRACTIVE_NOTE
from app.core.citation_target import CitationTarget
from app.core.retrieval.search import SearchFilters
from app.core.settings import Settings
from app.ui import messages
from app.ui.theme import colors
from app.ui.workers import TaskContext, TaskError, Worker, run_task

log = logging.getLogger(__name__)
CITATION_SCHEME = "cite"
NO_MODEL_NOTE = ("No language model is connected: answers show the passages that best match your question. To get "
                 "written answers, connect a model in Settings > Answers (for example Ollama at "
                 "http://localhost:11434/v1). Nothing is sent anywhere until you do.")

AnswererSource = Answerer | Callable[[], Answerer]


@dataclass
class HistoryEntry:
    """A question asked in this session and its answer (None while it is being answered)."""

    question: str
    answer: Answer | None = None


class AskPanel(QWidget):
    """Ask questions about the library and read cited, checked answers.

    Args:
        answerer: an :class:`Answerer`, or a factory returning one (the window's:
            :meth:`Workspace.answerer <app.core.workspace.Workspace.answerer>`); a factory is called on the worker
            thread for each question, so it must not touch widgets (it may read settings, which lets a changed model
            take effect at the next question). None until a library is open (:meth:`set_answerer`).
        settings: the user's settings, to say whether a model is connected (Settings > Answers).
        parent: the parent widget.

    Signals:
        citation_activated(CitationTarget): the user clicked a citation or a source; open ``target.path`` at
            ``target.page`` and highlight ``target.rects``.
        answer_finished(Answer): an answer is complete (also after a cancel, a fallback, or an answer the model
            stopped before finishing: ``answer.incomplete``, shown with its reason).
        answer_started(str): a question is being answered.
    """

    citation_activated = Signal(object)
    answer_finished = Signal(object)
    answer_started = Signal(str)

    def __init__(self, answerer: AnswererSource | None = None, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._answerer: AnswererSource | None = answerer
        self._settings = settings
        self._history: list[HistoryEntry] = []
        self._shown: Answer | None = None
        # The last worker stays referenced until the next question: dropping it inside its own signal would delete a
        # QObject while Qt is still delivering its event.
        self._worker: Worker | None = None
        self._busy = False
        self._cancel: threading.Event | None = None
        self._serial = 0
        self._streamed = ""
        self._build()
        self.refresh_model_note()

    # --- layout ---------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        self._build_question_row(layout)
        self._build_labels(layout)
        self._build_answer_area(layout)
        self._update_buttons()

    def _build_question_row(self, layout: QVBoxLayout) -> None:
        """The question field with its Ask and Cancel buttons."""
        row = QHBoxLayout()
        row.setSpacing(6)
        self.question_field = QLineEdit()
        self.question_field.setObjectName("askField")
        self.question_field.setPlaceholderText("Ask about your filings — e.g. “What was Acme's net income in 2023?”")
        self.question_field.setClearButtonEnabled(True)
        self.question_field.returnPressed.connect(self._on_ask_requested)
        row.addWidget(self.question_field, 1)
        self.ask_button = QPushButton("Ask")
        self.ask_button.setDefault(True)
        self.ask_button.setToolTip("Answer the question from the library, citing the passages used (Enter)")
        self.ask_button.clicked.connect(self._on_ask_requested)
        row.addWidget(self.ask_button)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop answering; the text so far is kept")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def _build_labels(self, layout: QVBoxLayout) -> None:
        """The model note, the status line and the (hidden) error message."""
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setProperty("role", "muted")
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.note_label)

        self.status_label = QLabel()
        self.status_label.setProperty("role", "muted")
        layout.addWidget(self.status_label)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)

    def _build_answer_area(self, layout: QVBoxLayout) -> None:
        """The answer view above the checked numbers, sources, history and answer buttons."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.answer_view = QTextBrowser()
        self.answer_view.setObjectName("answerView")
        self.answer_view.setOpenLinks(False)
        self.answer_view.setOpenExternalLinks(False)
        self.answer_view.setPlaceholderText("The answer appears here, with [n] links to the passages it cites.")
        self.answer_view.anchorClicked.connect(self._on_anchor_clicked)
        splitter.addWidget(self.answer_view)
        splitter.addWidget(self._build_lower())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def _build_lower(self) -> QWidget:
        """The checked numbers, the Sources and History tabs and the Copy and Export buttons."""
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(4)
        self.numbers_label = QLabel()
        self.numbers_label.setWordWrap(True)
        self.numbers_label.setTextFormat(Qt.TextFormat.RichText)
        lower_layout.addWidget(self.numbers_label)
        self.tabs = QTabWidget()
        self.sources_list = QListWidget()
        self.sources_list.setWordWrap(True)
        self.sources_list.setToolTip("Click a source to open it with the cited lines highlighted")
        self.sources_list.itemClicked.connect(self._on_source_activated)
        self.sources_list.itemActivated.connect(self._on_source_activated)
        self.tabs.addTab(self.sources_list, "Sources")
        self.history_list = QListWidget()
        self.history_list.setToolTip("Questions asked in this session; click one to see its answer again")
        self.history_list.itemClicked.connect(self._on_history_activated)
        self.history_list.itemActivated.connect(self._on_history_activated)
        self.tabs.addTab(self.history_list, "History")
        lower_layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the answer with its sources (Markdown)")
        self.copy_button.clicked.connect(self.copy_answer)
        buttons.addWidget(self.copy_button)
        self.export_button = QPushButton("Export Markdown…")
        self.export_button.setToolTip("Save the answer with its sources as a Markdown file")
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons.addWidget(self.export_button)
        lower_layout.addLayout(buttons)
        return lower

    # --- public API -----------------------------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        """True while a question is being answered."""
        return self._busy

    @property
    def history(self) -> list[HistoryEntry]:
        """Questions asked in this session, oldest first."""
        return list(self._history)

    def set_answerer(self, answerer: AnswererSource | None) -> None:
        """Answer the next questions with this answerer or factory (None: there is no library to answer from)."""
        self._answerer = answerer
        self.refresh_model_note()

    def refresh_model_note(self) -> None:
        """Show or hide the "no model connected" note (call after Settings > Answers changed)."""
        configured = self._model_configured()
        self.note_label.setText(NO_MODEL_NOTE if configured is False else "")
        self.note_label.setVisible(configured is False)

    def ask(self, question: str | None = None, filters: SearchFilters | None = None) -> bool:
        """Answer ``question`` (default: the question box) on a worker. Returns False when nothing was started."""
        if question is not None:
            self.question_field.setText(question)
        question = self.question_field.text().strip()
        if not question or self.is_busy:
            return False
        source = self._answerer
        if source is None:
            messages.error("There is no library to answer from.", "Add documents to the library first.")
            return False
        self.refresh_model_note()
        self._serial += 1
        serial = self._serial
        cancel = threading.Event()
        self._cancel = cancel
        self._streamed = ""
        self._history.append(HistoryEntry(question))
        self.history_list.insertItem(0, QListWidgetItem(question))
        self.history_list.item(0).setData(Qt.ItemDataRole.UserRole, len(self._history) - 1)
        self._show_answer(None)
        self.status_label.setText("Searching the library…")

        def task(context: TaskContext) -> Answer:  # runs on the worker: no widgets here
            def post(kind: str, text: str) -> None:
                if context.cancelled:  # the worker was cancelled from outside (window closing)
                    cancel.set()
                context.progress((kind, text))

            answerer = source if isinstance(source, Answerer) else source()
            return answerer.answer(question, filters, on_delta=lambda text: post("delta", text), cancel=cancel,
                                   on_status=lambda line: post("status", line))

        self._busy = True
        self.destroyed.connect(cancel.set)  # a panel closed mid-answer stops the model at once
        self._worker = run_task(task, name="answer", owner=self,
                                on_result=lambda answer: self._on_answered(serial, answer),
                                on_error=lambda error: self._on_failed(serial, error),
                                on_progress=lambda value: self._on_progress(serial, value))
        self._update_buttons()
        self.answer_started.emit(question)
        return True

    def cancel(self) -> None:
        """Stop the answer in progress (the text so far is kept)."""
        if not self._busy:
            return
        if self._cancel is not None:
            self._cancel.set()
        if self._worker is not None:
            self._worker.cancel()
        self.status_label.setText("Cancelling…")

    def activate_citation(self, number: int) -> bool:
        """Emit :attr:`citation_activated` for citation ``[number]`` of the shown answer."""
        citation = self._shown.citation(number) if self._shown is not None else None
        if citation is None:
            return False
        self.citation_activated.emit(citation_target(citation))
        return True

    def answer_markdown(self) -> str:
        """The shown answer with its sources, as Markdown ("" when there is none)."""
        return self._shown.to_markdown() if self._shown is not None else ""

    def copy_answer(self) -> None:
        """Copy the shown answer with its sources to the clipboard."""
        text = self.answer_markdown()
        if text:
            QApplication.clipboard().setText(text)
            self.status_label.setText("Answer copied with its sources.")

    def export_markdown(self, path: str | Path) -> bool:
        """Write the shown answer with its sources to ``path``. Returns False (and says why) on failure."""
        text = self.answer_markdown()
        if not text:
            return False
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            messages.error(f"The answer could not be saved to {path}.", "Choose another folder.",
                           details=str(error))
            return False
        self.status_label.setText(f"Answer saved to {Path(path).name}.")
        return True

    def shutdown(self) -> None:
        """Cancel any answer in progress (call before the window closes)."""
        if self.is_busy:
            self.cancel()

    # --- answering ------------------------------------------------------------------------------------------------

    def _model_configured(self) -> bool | None:
        if isinstance(self._answerer, Answerer):
            return self._answerer.llm_configured
        if self._settings is not None:
            return self._settings.llm_configured
        return None  # a factory: known after the first answer

    def _on_progress(self, serial: int, value: Any) -> None:
        if serial != self._serial:
            return
        kind, text = value
        if kind == "status":
            self.status_label.setText(text)
            return
        if not self._streamed:
            self.answer_view.clear()
        self._streamed += text
        cursor = self.answer_view.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text)
        self.answer_view.ensureCursorVisible()

    def _on_answered(self, serial: int, answer: Answer) -> None:
        if serial != self._serial:
            return
        self._busy = False
        self._cancel = None
        entry = self._history[-1]
        entry.answer = answer
        self._show_answer(answer)
        self._update_buttons()
        self.answer_finished.emit(answer)

    def _on_failed(self, serial: int, error: TaskError) -> None:
        if serial != self._serial:
            return
        self._busy = False
        self._cancel = None
        self.status_label.setText("")
        self._update_buttons()
        messages.error(f"The question could not be answered: {error}", "Try again; if it keeps happening, send "
                       "the log file to support.", details=error.traceback)

    # --- showing an answer ----------------------------------------------------------------------------------------

    def _show_answer(self, answer: Answer | None) -> None:
        self._shown = answer
        self.sources_list.clear()
        self.numbers_label.clear()
        self.error_label.setVisible(False)
        if answer is None:
            self.answer_view.clear()
            self.tabs.setTabText(0, "Sources")
            self._update_buttons()
            return
        self.answer_view.setHtml(render_answer_html(answer))
        if answer.cancelled:
            state = "Cancelled — partial answer."
        elif answer.incomplete:  # the reason (connection cut, length limit) is in the error line below
            state = f"Incomplete — {answer.model} stopped before finishing."
        elif answer.mode == MODE_LLM:
            state = f"Answered by {answer.model} in {answer.seconds:.1f} s."
        else:
            state = "Best passages (no model)."
        self.status_label.setText(state)
        if answer.error:
            self.error_label.setText(answer.error)
            self.error_label.setStyleSheet(f"color: {colors().warning};")
            self.error_label.setVisible(True)
        if answer.note and answer.note != EXTRACTIVE_NOTE:
            self.note_label.setText(answer.note)
            self.note_label.setVisible(True)
        elif answer.mode != MODE_LLM and not answer.error:
            self.note_label.setText(NO_MODEL_NOTE)
            self.note_label.setVisible(True)
        for citation in answer.citations:
            item = QListWidgetItem(source_line(citation))
            item.setData(Qt.ItemDataRole.UserRole, citation.number)
            item.setToolTip(citation.passage.text[:1500])
            self.sources_list.addItem(item)
        self.tabs.setTabText(0, f"Sources ({len(answer.citations)})")
        self.numbers_label.setText(render_number_summary(answer))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.is_busy
        self.ask_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        has_answer = self._shown is not None and not busy
        self.copy_button.setEnabled(has_answer)
        self.export_button.setEnabled(has_answer)

    # --- slots ----------------------------------------------------------------------------------------------------

    def _on_ask_requested(self) -> None:
        self.ask()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() != CITATION_SCHEME:
            return
        try:
            number = int(url.path() or url.toString().split(":", 1)[1])
        except (ValueError, IndexError):
            return
        self.activate_citation(number)

    def _on_source_activated(self, item: QListWidgetItem) -> None:
        number = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(number, int):
            self.activate_citation(number)

    def _on_history_activated(self, item: QListWidgetItem) -> None:
        if self.is_busy:
            return
        index = item.data(Qt.ItemDataRole.UserRole)
        entry = self._history[index] if isinstance(index, int) and 0 <= index < len(self._history) else None
        if entry is None or entry.answer is None:
            return
        self.question_field.setText(entry.question)
        self._show_answer(entry.answer)

    def _on_export_clicked(self) -> None:
        if self._shown is None:
            return
        stem = re.sub(r"[^A-Za-z0-9]+", "-", self._shown.question).strip("-")[:50] or "answer"
        path, _ = QFileDialog.getSaveFileName(self, "Export Answer", f"{stem}.md", "Markdown (*.md)")
        if path:
            self.export_markdown(path)


# --- rendering (pure functions, so they can be tested without widgets) ------------------------------------------------

def citation_target(citation: Citation) -> CitationTarget:
    """Where clicking a citation leads: its page, the quoted lines (else the passage) highlighted."""
    passage = citation.passage
    return CitationTarget.at(passage.document, citation.page, citation.rects or citation.quote_rects,
                             passage.text or citation.quote)


def source_line(citation: Citation) -> str:
    """One line of the sources list: "[2] Acme 10-K FY2023, p. 4 — “Net income (loss) 1,577 …”"."""
    line = f"[{citation.number}] {citation.label}"
    excerpt = citation.quote or citation.hit.snippet
    if excerpt:
        excerpt = " ".join(excerpt.split())
        line += f" — \u201c{excerpt[:160]}{'…' if len(excerpt) > 160 else ''}\u201d"
    return line


def render_answer_html(answer: Answer) -> str:
    """The answer as HTML: text escaped, ``[n]`` as links, unsupported numbers marked, derived ones underlined."""
    palette = colors()
    text = answer.text
    valid = {c.number for c in answer.citations}
    spans: list[tuple[int, int, str]] = []
    for mark in parse_citations(text):
        parts = [f'<a href="{CITATION_SCHEME}:{n}">{n}</a>' if n in valid else str(n) for n in mark.numbers]
        if mark.inferred:  # added by FinLens, not the model: say so, quietly
            parts.append(f'<span style="color:{palette.muted};">{INFERRED_WORD}</span>')
        spans.append((mark.start, mark.end, "[" + ", ".join(parts) + "]"))
    for check in answer.numbers:
        body = html.escape(text[check.start:check.end])
        if check.status == UNSUPPORTED:
            spans.append((check.start, check.end, f'<span style="color:{palette.danger}; text-decoration:underline;">'
                                                  f"{body}</span>"))
        elif check.status == DERIVED:
            spans.append((check.start, check.end, f'<span style="text-decoration:underline;">{body}</span>'))
    spans.sort()
    pieces: list[str] = []
    position = 0
    for start, end, replacement in spans:
        if start < position:  # overlapping marks (cannot happen with stripped citations) keep the first
            continue
        pieces.append(_plain_html(text[position:start]))
        pieces.append(replacement)
        position = end
    pieces.append(_plain_html(text[position:]))
    return f'<div style="line-height:140%;">{"".join(pieces)}</div>'


def _plain_html(text: str) -> str:
    escaped = html.escape(text)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)  # the **bold** models like to use
    return escaped.replace("\n", "<br>")


def render_number_summary(answer: Answer) -> str:
    """The number-check line under the answer (rich text)."""
    summary = answer.number_summary()
    if not summary:
        return ""
    palette = colors()
    colour = palette.danger if answer.unsupported_numbers else palette.success
    derived = [n for n in answer.numbers if n.status == DERIVED]
    extra = "".join(f"<br>{html.escape(n.text)}: computed as {html.escape(n.evidence)}" for n in derived[:3])
    return f'<span style="color:{colour};">Number check: {html.escape(summary)}.</span>{extra}'
