"""Retrieval: from a question to the passages that answer it, best first — the stage between the stored library and
the answers.

* :mod:`embedding` — the ONNX sentence embedder (also what indexing embeds passages with, so it sits lowest here);
* :mod:`parsed_query` — what search and ranking read from the question record (:mod:`app.core.question`);
* :mod:`reranking` — the finance cross-encoder that reorders the best few dozen candidates;
* :mod:`ranking` — the one ranker: score fusion of dense and keyword candidates, the question's priors, the reranker;
* :mod:`search` — :class:`~app.core.retrieval.search.Searcher`, the library's search (filters, snippets, hits);
* :mod:`retrieval_evaluation` — page and document recall of the search on a question file (``finlens eval
  retrieval``).

Records go in and come out (the store's scored chunks, :class:`app.core.records.SearchHit`), never storage rows. The
layers contract in ``pyproject.toml`` orders the modules: embedding below ingest (the indexing run embeds), the rest
above the figures they read for the statement-page prior. This package's ``__init__`` imports none of them, so
importing the embedder does not load the search.
"""
