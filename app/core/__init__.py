"""FinLens core: ingestion, chunking, embedding, storage, search and answering. Pure Python, no Qt."""
