"""The optional LLM query writer parses answers and degrades to nothing when the endpoint is unreachable."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("openai")

from app.core.records import DocumentInfo  # noqa: E402
from app.train.llm_queries import LlmQueryWriter  # noqa: E402

NIKE = DocumentInfo(doc_id="n", path="NIKE_2022_10K.pdf", title="NIKE_2022_10K", company="Nike", fiscal_period="FY2022")


class StubCompletions:
    def __init__(self, content: str) -> None:
        self.content = content
        self.prompts: list[str] = []

    def create(self, **kwargs: Any) -> Any:
        self.prompts.append(kwargs["messages"][0]["content"])
        return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=self.content))])


def test_answers_become_queries() -> None:
    writer = LlmQueryWriter("http://127.0.0.1:9/v1", "stub")
    stub = StubCompletions("1. What were Nike's capital expenditures in fiscal 2022?\n- Nike capex FY2022\n\nok")
    writer.client = SimpleNamespace(chat=SimpleNamespace(completions=stub))  # type: ignore[assignment]
    queries = writer("Nike 10-K FY2022 | CASH FLOWS\nAdditions to property, plant and equipment (758)", NIKE)
    assert [q.text for q in queries] == ["What were Nike's capital expenditures in fiscal 2022?", "Nike capex FY2022"]
    assert {q.kind for q in queries} == {"llm"}
    assert "Additions to property, plant and equipment" in stub.prompts[0]


def test_unreachable_endpoint_is_skipped_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    writer = LlmQueryWriter("http://127.0.0.1:9/v1", "missing", timeout=2)  # nothing listens on port 9
    assert writer("Nike 10-K FY2022 | Revenues 46,710", NIKE) == []
    assert not writer.enabled
    assert "warning: LLM endpoint unavailable" in capsys.readouterr().out
    assert writer("another passage", NIKE) == []  # no second attempt
