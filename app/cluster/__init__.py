"""Cluster indexing of a team library on Ray (the optional ``cluster`` extra: ``pip install 'finlens[cluster]'``).

:mod:`.indexer` runs FinLens's own parse → chunk → embed code (:func:`app.core.ingest.indexing.index_file`) in a pool of
Ray actors, each holding one ONNX embedder, and commits the finished documents through the library's one storage
interface; :mod:`.commands` adds ``finlens cluster-index``. Ray is imported only when a cluster job runs: ``app.core``
and ``app.ui`` never import it (an import-linter contract says so).
"""
