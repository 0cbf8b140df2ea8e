"""Optional LLM-written queries, BAM-style: a few-shot prompt to any OpenAI-compatible endpoint.

Used only when ``train-embedder --llm-endpoint URL`` is given. LLM questions read more like an analyst's than the
templates do, but an endpoint can be down or slow; the generator then warns once and stops asking, so a training run
never fails because of it.
"""

from __future__ import annotations

import logging
import re

from app.core.records import DocumentInfo
from app.train.queries import Query

log = logging.getLogger(__name__)

_PROMPT = """You write search queries that a financial analyst would type to find a passage in a company filing.
Write {count} different queries that this passage answers. Each must mention the company or period and a metric,
term or fact that the passage actually contains. One query per line, no numbering, no answers.

Passage: Nike 10-K FY2022 | CONSOLIDATED STATEMENTS OF CASH FLOWS
Additions to property, plant and equipment (758) (695) (1,086)
Queries:
What were Nike's capital expenditures in fiscal 2022?
Nike capex FY2021 cash flow statement

Passage: Coca-Cola 10-K FY2020 | Liquidity
We expect our effective tax rate to be approximately 19.5% in 2021, subject to the outcome of tax audits.
Queries:
What effective tax rate does Coca-Cola expect for 2021?
Coca-Cola tax rate guidance

Passage: {passage}
Queries:
"""


class LlmQueryWriter:
    """Writes queries for a passage with a chat model; disables itself after the first failure.

    Args:
        endpoint: base URL of an OpenAI-compatible API (``http://localhost:8000/v1``).
        model: model name on that endpoint.
        api_key: key for the endpoint (local servers usually accept any string).
        count: queries to ask for per passage.
        timeout: seconds per request.
    """

    def __init__(self, endpoint: str, model: str, *, api_key: str = "none", count: int = 2,
                 timeout: float = 30.0) -> None:
        from openai import OpenAI

        self.client = OpenAI(base_url=endpoint, api_key=api_key or "none", timeout=timeout, max_retries=0)
        self.model = model
        self.count = count
        self.enabled = True
        self.written = 0

    def __call__(self, passage: str, document: DocumentInfo) -> list[Query]:
        """Queries for one passage (``[]`` once the endpoint has failed)."""
        if not self.enabled:
            return []
        try:
            response = self.client.chat.completions.create(
                model=self.model, temperature=0.7, max_tokens=120,
                messages=[{"role": "user", "content": _PROMPT.format(count=self.count, passage=passage[:1500])}])
        except Exception as error:  # any transport or API error: skip the LLM, keep the rule-based queries
            self.enabled = False
            log.warning("LLM endpoint unavailable (%s); continuing with rule-based queries only.", error)
            print(f"warning: LLM endpoint unavailable ({type(error).__name__}: {error}); using rule-based queries only")
            return []
        content = response.choices[0].message.content or ""
        lines = [re.sub(r"^\s*(\d+[.)]|[-*•])\s*", "", line).strip() for line in content.splitlines()]
        queries = [Query(line, "llm") for line in lines if 8 <= len(line) <= 200][:self.count]
        self.written += len(queries)
        return queries
