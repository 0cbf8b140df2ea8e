"""moto's S3 server with ranged GETs that read only the range: ``python -m tests.benchmarks.moto_ranges -p PORT``.

moto (5.x) answers ``GET`` with a ``Range`` header by copying the *whole* object into memory and slicing it, so one
4 KB read costs in proportion to the object's size: 11 ms on a 1 MB object and 100 ms on a 150 MB one on this
machine, against a constant 3–4 ms from a file-backed S3 server (s3rver). A Lance library keeps its chunks in a few
large data files after compaction (hundreds of MB at 100k chunks) and reads them with many small ranged GETs, so
against plain moto a search's time grows with the library's size on disk rather than with what it reads. Real object
stores serve a range at a cost independent of the object's size; this launcher patches that one code path (the
object is read from moto's own buffer at the range's offset) so that ``bench_cluster`` measures Lance's reads, not
moto's copies. Everything else is moto as shipped; the tests use moto unpatched.
"""

from __future__ import annotations

import sys
import threading

from moto.s3 import models, responses

_ranged = threading.local()
_whole_value = models.FakeKey.value


class _RangeReader:
    """What moto's range handler needs of an object's bytes (its length, a slice), read from the key's buffer."""

    def __init__(self, key: models.FakeKey) -> None:
        self.key = key

    def __len__(self) -> int:
        return self.key.size

    def __getitem__(self, part: slice) -> bytes:
        with self.key.lock:
            self.key._value_buffer.seek(part.start)
            return self.key._value_buffer.read(part.stop - part.start)


def _value(key: models.FakeKey) -> bytes | _RangeReader:
    return _RangeReader(key) if getattr(_ranged, "active", False) else _whole_value.fget(key)


def _value_setter(key: models.FakeKey, new_value: bytes) -> None:
    _whole_value.fset(key, new_value)


_get_object = responses.S3Response.get_object


def _get_object_ranged(self: responses.S3Response):  # noqa: ANN202 - moto's response tuple
    """moto's get_object; with a plain byte range, the body stays a reader until the range handler slices it."""
    spec = self.headers.get("range", "")
    _ranged.active = spec.startswith("bytes=") and "," not in spec and not spec.startswith("bytes=-")
    try:
        return _get_object(self)
    finally:
        _ranged.active = False


def install() -> None:
    """Patch moto in this process."""
    models.FakeKey.value = property(_value, _value_setter)
    responses.S3Response.get_object = _get_object_ranged


if __name__ == "__main__":
    from moto.server import main

    install()
    sys.exit(main(sys.argv[1:]))
