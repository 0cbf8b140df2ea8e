"""Qt item models over core data: the library's documents, search results and indexing activity.

Views subscribe to these models; widgets never change core objects directly. The document table follows the
:class:`~app.core.workspace.Workspace`: edits go through the model to the workspace (on a worker), and the model
changes its rows when the workspace announces what changed — an edit stored, documents added, removed, a library
switched or a newer published version — never ad hoc ("always emit a signal after changing state").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from app.core.ingest.discovery import FileOutcome
from app.core.records import FORM_TYPES, DocumentInfo, SearchHit
from app.core.store import Library
from app.core.workspace import Changes, Workspace, metadata_changes
from app.ui import messages
from app.ui.theme import colors
from app.ui.workers import TaskError, run_task
from app.ui.workspace_events import WorkspaceEvents

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

DocumentRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
HitRole = Qt.ItemDataRole.UserRole + 3
SnippetHtmlRole = Qt.ItemDataRole.UserRole + 4
OutcomeRole = Qt.ItemDataRole.UserRole + 5

STATUS_LABELS = {"indexed": "Indexed", "unchanged": "Up to date", "duplicate": "Duplicate", "removed": "Removed",
                 "skipped": "Skipped",
                 "failed": "Could not read", "cancelled": "Cancelled", "indexing": "Indexing…"}


@dataclass(frozen=True)
class Column:
    """A column of the document table."""

    field: str
    title: str
    editable: bool = False
    tooltip: str = ""


class DocumentTableModel(QAbstractTableModel):
    """The open library's documents, one row each; company, ticker, form and fiscal period cells are editable.

    Args:
        workspace: the workspace whose library it shows (None: rows set with :meth:`set_documents` only).

    Signals:
        documents_changed(): the set of documents was replaced (after a reload, a removal, a new library).
        metadata_changed(object): a :class:`DocumentInfo` after the library stored an edit.
    """

    COLUMNS = (
        Column("company", "Company", True, "Company; double-click opens the document, F2 corrects the name"),
        Column("ticker", "Ticker", True),
        Column("form_type", "Form", True, f"One of: {', '.join(FORM_TYPES)}"),
        Column("fiscal_period", "Period", True, "Fiscal period, e.g. FY2023 or Q2 FY2024"),
        Column("fiscal_year", "Year", True, "Fiscal year"),
        Column("page_count", "Pages"),
        Column("status", "Status"),
        Column("title", "File", tooltip="File name; double-click or Enter opens it"),
    )

    documents_changed = Signal()
    metadata_changed = Signal(object)

    def __init__(self, workspace: Workspace | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._library: Library | None = workspace.library if workspace is not None else None
        self._documents: list[DocumentInfo] = []
        self._pending: dict[tuple[str, str], Any] = {}  # (doc_id, field) -> value being stored
        if workspace is not None:
            self._events = WorkspaceEvents(workspace, self)
            self._events.changed.connect(self._on_workspace_changed)

    # --- data access ----------------------------------------------------------------------------------------------

    @property
    def documents(self) -> list[DocumentInfo]:
        """The documents shown, in model order."""
        return list(self._documents)

    @property
    def read_only(self) -> bool:
        """Whether the library shown refuses new documents (a team library this desktop only reads)."""
        library = self._library
        if library is None:
            return False
        if self._workspace is not None and library is self._workspace.library:
            return not self._workspace.takes_documents()  # a team library this desktop adds documents to takes them
        return not library.writable

    @property
    def editable(self) -> bool:
        """Whether the library shown takes edits and removals (never a team library, outside its maintenance)."""
        return self._library is not None and self._library.writable and \
            (not self._library.remote or self._library.maintenance)

    @property
    def team(self) -> bool:
        """Whether the library shown is a team library (its maintainer removes and edits documents)."""
        return self._library is not None and self._library.remote

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._documents = list(documents)
        self._pending.clear()
        self.endResetModel()
        self.documents_changed.emit()

    def reload(self) -> None:
        """Read the library's documents on a worker and show them."""
        library = self._library
        if library is None:
            return
        run_task(lambda _ctx: library.list_documents(), owner=self, name="list documents",
                 on_result=lambda docs: self._on_reloaded(library, docs))

    def _on_reloaded(self, library: Library, documents: list[DocumentInfo]) -> None:
        if library is self._library:  # the library may have been switched meanwhile
            self.set_documents(documents)

    def _on_workspace_changed(self, changes: Changes) -> None:
        """Follow the workspace: a new library empties the table; any other change updates the rows it concerns."""
        if changes.library_switched:
            self._library = library = changes.library
            # A folder is read at once (a full library never flashes the empty state); a team library is read
            # over the network, on a worker.
            self.set_documents(library.list_documents() if library is not None and not library.remote else [])
            if library is not None and library.remote:
                self.reload()
            return
        if changes.library is not self._library:
            return  # news of a library no longer shown
        for updated in changes.edited:
            self._show_stored(updated)
        if changes.removed and not (changes.added or changes.indexed or changes.published_refreshed):
            gone = set(changes.removed)
            self.set_documents([d for d in self._documents if d.doc_id not in gone])
        elif changes.document_list_changed:
            self.reload()

    def document_at(self, row: int) -> DocumentInfo:
        """The document of a row."""
        return self._documents[row]

    def row_of(self, doc_id: str) -> int:
        """The row of a document, or -1."""
        return next((i for i, d in enumerate(self._documents) if d.doc_id == doc_id), -1)

    # --- Qt model interface ---------------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.field in ("page_count", "fiscal_year"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.COLUMNS[index.column()].editable and self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        document = self._documents[index.row()]
        column = self.COLUMNS[index.column()]
        key = (document.doc_id, column.field)
        value = self._pending.get(key, getattr(document, column.field))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column.field == "fiscal_year":
                return "" if value is None else (value if role == Qt.ItemDataRole.EditRole else str(value))
            if column.field == "status":
                return STATUS_LABELS.get(value, str(value).capitalize())
            if column.field == "page_count":
                return str(value) if role == Qt.ItemDataRole.DisplayRole else value
            if column.field == "company" and not value and role == Qt.ItemDataRole.DisplayRole:
                return document.title  # unknown company: name the file rather than show a blank row
            return value if value is not None else ""
        if role == SortRole:
            if column.field in ("fiscal_year", "page_count"):
                return int(value) if value is not None else -1
            return str(value or "").lower()
        if role == DocumentRole:
            return document
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self._pending:
                return "Saving…"
            hint = "\nCompany unknown: double-click to set it" \
                if column.field == "company" and not value and self.editable else ""
            return f"{document.label}\n{document.path}{hint}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column.field in ("page_count", "fiscal_year"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (key in self._pending or (column.field == "company" and not value)):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.field == "status" and value not in ("indexed", "unchanged"):
                return QColor(colors().warning)
            if column.field in ("ticker", "page_count", "status", "title") \
                    or (column.field == "company" and not value):
                return QColor(colors().muted)
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Check an edit with the workspace's rules, show it at once (in italics) and store it on a worker."""
        workspace = self._workspace
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or workspace is None or not self.editable:
            return False
        column = self.COLUMNS[index.column()]
        if not column.editable:
            return False
        document = self._documents[index.row()]
        try:
            changes = metadata_changes(document, column.field, value)
        except ValueError as problem:
            messages.warning(str(problem), "Enter the value again.")
            return False
        if not changes:
            return False
        for field_name, cleaned in changes.items():
            self._pending[(document.doc_id, field_name)] = cleaned
        self._emit_row_changed(document.doc_id)
        keys = [(document.doc_id, field_name) for field_name in changes]
        # The stored document arrives through the workspace's announcement (_on_workspace_changed).
        run_task(lambda _ctx: workspace.edit_metadata(document.doc_id, **changes), owner=self,
                 name="update metadata", on_error=lambda error: self._on_metadata_failed(keys, error))
        return True

    def _show_stored(self, updated: DocumentInfo) -> None:
        """The library stored an edit: show the stored values (no longer in italics) and say so."""
        for key in [k for k in self._pending if k[0] == updated.doc_id]:
            if self._pending[key] == getattr(updated, key[1]):
                del self._pending[key]
        row = self.row_of(updated.doc_id)
        if row >= 0:
            self._documents[row] = updated
            self._emit_row_changed(updated.doc_id)
        self.metadata_changed.emit(updated)

    def _on_metadata_failed(self, keys: list[tuple[str, str]], error: TaskError) -> None:
        for key in keys:
            self._pending.pop(key, None)
        if keys:
            self._emit_row_changed(keys[0][0])
        messages.error(f"The change could not be saved: {error}", "Try again, or re-open the library.",
                       details=error.traceback)

    def _emit_row_changed(self, doc_id: str) -> None:
        row = self.row_of(doc_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class DocumentFilterProxyModel(QSortFilterProxyModel):
    """Sorts the document table and filters it by the words typed in the library's filter box.

    Every word must appear in one of the document's fields (title, company, ticker, form, period, year).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        """Filter by these words (empty: show everything)."""
        words = text.lower().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt API
        if not self._words:
            return True
        model = self.sourceModel()
        document = model.index(source_row, 0, source_parent).data(DocumentRole)
        if document is None:
            return True
        haystack = " ".join(str(v) for v in (document.title, document.company, document.ticker, document.form_type,
                                             document.fiscal_period, document.fiscal_year or "",
                                             Path(document.path).name)).lower()
        return all(word in haystack for word in self._words)


def snippet_html(snippet: str, terms: list[str]) -> str:
    """Escape a snippet and put the matched query terms in bold (prefix match, like the keyword index)."""
    escaped = html.escape(snippet)
    stems = sorted({(t[:max(4, len(t) - 2)] if len(t) > 4 else t) for t in terms if t}, key=len, reverse=True)
    if not stems:
        return escaped
    pattern = re.compile(r"\b(" + "|".join(re.escape(html.escape(s)) for s in stems) + r")[\w\-]*", re.IGNORECASE)
    return pattern.sub(lambda m: f"<b>{m.group(0)}</b>", escaped)


def pages_label(pages: list[int]) -> str:
    """"p. 4" or "pp. 4–5" from 0-based pages."""
    if not pages:
        return ""
    if len(pages) > 1 and pages[-1] != pages[0]:
        return f"pp. {pages[0] + 1}–{pages[-1] + 1}"
    return f"p. {pages[0] + 1}"


class SearchResultsModel(QAbstractListModel):
    """The hits of the last search, best first."""

    results_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self.query = ""

    @property
    def hits(self) -> list[SearchHit]:
        """The hits shown."""
        return list(self._hits)

    def set_hits(self, hits: list[SearchHit], query: str = "") -> None:
        """Replace the results."""
        self.beginResetModel()
        self._hits = list(hits)
        self.query = query
        self.endResetModel()
        self.results_changed.emit()

    def clear(self) -> None:
        """Show no results."""
        self.set_hits([], "")

    def hit_at(self, row: int) -> SearchHit:
        """The hit of a row."""
        return self._hits[row]

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.document.label} · {pages_label(hit.chunk.pages)} · {hit.snippet}"
        if role == HitRole:
            return hit
        if role == SnippetHtmlRole:
            return snippet_html(hit.snippet, hit.matched_terms)
        if role == Qt.ItemDataRole.ToolTipRole:
            heading = f"\n{hit.chunk.heading}" if hit.chunk.heading else ""
            return f"{hit.document.label} — {Path(hit.document.path).name}, {pages_label(hit.chunk.pages)}{heading}" \
                   f"\nScore {hit.score:.3f}"
        return None


@dataclass
class ActivityEntry:
    """One line of the indexing activity list."""

    path: str
    status: str  # a FileOutcome status, or "indexing"
    reason: str = ""
    pages: int = 0


class IndexActivityModel(QAbstractListModel):
    """Per-file outcomes of the indexing batches of this session, problems first in attention."""

    MAX_ENTRIES = 2000

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[ActivityEntry] = []

    @property
    def entries(self) -> list[ActivityEntry]:
        """All entries, oldest first."""
        return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        self.beginResetModel()
        self._entries = []
        self.endResetModel()

    def set_current(self, path: str) -> None:
        """Show ``path`` as being indexed now (replacing the previous "indexing" line)."""
        if self._entries and self._entries[-1].status == "indexing":
            if self._entries[-1].path == path:
                return
            self._replace_last(ActivityEntry(path, "indexing"))
            return
        self._append(ActivityEntry(path, "indexing"))

    def add_outcome(self, outcome: FileOutcome) -> None:
        """Record a finished file."""
        entry = ActivityEntry(outcome.path, outcome.status, outcome.reason, outcome.pages)
        if self._entries and self._entries[-1].status == "indexing":
            self._replace_last(entry)
        else:
            self._append(entry)

    def drop_current(self) -> None:
        """Remove a dangling "indexing" line (the batch ended)."""
        if self._entries and self._entries[-1].status == "indexing":
            row = len(self._entries) - 1
            self.beginRemoveRows(_ROOT, row, row)
            self._entries.pop()
            self.endRemoveRows()

    def _append(self, entry: ActivityEntry) -> None:
        if len(self._entries) >= self.MAX_ENTRIES:
            self.beginRemoveRows(_ROOT, 0, 0)
            self._entries.pop(0)
            self.endRemoveRows()
        row = len(self._entries)
        self.beginInsertRows(_ROOT, row, row)
        self._entries.append(entry)
        self.endInsertRows()

    def _replace_last(self, entry: ActivityEntry) -> None:
        row = len(self._entries) - 1
        self._entries[row] = entry
        self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        name = Path(entry.path).name or entry.path
        label = STATUS_LABELS.get(entry.status, entry.status)
        if role == Qt.ItemDataRole.DisplayRole:
            if entry.status in ("indexed",):
                return f"{name} — {entry.pages} page{'s' if entry.pages != 1 else ''}"
            if entry.status == "indexing":
                return f"{name} — {label}"
            return f"{name} — {label}: {entry.reason}" if entry.reason else f"{name} — {label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.path}\n{label}{': ' + entry.reason if entry.reason else ''}"
        if role == Qt.ItemDataRole.ForegroundRole:
            c = colors()
            return QColor({"failed": c.danger, "skipped": c.warning, "cancelled": c.muted,
                           "duplicate": c.muted, "unchanged": c.muted}.get(entry.status, c.text))
        if role == Qt.ItemDataRole.DecorationRole:
            c = colors()
            return QColor({"indexed": c.success, "failed": c.danger, "skipped": c.warning,
                           "indexing": c.accent}.get(entry.status, c.muted))
        if role == OutcomeRole:
            return entry
        return None

