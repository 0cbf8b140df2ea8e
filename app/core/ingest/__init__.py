"""Ingest: a file goes in and comes out as a stored document — the first stage of the core.

It owns finding the files (:mod:`.discovery`), reading PDF, HTML and text into rows with their boxes (:mod:`.parsing`),
cutting the rows into passages (:mod:`.chunking`), reading a filing's company, form and period from its text
(:mod:`.metadata`), and the indexing run that parses, chunks, embeds and writes each file through one write session
of the store (:mod:`.indexing`, which also hands the parsed rows to the statements extraction). It imports the store,
the embedder and the statements below it, never the search, the answers or the workspace above it.
"""
