"""The Ask panel as a user sees it: ask, watch the answer stream in, click a citation, read sources and checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.core.answering import Answer, Citation
from app.core.citation_target import CitationTarget
from app.core.records import Rect
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.settings import Settings
from app.core.store import Library
from app.core.workspace import Workspace
from app.ui.ask_panel import NO_MODEL_NOTE, AskPanel
from tests.core.answering.answering_fixtures import FakeLLMServer, Reply

QUESTION = "What was Acme's net income in 2022?"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr("app.core.settings.get_api_key", lambda: "")  # never the real keyring
    fake = FakeLLMServer().start()
    yield fake
    fake.stop()


def cite_income_statement(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    number = next(n for n, body in re.findall(r'<passage id="(\d+)"[^>]*>(.*?)</passage>', user, re.S)
                  if "Net income 2,480" in body)
    return Reply(f"Acme's net income was $2,480 million in 2022 [{number}], up from $1,990 million in 2021 "
                 f"[{number}]. Revenue was $99 billion [{number}].", chunk_delay_s=0.03)


def make_panel(qtbot: Any, indexed: tuple[Library, OnnxEmbedder], settings: Settings) -> AskPanel:
    workspace = Workspace(settings)
    workspace.adopt(*indexed)
    panel = AskPanel(workspace.answerer, settings=settings)  # the window's panel answers from its workspace
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def click_link(qtbot: Any, panel: AskPanel, href: str) -> None:
    """Click the link ``href`` in the answer the way a user does: a mouse click on its text."""
    document = panel.answer_view.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                panel.answer_view.setTextCursor(cursor)
                panel.answer_view.ensureCursorVisible()
                start = panel.answer_view.cursorRect(cursor)
                cursor.setPosition(fragment.position() + fragment.length())
                end = panel.answer_view.cursorRect(cursor)
                point = QPoint((start.left() + end.left()) // 2, start.center().y())
                qtbot.mouseClick(panel.answer_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link {href} in the answer")


def word_box(path: str, page: int, word: str) -> Rect:
    with pymupdf.open(path) as document:
        (found,) = [w for w in document[page].get_text("words") if w[4] == word]
    return Rect(page, *found[:4])


def test_ask_streams_and_a_citation_opens_the_cited_row(qtbot: Any, indexed: tuple[Library, OnnxEmbedder],
                                                        server: FakeLLMServer, tmp_path: Path) -> None:
    server.script = cite_income_statement
    panel = make_panel(qtbot, indexed, Settings(llm_base_url=server.base_url, llm_model="fake-model",
                                                llm_timeout_s=10))
    assert not panel.note_label.isVisible()  # a model is configured
    seen_while_busy: list[str] = []
    panel.answer_view.textChanged.connect(
        lambda: seen_while_busy.append(panel.answer_view.toPlainText()) if panel.is_busy else None)

    qtbot.keyClicks(panel.question_field, QUESTION)
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000) as finished:
        qtbot.mouseClick(panel.ask_button, Qt.MouseButton.LeftButton)
        assert panel.cancel_button.isEnabled() and not panel.ask_button.isEnabled()
    answer: Answer = finished.args[0]

    # the text arrived in pieces before the answer was complete
    partial = [text for text in seen_while_busy if text.startswith("Acme's net income")]
    assert len(partial) >= 3 and len(partial[0]) < len(answer.text)
    assert panel.answer_view.toPlainText() == answer.text
    assert panel.ask_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert panel.status_label.text().startswith("Answered by fake-model")

    (citation,) = answer.citations
    with qtbot.waitSignal(panel.citation_activated, timeout=5_000) as clicked:
        click_link(qtbot, panel, f"cite:{citation.number}")
    opened: CitationTarget = clicked.args[0]
    library, _ = indexed
    acme = next(d for d in library.list_documents() if d.title == "ACME_2022_10K")
    assert opened.path == acme.path and opened.page == 2  # the income statement page
    assert opened.rects and {r.page for r in opened.rects} == {2}
    for word in ("2,480", "1,990"):
        assert any(r.contains(word_box(acme.path, 2, word), tolerance=1.0) for r in opened.rects)
    assert not any(r.contains(word_box(acme.path, 2, "5,245"), tolerance=1.0) for r in opened.rects)

    # sources, the number check and the history as the user sees them
    assert panel.tabs.tabText(0) == "Sources (1)"
    assert panel.sources_list.item(0).text().startswith(f"[{citation.number}] Acme Widgets")
    assert "not found: $99 billion" in panel.numbers_label.text()
    assert [panel.history_list.item(i).text() for i in range(panel.history_list.count())] == [QUESTION]
    with qtbot.waitSignal(panel.citation_activated, timeout=5_000) as from_list:
        item = panel.sources_list.item(0)
        qtbot.mouseClick(panel.sources_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.sources_list.visualItemRect(item).center())
    assert from_list.args[0] == opened  # the source opens the same spot as its [n]

    panel.copy_answer()
    copied = QApplication.clipboard().text()
    assert copied.startswith(f"## {QUESTION}") and "### Sources" in copied and "p. 3" in copied
    assert panel.export_markdown(tmp_path / "answer.md")
    assert (tmp_path / "answer.md").read_text() == copied


def test_without_a_model_the_panel_says_how_to_connect_one(qtbot: Any, indexed: tuple[Library, OnnxEmbedder]) -> None:
    panel = make_panel(qtbot, indexed, Settings())
    assert panel.note_label.isVisible() and panel.note_label.text() == NO_MODEL_NOTE
    assert "Settings > Answers" in NO_MODEL_NOTE
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000) as finished:
        panel.ask(QUESTION)
    answer: Answer = finished.args[0]
    assert answer.mode == "extractive"
    assert "FY2022 net income was $2,480 million" in panel.answer_view.toPlainText().split(".")[0]  # the statements'
    assert panel.note_label.isVisible() and panel.status_label.text() == "Best passages (no model)."
    assert panel.sources_list.count() >= 1


def test_cancel_keeps_the_partial_answer(qtbot: Any, indexed: tuple[Library, OnnxEmbedder],
                                         server: FakeLLMServer) -> None:
    server.script = lambda request: Reply("Net income was $2,480 million [1]. " * 30, chunk_delay_s=0.05)
    panel = make_panel(qtbot, indexed, Settings(llm_base_url=server.base_url, llm_model="fake-model"))
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000) as finished:
        panel.ask(QUESTION)
        qtbot.waitUntil(lambda: "Net income" in panel.answer_view.toPlainText(), timeout=20_000)
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    answer: Answer = finished.args[0]
    assert answer.cancelled and 0 < len(answer.text) < len("Net income was $2,480 million [1]. " * 30) - 40
    assert panel.status_label.text() == "Cancelled — partial answer." and panel.ask_button.isEnabled()


def test_model_failure_is_explained_and_passages_shown(qtbot: Any, indexed: tuple[Library, OnnxEmbedder],
                                                       server: FakeLLMServer) -> None:
    server.script = lambda request: Reply(status=500)
    panel = make_panel(qtbot, indexed, Settings(llm_base_url=server.base_url, llm_model="fake-model"))
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000):
        panel.ask(QUESTION)
    assert panel.error_label.isVisible() and "HTTP 500" in panel.error_label.text()
    assert "Showing the best passages instead." in panel.error_label.text()
    assert "Net income 2,480 1,990" in panel.answer_view.toPlainText()


def test_an_answer_cut_short_is_shown_as_incomplete(qtbot: Any, indexed: tuple[Library, OnnxEmbedder],
                                                    server: FakeLLMServer) -> None:
    server.script = lambda request: Reply("Net income was $2,480 million [1] in 2022.", drop_after=2)
    panel = make_panel(qtbot, indexed, Settings(llm_base_url=server.base_url, llm_model="fake-model"))
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000) as finished:
        panel.ask(QUESTION)
    answer: Answer = finished.args[0]
    assert answer.incomplete and panel.answer_view.toPlainText() == "Net income was $2,480 mi"
    assert panel.status_label.text() == "Incomplete — fake-model stopped before finishing."
    assert panel.error_label.isVisible() and "The model stopped before finishing" in panel.error_label.text()


def test_history_shows_earlier_answers(qtbot: Any, indexed: tuple[Library, OnnxEmbedder]) -> None:
    panel = make_panel(qtbot, indexed, Settings())
    for question in (QUESTION, "What are Acme's risk factors?"):
        with qtbot.waitSignal(panel.answer_finished, timeout=30_000):
            panel.ask(question)
    assert panel.history_list.item(0).text() == "What are Acme's risk factors?"
    first = panel.history_list.item(1)
    qtbot.mouseClick(panel.history_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.history_list.visualItemRect(first).center())
    assert panel.question_field.text() == QUESTION and "$2,480 million" in panel.answer_view.toPlainText()


def test_main_window_opens_a_citation_in_the_reader(make_window: Any, indexed: tuple[Library, OnnxEmbedder],
                                                    qtbot: Any) -> None:
    library, embedder = indexed
    window = make_window(library, embedder)
    panel = window.ask_panel
    assert isinstance(panel, AskPanel)
    window.middle_tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.answer_finished, timeout=30_000) as finished:
        panel.ask(QUESTION)
    answer: Answer = finished.args[0]
    row = next(c for c in answer.citations if c.quote.startswith("Net income 2,480"))
    item = next(panel.sources_list.item(i) for i in range(panel.sources_list.count())
                if panel.sources_list.item(i).data(Qt.ItemDataRole.UserRole) == row.number)
    panel.sources_list.scrollToItem(item)
    qtbot.mouseClick(panel.sources_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.sources_list.visualItemRect(item).center())
    acme = next(d for d in library.list_documents() if d.title == "ACME_2022_10K")
    qtbot.waitUntil(lambda: window.reader.current_path() == acme.path, timeout=10_000)
    highlighted = window.reader.highlight_rects()
    assert list(highlighted) == [2]
    assert any(r.contains(word_box(acme.path, 2, "2,480"), tolerance=1.0) for r in highlighted[2])


def test_a_citation_finlens_inferred_is_a_link_marked_inferred() -> None:
    from app.core.answering.answer_records import Passage
    from app.core.records import Chunk, DocumentInfo, SearchHit
    from app.ui.ask_panel import render_answer_html

    document = DocumentInfo(doc_id="acme", path="/filings/acme.pdf", title="Acme 10-K")
    chunk = Chunk(chunk_id="acme-3", doc_id="acme", ordinal=0, text="Revenue 6,500", pages=[3], char_start=0,
                  char_end=0)
    cited = Citation(1, Passage(1, SearchHit(chunk, document, 1.0, ""), [chunk]), 3, inferred=True)
    answer = Answer(question="Revenue?", text="Revenue was 6,500 [1, inferred].", mode="llm", citations=[cited])
    html_text = render_answer_html(answer)
    assert ">1</a>, <span" in html_text and "inferred</span>]" in html_text  # still a link, marked as FinLens's
