"""Ingest: a file goes in and comes out as a stored document — the first stage of the core.

It owns finding the files (:mod:`.discovery`), reading PDF, HTML and text into rows with their boxes (:mod:`.parsing`),
cutting the rows into passages (:mod:`.chunking`), reading a filing's company, form and period from its text
(:mod:`.metadata`), reading the financial statements out of the parsed rows (:mod:`.statements`), and the indexing
run that parses, chunks, embeds and writes each file, with its statements, through one write session of the store
(:mod:`.indexing`). It imports the store and the embedder (:mod:`app.core.retrieval.embedding`) below it, never the
figures, the search, the answers or the workspace above it.
"""
