"""Fixtures for core tests: generated filings, a real ONNX embedder and a real LanceDB library in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.retrieval.embedding import OnnxEmbedder, load_embedder
from app.core.store import Library
from tests.pdf_factory import make_10k


@pytest.fixture(scope="session")
def embedder() -> OnnxEmbedder:
    """The bundled base model (real ONNX, loaded once per session)."""
    return load_embedder("base")


@pytest.fixture(scope="session")
def filings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with two companies' 10-Ks (two years for one of them)."""
    folder = tmp_path_factory.mktemp("filings")
    make_10k(folder / "ACME_2022_10K.pdf", company="Acme Widgets, Inc.", ticker="ACME", year=2022)
    make_10k(folder / "ACME_2021_10K.pdf", company="Acme Widgets, Inc.", ticker="ACME", year=2021,
             revenue=("11,002", "10,100"), capex=("1,203", "990"))
    make_10k(folder / "GLOBEX_2022_10K.pdf", company="Globex Corporation", ticker="GBX", year=2022,
             revenue=("48,210", "45,977"), capex=("3,402", "3,111"), risk_topic="interest rate volatility")
    return folder


def new_library(folder: Path, embedder: OnnxEmbedder) -> Library:
    """A library built with ``embedder`` in ``folder``."""
    return Library(folder, model_id=embedder.model_id, model_hash=embedder.model_hash, dimension=embedder.dimension)


@pytest.fixture
def library(tmp_path: Path, embedder: OnnxEmbedder) -> Library:
    """An empty library in a temp folder."""
    return new_library(tmp_path / "library", embedder)
