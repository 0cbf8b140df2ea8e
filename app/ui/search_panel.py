"""The search bar (query and filters), and the Results tab: the results list with its rich-text delegate.

The bar only says *what* to search (:attr:`SearchBar.search_requested`); the search controller
(:mod:`app.ui.search_controller`) runs the search on a worker and feeds the hits to a
:class:`app.ui.item_models.SearchResultsModel`, which :class:`ResultsView` shows as cards: document, pages, score, and
the snippet with the matched terms in bold. :class:`ResultsPanel` holds the list, its header and the hint shown when
there are no results, and says which result the user moved to.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.question import company_aliases
from app.core.records import FORM_TYPES, DocumentInfo
from app.core.retrieval.search import SearchFilters
from app.ui.icons import apply_icon, icon
from app.ui.item_models import HitRole, SearchResultsModel, SnippetHtmlRole, pages_label
from app.ui.theme import colors

ModelIndex = QModelIndex | QPersistentModelIndex
SEARCH_DELAY_MS = 350  # typing pause before searching as you type


class SearchBar(QWidget):
    """Query field plus company, form and year filters.

    Signals:
        search_requested(str, object, bool): query, :class:`SearchFilters`, and whether the user pressed Enter (the
            window then opens the best hit).
    """

    search_requested = Signal(str, object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.query_field = QLineEdit()
        self.query_field.setObjectName("searchField")
        self.query_field.setPlaceholderText("Search your filings — e.g. “capital expenditures 2023” or a question")
        self.query_field.setClearButtonEnabled(True)
        search_action = self.query_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        apply_icon(search_action, "search", "muted")
        self.query_field.setMinimumWidth(280)
        layout.addWidget(self.query_field, 1)
        self.company_combo = self._combo("All companies", "Only documents of this company", 170)
        # The combo offers one entry per company; a company's filings may spell it several ways.
        self._company_spellings: dict[str, list[str]] = {}
        self.form_combo = self._combo("All forms", "Only this kind of document", 120)
        self.year_combo = self._combo("All years", "Only this fiscal year", 100)
        for combo in (self.company_combo, self.form_combo, self.year_combo):
            layout.addWidget(combo)
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self._emit(opened=False))
        self.query_field.textEdited.connect(lambda _text: self._timer.start())
        self.query_field.returnPressed.connect(lambda: self._emit(opened=True))
        self.set_documents([])

    def _combo(self, everything: str, tooltip: str, width: int) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(tooltip)
        combo.setMinimumWidth(width)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setProperty("everything", everything)
        return combo

    @property
    def query(self) -> str:
        """The query typed."""
        return self.query_field.text().strip()

    def set_query(self, text: str) -> None:
        """Type a query (without searching)."""
        self.query_field.setText(text)

    def filters(self) -> SearchFilters:
        """The filters chosen in the combos."""
        company = self.company_combo.currentData()
        form = self.form_combo.currentData()
        year = self.year_combo.currentData()
        return SearchFilters(companies=self._company_spellings.get(company, [company]) if company else [],
                             form_types=[form] if form else [],
                             fiscal_years=[year] if year else [])

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        """Offer the companies, forms and years of the library's documents (keeping the current choices)."""
        self._company_spellings = {entry.names[0]: entry.names for entry in company_aliases(documents)}
        companies = sorted(self._company_spellings, key=str.lower)
        forms = [f for f in FORM_TYPES if any(d.form_type == f for d in documents)]
        years = sorted({d.fiscal_year for d in documents if d.fiscal_year}, reverse=True)
        self._fill(self.company_combo, [(c, c) for c in companies])
        self._fill(self.form_combo, [(f if f[0].isdigit() else f.capitalize(), f) for f in forms])
        self._fill(self.year_combo, [(f"FY{y}", y) for y in years])

    def _fill(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(combo.property("everything"), None)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if current is not None and index < 0:  # the chosen value is gone: the filter changed
            self._on_filters_changed()

    def select_filter(self, combo: QComboBox, value: Any) -> bool:
        """Choose a filter value programmatically (as a user would); False when it is not offered."""
        index = combo.findData(value)
        if index < 0:
            return False
        combo.setCurrentIndex(index)
        return True

    def focus_query(self) -> None:
        """Put the cursor in the query field with its text selected."""
        self.query_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_field.selectAll()

    def _on_filters_changed(self) -> None:
        if self.query:
            self._emit(opened=False)

    def _emit(self, *, opened: bool) -> None:
        self._timer.stop()
        self.search_requested.emit(self.query, self.filters(), opened)


class ResultDelegate(QStyledItemDelegate):
    """Draws a result as a card: document label and pages, score, and the snippet as rich text."""

    PADDING = 10
    SNIPPET_LINES = 3

    def _documents(self, option: QStyleOptionViewItem, index: ModelIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        font = QFont(option.font)  # type: ignore[attr-defined]
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(f"b {{ color: {colors().text}; }}")
        document.setHtml(f"<span style='color:{colors().text}'>{index.data(SnippetHtmlRole) or ''}</span>")
        document.setTextWidth(width)
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802 - Qt API
        width = max(200, (option.rect.width() or 360) - 2 * self.PADDING)  # type: ignore[attr-defined]
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        snippet = self._documents(option, index, width)
        line = metrics.lineSpacing()
        return QSize(width, int(self.PADDING * 2 + line + 6 + self._snippet_height(snippet) + 4))

    def _snippet_height(self, document: QTextDocument) -> float:
        """Height of the first :data:`SNIPPET_LINES` lines of the snippet (whole lines only, never a cut one)."""
        document.size()  # lays the text out; line geometry is empty before
        remaining = self.SNIPPET_LINES
        block = document.firstBlock()
        bottom = 0.0
        while block.isValid() and remaining > 0:
            layout = block.layout()
            if layout is not None:
                top = layout.position().y()
                for number in range(min(layout.lineCount(), remaining)):
                    bottom = top + layout.lineAt(number).rect().bottom()
                remaining -= layout.lineCount()
            block = block.next()
        return bottom + 1 if bottom else document.size().height()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is None:
            return
        c = colors()
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(rect).adjusted(4, 3, -4, -3)
        painter.setPen(QColor(c.accent) if selected else QColor(c.border))
        painter.setBrush(QColor(c.selection) if selected else QColor(c.base))
        painter.drawRoundedRect(card, 8, 8)

        font = QFont(option.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        x = card.left() + self.PADDING
        y = card.top() + self.PADDING
        width = card.width() - 2 * self.PADDING
        score = f"{hit.score:.2f}"
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        small_metrics = QFontMetrics(small)
        score_width = small_metrics.horizontalAdvance(score) + 14
        bold = QFont(font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        pages = pages_label(hit.chunk.pages)
        pages_width = small_metrics.horizontalAdvance(pages) + 12
        title_width = int(width - score_width - pages_width - 8)
        title = bold_metrics.elidedText(hit.document.label, Qt.TextElideMode.ElideRight, title_width)
        painter.setFont(bold)
        painter.setPen(QColor(c.text))
        painter.drawText(QRectF(x, y, title_width, metrics.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(small)
        painter.setPen(QColor(c.muted))
        painter.drawText(QRectF(x + bold_metrics.horizontalAdvance(title) + 8, y, pages_width, metrics.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, pages)
        # Score pill on the right.
        pill = QRectF(card.right() - self.PADDING - score_width, y + 1, score_width, metrics.lineSpacing() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        pill_color = QColor(c.accent)
        pill_color.setAlpha(40)
        painter.setBrush(pill_color)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor(c.accent))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, score)

        snippet_top = y + metrics.lineSpacing() + 6
        document = self._documents(option, index, int(width))
        clip = QRectF(0, 0, width, self._snippet_height(document))
        painter.translate(x, snippet_top)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(c.text))
        context.clip = clip
        document.documentLayout().draw(painter, context)
        painter.restore()


class ResultsView(QListView):
    """The list of search results (cards drawn by :class:`ResultDelegate`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsList")
        self.setItemDelegate(ResultDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setSpacing(0)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setStyleSheet("QListView#resultsList { border: none; background: transparent; }")


class ResultsPanel(QWidget):
    """The Results tab: a header line (count, scope), and either the result cards or a hint of what to search.

    It shows what the search controller announces and says which result the user moved to; it runs no search.

    Args:
        results: the results model the cards show.

    Signals:
        row_chosen(int, bool): the user moved to result ``row``; True when activated (Enter, double-click), so the
            reader should take the focus.
        example_chosen(str): an example query in the hint was clicked.
    """

    row_chosen = Signal(int, bool)
    example_chosen = Signal(str)

    def __init__(self, results: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = results
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        self.header = QLabel("")
        self.header.setProperty("role", "muted")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.stack = QStackedWidget()
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.linkActivated.connect(self.example_chosen)
        self.stack.addWidget(self.hint)
        self.view = ResultsView()
        self.view.setModel(results)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)
        self.view.selectionModel().currentChanged.connect(lambda current, _previous: self.row_chosen.emit(
            current.row(), False))
        self.view.activated.connect(lambda index: self.row_chosen.emit(index.row(), True))

    def set_header(self, text: str) -> None:
        """Show the header line ("3 results · filtered to …", "Searching…")."""
        self.header.setText(text)

    def show_hint(self, text: str) -> None:
        """Show a hint (rich text) instead of the cards."""
        self.hint.setText(text)
        self.stack.setCurrentWidget(self.hint)

    def show_results(self, select_first: bool) -> None:
        """Show the cards; ``select_first`` selects (and so opens) the best one."""
        self.stack.setCurrentWidget(self.view)
        if select_first:
            self.view.setCurrentIndex(self.results.index(0))

    def current_hit_row(self) -> int:
        """The selected result row, or -1."""
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def open_hit(self, row: int) -> None:
        """Select result ``row`` (announced on :attr:`row_chosen`, again when it is already selected)."""
        if not 0 <= row < self.results.rowCount():
            return
        if self.current_hit_row() == row:
            self.row_chosen.emit(row, False)
        else:
            self.view.setCurrentIndex(self.results.index(row))  # announced via currentChanged

    def next_hit(self) -> None:
        """Open the next result."""
        count = self.results.rowCount()
        if count:
            self.open_hit(min(self.current_hit_row() + 1, count - 1))

    def previous_hit(self) -> None:
        """Open the previous result."""
        if self.results.rowCount():
            self.open_hit(max(self.current_hit_row() - 1, 0))
