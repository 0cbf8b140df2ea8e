"""Question understanding: the one place FinLens reads a question's text.

:func:`understand` turns a question into one frozen :class:`Question` record, once: the companies and tickers it
names (against the library's own alias table), the kind of filing, the periods (years, quarters, ranges, "as of",
"over the last 3 years"), the metric expression asked, the statement it points to, the unit and rounding asked, and
the words of the metric phrase it did not understand. Search, the ranking priors, the statements' answers, the
answer engine, the CLI and the evaluation read that record; no other module parses question text (an import-linter
contract and ``tests/test_architecture.py`` hold it).

* :mod:`~app.core.question.understand` — sentences, the ask, the metric phrase;
* :mod:`~app.core.question.definitions` — definitions the question gives (whole sentences or inline), how a balance
  is taken, and the statement it says to read each input from;
* :mod:`~app.core.question.label_formulas` — formulas over printed labels, and definitions naming one line for two
  periods;
* :mod:`~app.core.question.rewrites` — sentence shapes that ask for a metric in other words ("what % of B went to A");
* :mod:`~app.core.question.grammar` — metric expressions over concepts (sums, ratios, averages, changes);
* :mod:`~app.core.question.lines` — the words of a line a filer prints under its own name;
* :mod:`~app.core.question.lexicon` — the words: terms from :mod:`app.core.finance.metrics`, operators, modes;
* :mod:`~app.core.question.periods`, :mod:`~app.core.question.units` — periods (years, quarters, interim periods and
  their end dates); unit and rounding;
* :mod:`~app.core.question.companies` — the library's company names and tickers in a question;
* :mod:`~app.core.question.text` — instructions, statement and filing pointers, what kind of answer is asked;
* :mod:`~app.core.question.record` — the record itself.

Pure Python, no I/O: understanding a question takes well under 5 ms.
"""

from app.core.question.companies import CompanyAliases, company_aliases, detect_companies, distinct_companies
from app.core.question.record import Definition, MetricAsked, Question
from app.core.question.understand import understand

__all__ = ["CompanyAliases", "Definition", "MetricAsked", "Question", "company_aliases", "detect_companies",
           "distinct_companies", "understand"]
