"""A write the bucket refuses (credentials that may read but not write) is recognised by its wording and told in one
sentence, naming the files not stored, whichever writer met it."""

from __future__ import annotations

from app.core.store import write_refused


def test_a_refused_write_is_recognised_by_its_wording() -> None:
    lance = ("lance error: LanceError(IO): single PUT of finlens/lance/chunks.lance/data/1.lance failed: The operation "
             "lacked the necessary privileges to complete for path finlens/lance/chunks.lance/data/1.lance: Error "
             "performing PUT http://127.0.0.1:9000/b/1.lance - Server returned non-2xx status code: 403 Forbidden: "
             "<Error><Code>AccessDenied</Code></Error>")
    assert write_refused(RuntimeError(lance))
    assert write_refused(OSError("When initiating multiple part upload for key 'finlens/library.json': AWS Error "
                                 "ACCESS_DENIED during CreateMultipartUpload operation"))
    assert not write_refused(RuntimeError("lance error: Commit conflict for version 7"))
    assert not write_refused(OSError("No space left on device"))


def test_a_refused_write_is_one_sentence_for_every_writer() -> None:
    # The store words it (the CLI's `finlens index` on a bucket, the window's appender on top), naming the batch lost.
    from app.core.store.session import write_error

    refused = RuntimeError("Server returned non-2xx status code: 403 Forbidden: <Code>AccessDenied</Code>")
    friendly = write_error(refused, ["/filings/a.pdf"])
    assert friendly is not None and friendly.lost == ["/filings/a.pdf"]
    assert "refused the write" in str(friendly) and "write permission" in str(friendly)
    assert write_error(RuntimeError("lance error: Commit conflict for version 7"), []) is None
