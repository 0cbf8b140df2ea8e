"""What FinLens does with a model's text: echoed prompt markup stripped, uncited figures attributed (marked inferred),
computed facts in the prompt and in the number check."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.answering import DERIVED, MODE_LLM, SUPPORTED, UNSUPPORTED, Answerer, LLMConfig
from app.core.answering.answer_records import ComputedFact
from app.core.answering.citations import add_inferred_marks, parse_citations, resolve_citations, sentence_spans
from app.core.answering.numbers import check_numbers, uncited_sources
from app.core.answering.prompt import MarkupStripper, build_messages, strip_markup
from tests.core.answering.answering_fixtures import FakeLLMServer, IndexedLibrary, Reply
from tests.core.answering.test_engine import passage_with
from tests.core.answering.test_numbers import TABLE, make_passage


def streamed(pieces: list[str]) -> str:
    stripper = MarkupStripper()
    return "".join(stripper.feed(piece) for piece in pieces) + stripper.finish()


@pytest.mark.parametrize("pieces, shown", [
    (["The answer is: 81,797 </passage>"], "The answer is: 81,797 "),
    (["The answer is: 81,797 </pass", "age>"], "The answer is: 81,797 "),
    (["<passage id=\"2\" document=\"Acme 10-K\" page=\"4\">", "Revenue [2]", "</passage>", "<|im_end|>"],
     "Revenue [2]"),
    (["<question>What?</question> It was 5 [1]."], "What? It was 5 [1]."),
    (["x <", "|im_end", "|> y"], "x  y"),
    (["a < b and c<d", "e"], "a < b and c<de"),  # less-than signs are not markup
    (["Globex guidance is:\n<paste-id=\"1\" name=\"2. CONSOLIDATED STATEMENTS", " OF INCOME\">\n</paste-name>"],
     "Globex guidance is:\n\n"),  # SmolLM2's mangled copy of a fence
    (["margin <", "b>wide</b> at 5% <5% 3<4"], "margin wide at 5% <5% 3<4"),
    (["if a <", " b then\n<", "br/> done"], "if a < b then\n done"),
    (["ends with <pass"], "ends with "),  # an unfinished fence at the very end is dropped
    (["ends with < 5"], "ends with < 5"),  # but not a comparison
])
def test_echoed_markup_is_stripped_across_pieces(pieces: list[str], shown: str) -> None:
    assert streamed(pieces) == shown


def test_the_whole_text_is_stripped_the_same_way() -> None:
    assert strip_markup('It was 5 [1].</passage>\n<passage id="2">') == "It was 5 [1].\n"


def test_text_is_held_back_only_while_a_tag_may_be_forming() -> None:
    stripper = MarkupStripper()
    assert stripper.feed("Revenue was 5 <") == "Revenue was 5 "
    assert stripper.feed(" 6 units") == "< 6 units"
    assert stripper.feed("; see <passage id=") == "; see "
    assert stripper.feed('"2">table') == "table"


def test_the_inferred_mark_goes_before_the_sentence_end_and_parses_back() -> None:
    text = "Net income was 1,577 in 2023. Revenue was 6,500 [1]. Both grew"
    spans = sentence_spans(text)
    marked = add_inferred_marks(text, {spans[0]: [2], spans[2]: [1, 3]})
    assert marked == "Net income was 1,577 in 2023 [2, inferred]. Revenue was 6,500 [1]. Both grew [1, 3, inferred]"
    marks = parse_citations(marked)
    assert [(m.numbers, m.inferred) for m in marks] == [((2,), True), ((1,), False), ((1, 3), True)]


def test_an_uncited_figure_gets_the_passage_it_came_from() -> None:
    table = make_passage(TABLE, number=1, scale=1e6)
    prose = make_passage("Capital expenditures were $410 million in 2023.", number=2)
    text = "The answer is: 1,577. Capital spending was $410 million [2]. It rose to $9,999 million."
    checks = check_numbers(text, [table, prose])
    sources = uncited_sources(text, checks, [table, prose])
    assert list(sources.values()) == [[1]]  # the cited sentence is left alone; the unknown figure has no source
    marked = add_inferred_marks(text, sources)
    assert marked.startswith("The answer is: 1,577 [1, inferred].")
    checks = {c.text: c for c in check_numbers(marked, [table, prose])}
    assert checks["1,577"].status == SUPPORTED and checks["1,577"].citation_inferred
    assert "FinLens inferred the citation" in checks["1,577"].evidence
    assert not checks["$410 million"].citation_inferred
    assert checks["$9,999 million"].status == UNSUPPORTED and not checks["$9,999 million"].citation_inferred
    (citation, *_) = resolve_citations(marked, [table, prose]).citations
    assert citation.number == 1 and citation.inferred and "citation inferred by FinLens" in citation.label


def test_a_passage_the_model_also_cites_is_not_marked_inferred() -> None:
    table = make_passage(TABLE, number=1, scale=1e6)
    text = "Revenue was 6,500 [1]. Net income was 1,577 [1, inferred]."
    (citation,) = resolve_citations(text, [table]).citations
    assert not citation.inferred


def test_years_alone_get_no_inferred_citation() -> None:
    table = make_passage(TABLE, number=1, scale=1e6)
    text = "This covers fiscal 2023."
    assert uncited_sources(text, check_numbers(text, [table]), [table]) == {}


def test_a_figure_matching_a_computed_fact_is_derived_and_attributed() -> None:
    table = make_passage(TABLE, number=1, scale=1e6)
    fact = ComputedFact("24.26% is the net margin for FY2023, computed as Net income / Revenue. Inputs: Net income, "
                        "FY2023: 1,577 [1]; Revenue, FY2023: 6,500 [1].", "24.26%", "Net income / Revenue", [1])
    text = "The net margin was 24.3%. That is about 31%."
    checks = {c.text: c for c in check_numbers(text, [table], [fact])}
    assert checks["24.3%"].status == DERIVED and "computed by FinLens" in checks["24.3%"].evidence
    assert checks["24.3%"].passages == [1] and checks["31%"].status == UNSUPPORTED
    sources = uncited_sources(text, list(checks.values()), [table])
    assert add_inferred_marks(text, sources).startswith("The net margin was 24.3% [1, inferred].")


def test_facts_go_into_the_prompt_fenced() -> None:
    fact = ComputedFact("24.26% is the net margin … [1].", "24.26%", "Net income / Revenue", [1])
    user = build_messages("What was the net margin?", [make_passage(TABLE)], [fact])[1]["content"]
    assert "<facts>\n- 24.26% is the net margin … [1].\n</facts>" in user
    assert user.index("</passages>") < user.index("<facts>") < user.index("<question>")


def answerer(indexed: IndexedLibrary, server: FakeLLMServer) -> Answerer:
    return Answerer(indexed.searcher, indexed.library, LLMConfig(server.base_url, "fake-model", timeout_s=5))


def test_an_echoing_uncited_model_is_cleaned_and_attributed(indexed: IndexedLibrary,
                                                             llm_server: FakeLLMServer) -> None:
    # What SmolLM2 wrote in the tester's run, with the figure of this library.
    llm_server.script = lambda request: Reply("The answer is: $1,577 million </passage>")
    deltas: list[str] = []
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?", on_delta=deltas.append)
    assert answer.mode == MODE_LLM and "</passage>" not in "".join(deltas) and "passage>" not in answer.text
    (check,) = [n for n in answer.numbers if n.text == "$1,577 million"]
    assert check.status == SUPPORTED and check.citation_inferred
    assert answer.text.startswith("The answer is: $1,577 million [") and answer.text.endswith(", inferred]")
    assert all(c.inferred for c in answer.citations)
    record = answer.to_dict()
    assert record["citations"][0]["inferred"] and record["numbers"][0]["citation_inferred"]


def test_a_metric_question_sends_the_computed_fact_and_checks_against_it(indexed: IndexedLibrary,
                                                                         llm_server: FakeLLMServer) -> None:
    def from_the_fact(request: dict[str, Any]) -> Reply:
        table = passage_with(request, "Net income (loss) 1,577")
        return Reply(f"Acme's net income for FY2023 was $1,577 million [{table}].")

    llm_server.script = from_the_fact
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    user = llm_server.last_user_message()
    # How FinLens read the question goes first, then the computed figure.
    assert "<facts>\n- FinLens read the question as: net income, FY2023.\n- Acme's FY2023 net income was $1,577 " \
           "million" in user
    reading, fact = answer.facts
    assert fact.value_text == "$1,577 million" and fact.passages and not reading.value_text
    assert answer.to_dict()["facts"][1]["value"] == "$1,577 million"
    assert not answer.unsupported_numbers


def test_the_unfinished_last_sentence_of_a_cut_answer_gets_no_inferred_citation(indexed: IndexedLibrary,
                                                                                llm_server: FakeLLMServer) -> None:
    # The stream breaks in the last sentence, before its own citation could arrive.
    text = "Net income was $1,577 million in 2023. Revenues were $6,500 million in 2023 [1]."  # 12-character pieces
    llm_server.script = lambda request: Reply(text, drop_after=6)
    answer = answerer(indexed, llm_server).answer("What was Acme's net income in 2023?")
    assert answer.incomplete and answer.text.startswith("Net income was $1,577 million in 2023 [")
    first, last = answer.text.split(". ")
    assert first.endswith(", inferred]") and last == "Revenues were $6,500 million in 2"
    assert [n.citation_inferred for n in answer.checked_numbers if n.kind == "amount"] == [True, False]
