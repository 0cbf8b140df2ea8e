"""The workspace: the open library and its embedder, every change made to it, and who hears of each change.

:class:`Workspace` holds the open library (opened by :mod:`app.core.library_opening`, the rules the commands follow
too), builds its searcher and answerer once, performs the edits a user makes (document metadata, removals), and
announces each change as a :class:`Changes` record to its subscribers, the way Anki's ``CollectionOp`` announces
``OpChanges``: the window's controllers and Qt models subscribe and refresh from it, never ad hoc.

A team library opens on its published version (readers see what was published). A desktop whose Settings say it adds
documents also opens the library's appender (:meth:`Workspace.open_appender`, a
:class:`~app.core.library_opening.TeamLibraryAppender`): the window's indexing writes through it, search keeps
reading the published version, and removals and edits stay with the maintenance writer (:mod:`app.core.store.remote`).
Pure Python (no Qt).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.library_opening import TeamLibraryAppender, adds_documents_to, model_for_location, open_library
from app.core.location import LibraryLocation, resolve_location
from app.core.records import EDITABLE_FIELDS, FORM_TYPES, DocumentInfo
from app.core.retrieval.embedding import OnnxEmbedder
from app.core.retrieval.search import Searcher
from app.core.settings import Settings, load_settings
from app.core.store import Library, LibraryError

if TYPE_CHECKING:
    from app.core.answering import Answerer

log = logging.getLogger(__name__)

#: Seconds a metadata edit or removal waits for another FinLens writing to the library before it says so.
EDIT_WAIT_S = 30.0


# --- metadata rules ---------------------------------------------------------------------------------------------------

def clean_metadata(field_name: str, value: Any) -> Any:
    """Normalise an edited document field.

    Raises:
        ValueError: the value is not acceptable; the message is a sentence for the user.
    """
    if field_name not in EDITABLE_FIELDS:
        raise ValueError(f"The {field_name.replace('_', ' ')} of a document cannot be changed.")
    text = str(value if value is not None else "").strip()
    if field_name == "fiscal_year":
        if not text:
            return None
        if not re.fullmatch(r"(19|20)\d\d", text):
            raise ValueError(f"'{text}' is not a fiscal year; use four digits such as 2023.")
        return int(text)
    if field_name == "form_type":
        match = next((f for f in FORM_TYPES if f.lower() == text.lower()), None)
        if match is None:
            raise ValueError(f"'{text}' is not a known form; use one of {', '.join(FORM_TYPES)}.")
        return match
    if field_name == "ticker":
        return text.upper()
    return text


def metadata_changes(document: DocumentInfo, field_name: str, value: Any) -> dict[str, Any]:
    """What storing ``value`` in one field of ``document`` changes ({} when nothing does).

    "FY2023" or "Q2 FY2024" as the fiscal period also sets the fiscal year, which the year filter uses.

    Raises:
        ValueError: the value is not acceptable (a sentence for the user).
    """
    cleaned = clean_metadata(field_name, value)
    if cleaned == getattr(document, field_name):
        return {}
    changes: dict[str, Any] = {field_name: cleaned}
    if field_name == "fiscal_period" and cleaned:
        year = re.search(r"(19|20)\d\d", cleaned)
        if year and document.fiscal_year != int(year.group(0)):
            changes["fiscal_year"] = int(year.group(0))
    return changes


# --- changes ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Changes:
    """What one operation changed in the workspace; subscribers refresh what shows it.

    Attributes:
        library: the library the change happened in (a subscriber ignores changes of a library it no longer shows).
        added: ids of documents indexed into the library (empty with ``indexed``: some may have been added).
        indexed: an indexing run stored documents (and may have dropped files deleted from disk).
        removed: ids of documents removed.
        edited: the documents whose metadata changed, as stored.
        library_switched: another library (or the same one rebuilt) is now open.
        published_refreshed: a team library moved to a newer published version.
    """

    library: Library | None
    added: tuple[str, ...] = ()
    indexed: bool = False
    removed: tuple[str, ...] = ()
    edited: tuple[DocumentInfo, ...] = ()
    library_switched: bool = False
    published_refreshed: bool = False

    @property
    def document_list_changed(self) -> bool:
        """Whether the set of documents may differ (a list re-read is due; an edit alone changes rows in place)."""
        return bool(self.added or self.indexed or self.removed or self.library_switched or self.published_refreshed)


@dataclass(frozen=True)
class WorkspaceSummary:
    """What the status line says about the open library, read from the library itself."""

    documents: int
    passages: int
    model_id: str
    remote: bool = False
    writable: bool = True
    published_at: float | None = None  # seconds since the epoch, for a team library's published version
    adds_documents: bool = False  # a team library this desktop adds documents to (they show once published)


Subscriber = Callable[[Changes], None]


class Workspace:
    """The open library and its embedder, the edits made to it, and the announcements of every change.

    Subscribers are called on the thread that made the change (a worker, for the window); a Qt subscriber
    re-posts to the GUI thread (:class:`app.ui.workspace_events.WorkspaceEvents`).

    Args:
        settings: the user's settings (library choice, model); read from the settings file when None.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        #: The library the window shows and searches (a team library: on its published version).
        self.library: Library | None = None
        self.embedder: OnnxEmbedder | None = None
        #: Where the window's new documents go: the library itself (a folder), a team library's appender (once
        #: :meth:`open_appender` opened it), or None (a team library this desktop only reads).
        self.appender: Library | None = None
        self._adds_to_team = False  # decided when the library opens, from the Settings of that moment
        self._subscribers: list[Subscriber] = []
        self._guard = threading.Lock()
        self._searcher: Searcher | None = None  # see :attr:`searcher`
        self._searcher_reranker = ""

    # --- subscribers ----------------------------------------------------------------------------------------------

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with every :class:`Changes`; returns the function that unsubscribes it."""
        with self._guard:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._guard:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        """Tell every subscriber; one failing subscriber does not keep the others from hearing it."""
        with self._guard:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(changes)
            except Exception:
                log.exception("a workspace subscriber failed")

    # --- opening --------------------------------------------------------------------------------------------------

    def location(self) -> LibraryLocation:
        """The library these settings open (see :func:`resolve_location`)."""
        return resolve_location(self.settings)

    def open(self, location: Path | str | None = None, model: str | None = None) -> tuple[Library, OnnxEmbedder]:
        """Open a library (default: :meth:`location`) and make it the workspace's.

        A team library opens read-only on its published version; when this desktop adds documents to it, open its
        appender next with :meth:`open_appender`.

        Raises:
            LibraryMismatchError, LibraryError, EmbedderError: with a user-facing sentence (nothing changes then).
        """
        target = location if location is not None else self.location().location
        library, embedder = open_library(target, model if model is not None
                                         else model_for_location(target, self.settings))
        self.adopt(library, embedder)
        return library, embedder

    def adopt(self, library: Library, embedder: OnnxEmbedder) -> None:
        """Make an already open library the workspace's (the first one, or one rebuilt by a re-index)."""
        with self._guard:
            self.library, self.embedder = library, embedder
            self.appender = library if library.writable else None
            self._adds_to_team = library.pinned and adds_documents_to(library.folder, self.settings)
        log.info("library open: %s%s", library.folder, " (this desktop adds documents)" if self._adds_to_team else "")
        self.announce(Changes(library, library_switched=True))

    @property
    def adds_to_team_library(self) -> bool:
        """Whether the open library is a team library this desktop adds documents to (shown as published)."""
        return self._adds_to_team

    def takes_documents(self) -> bool:
        """Whether documents added in the window go into the open library (its appender may still be opening)."""
        return self.appender is not None or self._adds_to_team

    # --- searching and answering: built here, once, for the open library ------------------------------------------

    @property
    def searcher(self) -> Searcher | None:
        """The search over the open library (None while none is open), rebuilt when it or the reranker changed."""
        with self._guard:
            library, embedder, searcher = self.library, self.embedder, self._searcher
            if library is None or embedder is None:
                return None
            if searcher is None or searcher.library is not library or searcher.embedder is not embedder \
                    or self._searcher_reranker != self.settings.reranker:
                searcher = self._searcher = Searcher(library, embedder, reranker=self.settings.reranker)
                self._searcher_reranker = self.settings.reranker
            return searcher

    def answerer(self) -> Answerer:
        """An answerer over the open library with the model now set in Settings > Answers (none: best passages).

        Reads the API key from the OS keyring: call it on a worker, once per question (a changed model then answers).

        Raises:
            LibraryError: no library is open yet.
        """
        from app.core.answering import Answerer, LLMConfig  # the answering stack loads with the first question

        searcher = self.searcher
        if searcher is None:
            raise LibraryError("There is no library to answer from yet; wait until it is open.")
        return Answerer(searcher, searcher.library, LLMConfig.from_settings(self.settings))

    def open_appender(self, library: Library) -> Library | None:
        """Open the appender through which this desktop adds documents to the team library ``library``.

        Reads the library's record over the network: call it on a worker. Nothing is written until documents are
        added, so a bucket that refuses writes says so then (:class:`TeamLibraryAppender`).

        Returns:
            The appender (also :attr:`appender`), or None when ``library`` is no longer the open one or this desktop
            does not add documents to it.

        Raises:
            LibraryError: the library cannot be read (a sentence for the user).
        """
        if library is not self.library or not self._adds_to_team:
            return None
        appender = TeamLibraryAppender(str(library.folder), model_id=library.model_id,
                                       model_hash=library.model_hash, dimension=library.dimension)
        with self._guard:
            if library is not self.library:
                return None
            self.appender = appender
        log.info("team library %s: this desktop adds documents", library.folder)
        return appender

    def _open_library(self) -> Library:
        library = self.library
        if library is None:
            raise LibraryError("The library is still opening. Try again in a moment.")
        return library

    # --- operations -----------------------------------------------------------------------------------------------

    def edit_metadata(self, doc_id: str, **changes: Any) -> DocumentInfo:
        """Correct a document's company, ticker, form, fiscal period or year; announces the stored document.

        Values are cleaned as :func:`clean_metadata` does; a fiscal period naming a year also sets the year.
        Waits :data:`EDIT_WAIT_S` for another FinLens's indexing, then says so.

        Raises:
            ValueError: a value is not acceptable (a sentence for the user).
            LibraryError: the library refused (read-only team library, document gone, busy).
        """
        library = self._open_library()
        cleaned = {name: clean_metadata(name, value) for name, value in changes.items()}
        period = cleaned.get("fiscal_period")
        if period and "fiscal_year" not in cleaned:
            year = re.search(r"(19|20)\d\d", period)
            if year:
                cleaned["fiscal_year"] = int(year.group(0))
        with library.writing(timeout=EDIT_WAIT_S) as session:
            session.update_metadata(doc_id, cleaned)
        updated = library.get_document(doc_id)
        if updated is None:  # removed by another FinLens right after the edit
            raise LibraryError("That document is no longer in the library.")
        self.announce(Changes(library, edited=(updated,)))
        return updated

    def remove_documents(self, doc_ids: list[str]) -> list[str]:
        """Remove documents (the files stay on disk) in one write session, then compact; announces the removal.

        Returns:
            The ids removed.

        Raises:
            LibraryError: the library refused (a read-only team library, busy).
        """
        library = self._open_library()
        if not doc_ids:
            return []
        with library.writing(timeout=EDIT_WAIT_S) as session:
            for doc_id in doc_ids:
                session.remove_document(doc_id)
            session.maintain()
        self.announce(Changes(library, removed=tuple(doc_ids)))
        return list(doc_ids)

    def note_indexed(self, doc_ids: list[str] | None = None) -> None:
        """Announce that indexing stored documents (the indexer writes through its own write session)."""
        if self.library is not None:
            self.announce(Changes(self.library, added=tuple(doc_ids or ()), indexed=True))

    def refresh(self) -> bool:
        """Move a team library to its newest published version; announces it when there was one.

        Returns:
            True when a newer version (or a newer publication) was found; always False for a local library.
        """
        library = self.library
        if library is None or not library.pinned:
            return False
        before = library.published()
        moved = library.refresh()
        if not moved and library.published() == before:
            return False
        log.info("team library %s: newer published version", library.folder)
        self.announce(Changes(library, published_refreshed=True))
        return True

    # --- reading --------------------------------------------------------------------------------------------------

    def summary(self) -> WorkspaceSummary | None:
        """The counts and state the status line shows, read from the library now (None before it opens)."""
        library, embedder = self.library, self.embedder
        if library is None:
            return None
        published = library.published() if library.remote else None
        at = published.get("at") if published else None
        return WorkspaceSummary(documents=len(library.list_documents()), passages=library.chunk_count(),
                                model_id=embedder.model_id if embedder is not None else library.model_id,
                                remote=library.remote, writable=library.writable,
                                published_at=float(at) if isinstance(at, int | float) else None,
                                adds_documents=self._adds_to_team)
