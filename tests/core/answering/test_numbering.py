"""Citations are numbered as a reader meets them: the first passage the answer cites is [1], the next [2], and
every offset and passage number that names them follows (end to end, with the scripted model server)."""

from __future__ import annotations

from typing import Any

from app.core.answering import SUPPORTED, Answerer, LLMConfig
from app.core.answering.citations import parse_citations
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, Reply
from tests.core.answering.test_engine import passage_with


def cites_a_later_passage_first(request: dict[str, Any]) -> Reply:
    """The model cites the statement's passage and another one, the higher passage number first."""
    table = passage_with(request, "Net income (loss) 1,577")
    other = 1 if table != 1 else 2
    first, second = max(table, other), min(table, other)
    return Reply(f"Acme reported its results [{first}]. Net income was $1,577 million in 2023 [{table}], and the "
                 f"filing discusses them [{second}, {first}].")


def test_marks_run_from_one_in_order_of_appearance(indexed: IndexedLibrary, llm_server: FakeLLMServer) -> None:
    llm_server.script = cites_a_later_passage_first
    answer = Answerer(indexed.searcher, indexed.library, LLMConfig(llm_server.base_url, "fake-model")).answer(
        "What was Acme's net income in 2023?")

    marks = [mark.numbers for mark in parse_citations(answer.text)]
    assert marks[0] == (1,) and marks[-1] == (2, 1)
    assert sorted(c.number for c in answer.citations) == [1, 2]
    assert [p.number for p in answer.passages] == list(range(1, len(answer.passages) + 1))
    for citation in answer.citations:
        assert citation.passage.number == citation.number
        for start, end in citation.spans:
            assert str(citation.number) in answer.text[start:end]
    table = next(c for c in answer.citations if "Net income (loss) 1,577" in c.passage.text)
    (figure,) = [n for n in answer.numbers if n.text == "$1,577 million"]
    assert answer.text[figure.start:figure.end] == "$1,577 million"  # offsets follow the shorter or longer marks
    assert figure.status == SUPPORTED and table.number in figure.passages
    assert f"$1,577 million in 2023 [{table.number}]" in answer.text


def test_an_answer_already_in_order_is_unchanged(indexed: IndexedLibrary, llm_server: FakeLLMServer) -> None:
    llm_server.script = lambda request: Reply(
        f"Net income was $1,577 million in 2023 [{passage_with(request, 'Net income (loss) 1,577')}].")
    answer = Answerer(indexed.searcher, indexed.library, LLMConfig(llm_server.base_url, "fake-model")).answer(
        "What was Acme's net income in 2023?")
    assert answer.text == "Net income was $1,577 million in 2023 [1]."
