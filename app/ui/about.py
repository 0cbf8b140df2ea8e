"""The About dialog: versions of every native part (what support asks for) and the licenses FinLens ships under."""

from __future__ import annotations

import html
import platform
from importlib import metadata
from typing import Any

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app import __version__

LICENSES = (
    ("FinLens", "GNU Affero General Public License v3.0 or later (AGPL-3.0-or-later)"),
    ("PyMuPDF / MuPDF", "GNU Affero General Public License v3.0 (Artifex; commercial licences available)"),
    ("Qt 6 / PySide6", "GNU Lesser General Public License v3.0 (LGPL-3.0)"),
    ("LanceDB", "Apache License 2.0"),
    ("ONNX Runtime", "MIT License"),
    ("Embedding models (MiniLM-L6-v2 and the finance-tuned model)", "Apache License 2.0"),
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def component_versions(embedder: Any = None) -> dict[str, str]:
    """Versions of FinLens and the libraries it runs on (and the embedding model, when given)."""
    versions = {
        "FinLens": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": _version("PySide6-Essentials") if _version("PySide6") == "not installed" else _version("PySide6"),
        "onnxruntime": _version("onnxruntime"),
        "lancedb": _version("lancedb"),
        "PyMuPDF": _version("PyMuPDF"),
    }
    if embedder is not None:
        versions["Embedding model"] = f"{embedder.model_id} ({embedder.dimension} dimensions, " \
                                      f"sha256 {str(embedder.model_hash)[:12]}…)"
    return versions


class AboutDialog(QDialog):
    """Who made FinLens, what it runs on, and under which licenses."""

    def __init__(self, embedder: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About FinLens")
        self.setObjectName("aboutDialog")
        self.setMinimumSize(540, 460)
        self.versions = component_versions(embedder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        title = QLabel(f"FinLens {__version__}")
        title.setProperty("role", "title")
        layout.addWidget(title)
        tagline = QLabel("Semantic search and cited answers over your financial filings — offline.")
        tagline.setProperty("role", "muted")
        layout.addWidget(tagline)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(True)
        self.details.setHtml(self.details_html())
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy_button = QPushButton("Copy Versions")
        copy_button.setToolTip("Copy the version list, e.g. for a support request")
        copy_button.clicked.connect(self.copy_versions)
        buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def details_html(self) -> str:
        """Versions and licenses as HTML."""
        rows = "".join(f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                       for k, v in self.versions.items())
        licenses = "".join(f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}"
                           "</td></tr>" for k, v in LICENSES)
        return (f"<h4>Versions</h4><table>{rows}</table><h4>Licenses</h4><table>{licenses}</table>"
                "<p>FinLens is free software: you can redistribute it and/or modify it under the terms of the GNU "
                "Affero General Public License. Because FinLens uses PyMuPDF under the AGPL, the complete source of "
                "this program comes with it: <tt>finlens-&lt;version&gt;-source.tar.gz</tt> is installed with the "
                "app.</p>")

    def copy_versions(self) -> None:
        """Put the version list on the clipboard."""
        text = "\n".join(f"{k}: {v}" for k, v in self.versions.items())
        QGuiApplication.clipboard().setText(text)

