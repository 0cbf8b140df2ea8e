"""The Settings dialog: the library (a folder, or a team library on S3) and watched folders, embedding model,
answer model (LLM), appearance.

It edits a :class:`app.core.settings.Settings` in place when the user presses OK and reports what changed through
:attr:`SettingsDialog.settings_applied`; the window acts on it (re-index, open another library, re-theme). The API key
and the team library's secret access key go to the OS keyring (:func:`app.core.settings.set_api_key`,
:func:`~app.core.settings.set_s3_secret`), never to the settings file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import paths
from app.core.retrieval.embedding import same_model
from app.core.settings import LIBRARY_FIELDS, Settings, get_api_key, get_s3_secret, set_api_key, set_s3_secret
from app.ui import messages

MODEL_CHOICES = (("default", "MiniLM with finance ranking (recommended)",
                  "all-MiniLM-L6-v2; FinLens's query understanding, statement pages and reranker find the page."),
                 ("finance", "Finance-tuned", "Trained on public filings; finds more when searching by meaning only."))
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
METHODS = (("hybrid", "Hybrid: meaning + keywords (recommended)"), ("dense", "Meaning only"),
           ("keyword", "Keywords only"))


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "muted")
    return label


class SettingsDialog(QDialog):
    """Edit the user's settings.

    Signals:
        settings_applied(object, dict): the previous settings and the changed fields (``{"reindex": True}`` is
            added when the user agreed to re-index for a new embedding model).
    """

    settings_applied = Signal(object, dict)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(560)
        self.settings = settings
        #: Asked when the embedding model changes; returns True to re-index now. Replaceable in tests.
        self.confirm_reindex: Callable[[], bool] = self._ask_reindex
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._library_tab(), "Library")
        self.tabs.addTab(self._search_tab(), "Search")
        self.tabs.addTab(self._answers_tab(), "Answers")
        self.tabs.addTab(self._appearance_tab(), "Appearance")
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load(settings)

    # --- tabs -----------------------------------------------------------------------------------------------------

    def _library_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setVerticalSpacing(10)
        kinds = QHBoxLayout()
        self.local_library_button = QRadioButton("Folder on this computer")
        self.team_library_button = QRadioButton("Team library (S3)")
        self.library_kind_group = QButtonGroup(self)
        for button in (self.local_library_button, self.team_library_button):
            self.library_kind_group.addButton(button)
            kinds.addWidget(button)
        kinds.addStretch(1)
        form.addRow("Library", kinds)
        self.local_library_box = QWidget()
        local = QFormLayout(self.local_library_box)
        local.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.library_field = QLineEdit()
        self.library_field.setPlaceholderText(str(paths.default_library_dir()))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_library)
        row.addWidget(self.library_field, 1)
        row.addWidget(browse)
        local.addRow("Library folder", row)
        local.addRow("", _muted("Where FinLens keeps its index. Leave empty for the default. Another folder opens (or "
                                "starts) another library; your documents themselves are never moved."))
        override = paths.library_override()
        #: Which library is open when --library or $FINLENS_LIBRARY chose it: the field then is not what runs.
        self.open_library_note = _muted(
            f"Open now: {override[0]} (named by {override[1]}); the choice here applies when FinLens starts "
            f"without it." if override else "")
        self.open_library_note.setVisible(override is not None)
        local.addRow("", self.open_library_note)
        form.addRow(self.local_library_box)
        form.addRow(self._team_library_box())
        self.library_problem = QLabel()
        self.library_problem.setObjectName("libraryProblem")
        self.library_problem.setWordWrap(True)
        self.library_problem.hide()
        form.addRow(self.library_problem)
        self.library_kind_group.buttonToggled.connect(lambda *_: self._show_library_kind())
        self.watched_list = QListWidget()
        self.watched_list.setMaximumHeight(110)
        buttons = QHBoxLayout()
        add = QPushButton("Add Folder…")
        add.clicked.connect(self._add_watched)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: [self.watched_list.takeItem(self.watched_list.row(i))
                                        for i in self.watched_list.selectedItems()])
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.watched_list)
        box.addLayout(buttons)
        form.addRow("Watched folders", box)
        form.addRow("", _muted("New or changed filings in these folders are indexed automatically while FinLens "
                               "runs."))
        return page

    def _team_library_box(self) -> QWidget:
        """The team library's address and credentials (shown when "Team library (S3)" is chosen)."""
        self.team_library_box = QGroupBox("Team library")
        form = QFormLayout(self.team_library_box)
        self.team_uri_field = QLineEdit()
        self.team_uri_field.setPlaceholderText("s3://bucket/prefix")
        form.addRow("Address", self.team_uri_field)
        self.s3_endpoint_field = QLineEdit()
        self.s3_endpoint_field.setPlaceholderText("Empty for AWS; e.g. https://minio.example.com")
        form.addRow("Endpoint URL", self.s3_endpoint_field)
        self.s3_region_field = QLineEdit()
        self.s3_region_field.setPlaceholderText("e.g. us-east-1")
        form.addRow("Region", self.s3_region_field)
        self.s3_key_id_field = QLineEdit()
        self.s3_key_id_field.setPlaceholderText("Empty: your AWS profile or the machine's role")
        form.addRow("Access key ID", self.s3_key_id_field)
        self.s3_secret_field = QLineEdit()
        self.s3_secret_field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Secret access key", self.s3_secret_field)
        self.team_adds_checkbox = QCheckBox("This desktop adds documents (needs write permission on the bucket)")
        self.team_adds_checkbox.setToolTip("Add Files, Add Folder and drops index into the team library; search shows "
                                           "them once it is next published. Removing and editing documents stay "
                                           "with the library's maintainer.")
        form.addRow(self.team_adds_checkbox)
        note = _muted("Opens on the version last published; newer ones arrive on their own. Unless this desktop adds "
                      "documents, the library is read-only here. The secret stays in your system's keychain. AWS_* "
                      "variables and AWS_PROFILE take precedence over these fields.")
        note.setMinimumHeight(note.fontMetrics().lineSpacing() * 4 + 6)  # wraps to four lines in the box
        form.addRow(note)
        return self.team_library_box

    def _show_library_kind(self) -> None:
        team = self.team_library_button.isChecked()
        self.team_library_box.setVisible(team)
        self.local_library_box.setVisible(not team)

    def _search_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(8)
        layout.addWidget(QLabel("Embedding model"))
        self.model_group = QButtonGroup(self)
        self.model_buttons: dict[str, QRadioButton] = {}
        for key, title, note in MODEL_CHOICES:
            button = QRadioButton(title)
            button.setToolTip(note)
            self.model_group.addButton(button)
            self.model_buttons[key] = button
            layout.addWidget(button)
        other_row = QHBoxLayout()
        self.model_buttons["other"] = QRadioButton("Other model folder:")
        self.model_group.addButton(self.model_buttons["other"])
        self.model_folder_field = QLineEdit()
        self.model_folder_field.setPlaceholderText("A folder made by 'finlens train-embedder'")
        self.model_folder_field.textEdited.connect(lambda _t: self.model_buttons["other"].setChecked(True))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_model_folder)
        other_row.addWidget(self.model_buttons["other"])
        other_row.addWidget(self.model_folder_field, 1)
        other_row.addWidget(browse)
        layout.addLayout(other_row)
        self.reindex_note = _muted("Changing the model requires re-indexing the library: every document is read "
                                   "again with the new model (your files are not changed). FinLens asks before it "
                                   "starts.")
        layout.addWidget(self.reindex_note)
        self.model_group.buttonToggled.connect(lambda *_: self._update_reindex_note())
        self.model_folder_field.textChanged.connect(lambda _t: self._update_reindex_note())
        layout.addSpacing(8)
        form = QFormLayout()
        self.method_combo = QComboBox()
        for key, title in METHODS:
            self.method_combo.addItem(title, key)
        form.addRow("Search method", self.method_combo)
        self.reranker_combo = QComboBox()
        self.reranker_combo.addItem("Finance reranker (most precise)", "default")
        self.reranker_combo.addItem("Off (fastest)", "none")
        form.addRow("Reranking", self.reranker_combo)
        self.results_spin = QSpinBox()
        self.results_spin.setRange(5, 200)
        form.addRow("Results per search", self.results_spin)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _answers_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setVerticalSpacing(10)
        form.addRow(_muted("The Ask tab answers questions from your filings. Without a model it quotes the most "
                           "relevant passages; with an OpenAI-compatible endpoint (a local server such as Ollama or "
                           "llama.cpp, or a hosted service) it writes an answer that cites them."))
        self.base_url_field = QLineEdit()
        self.base_url_field.setPlaceholderText("e.g. http://localhost:11434/v1")
        form.addRow("Endpoint base URL", self.base_url_field)
        self.llm_model_field = QLineEdit()
        self.llm_model_field.setPlaceholderText("e.g. llama3.1:8b")
        form.addRow("Model", self.llm_model_field)
        self.api_key_field = QLineEdit()
        self.api_key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_field.setPlaceholderText("Not needed for local servers")
        form.addRow("API key", self.api_key_field)
        form.addRow("", _muted("Stored in your system's keychain, not in FinLens' settings file."))
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(5, 600)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setDecimals(0)
        form.addRow("Timeout", self.timeout_spin)
        return page

    def _appearance_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.theme_combo = QComboBox()
        for key, title in THEMES:
            self.theme_combo.addItem(title, key)
        form.addRow("Theme", self.theme_combo)
        return page

    # --- values ---------------------------------------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        team = settings.library_kind == "team"
        (self.team_library_button if team else self.local_library_button).setChecked(True)
        self._show_library_kind()
        self.library_field.setText(settings.library_dir)
        self.team_uri_field.setText(settings.team_library_uri)
        self.s3_endpoint_field.setText(settings.s3_endpoint_url)
        self.s3_region_field.setText(settings.s3_region)
        self.s3_key_id_field.setText(settings.s3_access_key_id)
        self.team_adds_checkbox.setChecked(bool(settings.team_library_adds_documents))
        self._initial_s3_secret = get_s3_secret()
        self.s3_secret_field.setText(self._initial_s3_secret)
        self.watched_list.clear()
        self.watched_list.addItems(settings.watched_folders)
        model = "default" if same_model(settings.embedding_model, "default") else settings.embedding_model
        if model in self.model_buttons and model != "other":
            self.model_buttons[model].setChecked(True)
        else:
            self.model_buttons["other"].setChecked(True)
            self.model_folder_field.setText(model)
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(settings.search_method)))
        if self.reranker_combo.findData(settings.reranker) < 0:  # a reranker folder of the user's own
            self.reranker_combo.addItem(f"Custom: {settings.reranker}", settings.reranker)
        self.reranker_combo.setCurrentIndex(max(0, self.reranker_combo.findData(settings.reranker)))
        self.results_spin.setValue(int(settings.results_per_page))
        self.base_url_field.setText(settings.llm_base_url)
        self.llm_model_field.setText(settings.llm_model)
        self._initial_key = get_api_key()
        self.api_key_field.setText(self._initial_key)
        self.timeout_spin.setValue(float(settings.llm_timeout_s))
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self._update_reindex_note()

    def chosen_model(self) -> str:
        """The embedding model selected: "default", "finance" or a folder path."""
        for key, button in self.model_buttons.items():
            if button.isChecked():
                return self.model_folder_field.text().strip() if key == "other" else key
        return "default"

    def _update_reindex_note(self) -> None:
        changed = not same_model(self.chosen_model(), self.settings.embedding_model)
        self.reindex_note.setStyleSheet("color: palette(text); font-weight: 600;" if changed else "")

    def edited(self) -> Settings:
        """The settings as edited in the dialog (the original is untouched)."""
        result = copy.deepcopy(self.settings)
        result.library_kind = "team" if self.team_library_button.isChecked() else "local"
        result.library_dir = self.library_field.text().strip()
        result.team_library_uri = self.team_uri_field.text().strip().rstrip("/")
        result.s3_endpoint_url = self.s3_endpoint_field.text().strip()
        result.s3_region = self.s3_region_field.text().strip()
        result.s3_access_key_id = self.s3_key_id_field.text().strip()
        result.team_library_adds_documents = self.team_adds_checkbox.isChecked()
        result.watched_folders = [self.watched_list.item(i).text() for i in range(self.watched_list.count())]
        chosen = self.chosen_model() or "default"
        # "base" (an earlier default's name) and "default" are one model: keeping the stored name asks no re-index.
        result.embedding_model = self.settings.embedding_model if same_model(chosen, self.settings.embedding_model) \
            else chosen
        result.search_method = str(self.method_combo.currentData())
        result.reranker = str(self.reranker_combo.currentData())
        result.results_per_page = int(self.results_spin.value())
        result.llm_base_url = self.base_url_field.text().strip()
        result.llm_model = self.llm_model_field.text().strip()
        result.llm_timeout_s = float(self.timeout_spin.value())
        result.theme = str(self.theme_combo.currentData())
        return result

    def apply(self) -> dict[str, Any]:
        """Write the edits into the settings object and the keyring; returns the changed fields."""
        previous = copy.deepcopy(self.settings)
        edited = self.edited()
        changes: dict[str, Any] = {name: getattr(edited, name) for name in vars(edited)
                                   if getattr(edited, name) != getattr(previous, name)}
        if edited.library_kind != "team":  # the team fields only matter (and only open a library) when chosen
            for name in LIBRARY_FIELDS[2:]:
                changes.pop(name, None)
        elif edited.library_kind == previous.library_kind:
            changes.pop("library_dir", None)
        secret = self.s3_secret_field.text()
        if secret != self._initial_s3_secret:
            if not set_s3_secret(secret):
                messages.warning("No system keychain is available, so the secret access key is kept only until "
                                 "FinLens closes.", "Enter it again next time, or install a keyring service.")
            self._initial_s3_secret = secret
            if edited.library_kind == "team":
                changes["s3_secret"] = True
        if "embedding_model" in changes and not set(LIBRARY_FIELDS) & set(changes):
            if self.confirm_reindex():
                changes["reindex"] = True
            else:  # keep using the model the library was built with
                edited.embedding_model = previous.embedding_model
                changes.pop("embedding_model")
        for name, value in vars(edited).items():
            setattr(self.settings, name, value)
        key = self.api_key_field.text()
        if key != self._initial_key:
            changes["api_key"] = True
            if not set_api_key(key):
                messages.warning("No system keychain is available, so the API key is kept only until FinLens "
                                 "closes.", "Enter it again next time, or install a keyring service.")
        self.settings_applied.emit(previous, changes)
        return changes

    def library_problem_text(self) -> str:
        """Why the library choice cannot be used, as a sentence ("" when it can)."""
        if not self.team_library_button.isChecked():
            return ""
        uri = self.team_uri_field.text().strip()
        if not uri:
            return "Enter the team library's address, such as s3://bucket/prefix, or choose a folder instead."
        if not uri.lower().startswith(("s3://", "s3a://")):
            return f"'{uri}' is not an S3 address; it starts with s3://, such as s3://bucket/prefix."
        if bool(self.s3_key_id_field.text().strip()) != bool(self.s3_secret_field.text()):
            return "Enter both the access key ID and the secret access key, or neither (to use your AWS profile)."
        return ""

    def _on_ok(self) -> None:
        problem = self.library_problem_text()
        self.library_problem.setText(problem)
        self.library_problem.setVisible(bool(problem))
        if problem:
            self.tabs.setCurrentIndex(0)
            return
        self.apply()
        self.accept()

    def _ask_reindex(self) -> bool:
        answer = QMessageBox.question(
            self, "Re-index the Library?",
            "The new embedding model cannot search documents indexed with the old one. Re-index the whole library "
            "now? It runs in the background; the current library is kept as a backup until it finishes.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    # --- pickers --------------------------------------------------------------------------------------------------

    def _choose_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library Folder", self.library_field.text()
                                                  or str(paths.default_library_dir().parent))
        if folder:
            self.library_field.setText(folder)

    def _add_watched(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a Folder")
        if folder and not self.watched_list.findItems(folder, Qt.MatchFlag.MatchExactly):
            self.watched_list.addItem(folder)

    def _choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Embedding Model Folder")
        if folder:
            self.model_folder_field.setText(folder)
            self.model_buttons["other"].setChecked(True)
