"""Shared by the question tests: a generated 10-K's statements (built once per session) and asking them a question."""

from __future__ import annotations

import pytest

from app.core.figures.answers import MetricAnswer, answer_metric, query_from
from app.core.ingest.statements import Statements
from app.core.question import understand
from tests.benchmarks.check_question_metrics import generated_statements
from tests.core.question.phrasings import COMPANIES


@pytest.fixture(scope="session")
def statements(tmp_path_factory: pytest.TempPathFactory) -> Statements:
    """The statements of the generated 10-K the phrasing suite is answered from."""
    return generated_statements(tmp_path_factory.mktemp("generated-10k"))


def ask(statements: Statements, question: str, company: str = "") -> MetricAnswer:
    """The statements' answer to ``question`` (which must name a metric and a year), naming ``company``."""
    query = query_from(understand(question, COMPANIES))
    assert query is not None, question
    answer = answer_metric(statements, query)
    answer.company = company
    return answer
