"""The phrasing suite: every named metric and every expression form, asked the ways analysts write them, parsed as
expected (expression, mode, years, unit and rounding, statement, definition, and the words not understood)."""

from __future__ import annotations

import re

import pytest

from app.core.finance.metrics import CONCEPTS, METRICS
from app.core.question import understand
from tests.core.question.phrasings import COMPANIES, Phrasing, load

ROWS = load()
SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _words(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


@pytest.mark.parametrize("row", ROWS, ids=[f"line{r.line}" for r in ROWS])
def test_parsed_as_expected(row: Phrasing) -> None:
    question = understand(row.question, COMPANIES)
    metric = question.metric
    assert metric is not None, row.question
    assert metric.key == row.expression, row.question
    assert metric.mode == row.mode, row.question
    assert metric.years == row.years, row.question
    assert question.unit.scale == SCALES.get(row.extra.get("scale", "")), row.question
    assert question.unit.decimals == (int(row.extra["decimals"]) if "decimals" in row.extra else None), row.question
    assert question.unit.percent == ("percent" in row.extra), row.question
    if "statement" in row.extra:
        assert question.statement == row.extra["statement"], row.question
    assert (metric.definition is not None) == ("defined" in row.extra), row.question
    assert _words(metric.unknown) == _words(row.extra.get("unknown", "")), row.question
    assert metric.understood == row.computable, row.question


def test_every_named_metric_and_concept_is_asked_five_ways() -> None:
    asked: dict[str, int] = {}
    for row in ROWS:
        asked[row.expression] = asked.get(row.expression, 0) + 1
    names = [m.name for m in METRICS] + [c.name for c in CONCEPTS if c.terms]
    assert {name: asked.get(name, 0) for name in names if asked.get(name, 0) < 5} == {}

