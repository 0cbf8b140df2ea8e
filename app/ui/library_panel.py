"""The library panel: the document table with its filter box, Add/Remove buttons and the indexing progress card.

A team library opens read-only: its Add and Remove buttons are disabled and say who adds documents. A desktop that
adds documents to it (Settings) keeps Add; Remove and metadata edits stay disabled: they are the maintainer's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.records import FORM_TYPES, DocumentInfo
from app.ui.icons import apply_icon
from app.ui.indexing_panel import IndexingPanel
from app.ui.item_models import DocumentFilterProxyModel, DocumentRole, DocumentTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
READ_ONLY_TIP = ("The team library is read-only on this desktop: its indexers add documents. If this desktop may "
                 "write to the bucket, turn on \"This desktop adds documents\" in Settings > Library.")
MAINTAINER_TIP = ("Removing and editing documents of the team library is its maintenance writer's job (finlens "
                  "remove / finlens maintain, run from one place).")
ADD_FILES_TIP = "Add PDF, HTML or text filings (Ctrl+O)"
ADD_FOLDER_TIP = "Add every filing in a folder and its sub-folders"
TEAM_ADD_TIPS = ("Add filings to the team library (Ctrl+O); they appear in search once it is next published",
                 "Add a folder of filings to the team library; they appear in search once it is next published")
REMOVE_TIP = "Remove the selected documents from the library (Delete); the files stay on disk"


class FormTypeDelegate(QStyledItemDelegate):
    """Edits the Form column with a drop-down of the known form types, as wide as its longest choice."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItems(list(FORM_TYPES))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                             index: ModelIndex) -> None:
        # The column is narrow ("10-K"); the editor overlaps its neighbours rather than showing "1".
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802 - Qt API
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or "other"))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802 - Qt API
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class LibraryPanel(QWidget):
    """Documents of the library: double-click or Enter opens one in the reader; F2 edits a metadata cell.

    Signals:
        add_files_requested(), add_folder_requested(): the Add buttons.
        remove_requested(list): doc ids the user asked to remove.
        document_opened(object): a :class:`DocumentInfo` the user double-clicked or pressed Enter on.
    """

    add_files_requested = Signal()
    add_folder_requested = Signal()
    remove_requested = Signal(list)
    document_opened = Signal(object)
    external_open_requested = Signal(object)

    #: Columns shown on request (right-click the header): the year is in the period; pages, status and file name
    #: are in the tooltip or rarely needed in a narrow panel.
    HIDDEN_BY_DEFAULT = frozenset({"fiscal_year", "page_count", "status", "title"})

    def __init__(self, model: DocumentTableModel, indexing_panel: IndexingPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = DocumentFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        self._build_header(layout)
        self._build_filter(layout)
        self._build_table(layout)
        self._build_buttons(layout)

        self.indexing_panel = indexing_panel
        layout.addWidget(indexing_panel)

        model.documents_changed.connect(self._on_documents_changed)
        self.proxy.rowsInserted.connect(lambda *_: self._update_count())
        self.proxy.rowsRemoved.connect(lambda *_: self._update_count())
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()
        self._update_buttons()

    def _build_header(self, layout: QVBoxLayout) -> None:
        """The panel's title and document count."""
        header = QHBoxLayout()
        title = QLabel("Library")
        title.setProperty("role", "heading")
        header.addWidget(title)
        self.count_label = QLabel("")
        self.count_label.setProperty("role", "muted")
        header.addWidget(self.count_label, 1)
        layout.addLayout(header)

    def _build_filter(self, layout: QVBoxLayout) -> None:
        """The field that filters the documents by company, ticker, form or year."""
        self.filter_field = QLineEdit()
        self.filter_field.setObjectName("libraryFilter")
        self.filter_field.setPlaceholderText("Filter documents by company, ticker, form or year")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.textChanged.connect(self.proxy.set_filter_text)
        layout.addWidget(self.filter_field)

    def _build_table(self, layout: QVBoxLayout) -> None:
        """The document table, its columns, delegates and menus."""
        self.table = QTableView()
        self.table.setObjectName("documentTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Opening is what a double-click means in a file list; editing metadata is F2 (or the row's menu).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header_view = self.table.horizontalHeader()
        header_view.setHighlightSections(False)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setStretchLastSection(False)
        widths = {"company": 150, "ticker": 56, "form_type": 58, "fiscal_period": 72, "fiscal_year": 50,
                  "page_count": 48, "status": 84, "title": 170}
        for column, spec in enumerate(DocumentTableModel.COLUMNS):
            header_view.resizeSection(column, widths.get(spec.field, 80))
            header_view.setSectionHidden(column, spec.field in self.HIDDEN_BY_DEFAULT)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the company takes the spare width
        header_view.setMinimumSectionSize(40)
        header_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header_view.customContextMenuRequested.connect(self._show_column_menu)
        form_column = next(i for i, c in enumerate(DocumentTableModel.COLUMNS) if c.field == "form_type")
        self.table.setItemDelegateForColumn(form_column, FormTypeDelegate(self.table))
        self.table.activated.connect(self._on_activated)  # double-click or Enter
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_row_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        """The Add Files, Add Folder and Remove buttons."""
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.add_files_button = QPushButton("Add Files…")
        self.add_files_button.setToolTip(ADD_FILES_TIP)
        self.add_files_button.clicked.connect(self.add_files_requested)
        self.add_folder_button = QPushButton("Add Folder…")
        self.add_folder_button.setToolTip(ADD_FOLDER_TIP)
        self.add_folder_button.clicked.connect(self.add_folder_requested)
        self.remove_button = QToolButton()
        self.remove_button.setToolTip(REMOVE_TIP)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        apply_icon(self.add_files_button, "file")
        apply_icon(self.add_folder_button, "folder")
        apply_icon(self.remove_button, "remove", "danger")
        for button in (self.add_files_button, self.add_folder_button):
            button.setIconSize(QSize(16, 16))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.remove_button.setIconSize(QSize(18, 18))
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)

    def selected_documents(self) -> list[DocumentInfo]:
        """Documents of the selected rows."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.proxy.index(row, 0).data(DocumentRole) for row in sorted(rows)]

    def _show_column_menu(self, position: QPoint) -> None:
        header_view = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, spec in enumerate(DocumentTableModel.COLUMNS):
            action = menu.addAction(spec.title)
            action.setCheckable(True)
            action.setChecked(not header_view.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: header_view.setSectionHidden(c, not shown))
        menu.exec(header_view.mapToGlobal(position))

    def _show_row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        document = index.data(DocumentRole)
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.document_opened.emit(document))
        menu.addAction("Open in System Viewer", lambda: self.external_open_requested.emit(document))
        if self.model.editable:
            menu.addAction("Edit Company (F2)", lambda: self.table.edit(index.siblingAtColumn(0)))
            menu.addSeparator()
            menu.addAction("Remove from Library", self._on_remove_clicked)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_documents_changed(self) -> None:
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    def _update_buttons(self) -> None:
        read_only, team = self.model.read_only, self.model.team
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()) and self.model.editable)
        self.remove_button.setToolTip(MAINTAINER_TIP if team and not self.model.editable else REMOVE_TIP)
        for button, tip, team_tip in ((self.add_files_button, ADD_FILES_TIP, TEAM_ADD_TIPS[0]),
                                      (self.add_folder_button, ADD_FOLDER_TIP, TEAM_ADD_TIPS[1])):
            button.setEnabled(not read_only)
            button.setToolTip(READ_ONLY_TIP if read_only else team_tip if team else tip)

    def _on_remove_clicked(self) -> None:
        documents = self.selected_documents()
        if documents:
            self.remove_requested.emit([d.doc_id for d in documents])

    def _on_activated(self, index: QModelIndex) -> None:
        document = index.data(DocumentRole)
        if document is not None:
            self.document_opened.emit(document)
