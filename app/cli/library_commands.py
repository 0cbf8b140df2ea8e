"""The library commands: ``index``, ``reindex``, ``docs``, ``remove`` and ``maintain``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.active_library import open_active_library
from app.cli.terminal import ProgressBar, print_index_report, say


def run_index(args: argparse.Namespace) -> int:
    """``finlens index PATH...``: add files and folders (on a team library: as an appender)."""
    from app.core.ingest.indexing import index_paths

    library, embedder = open_active_library(args, writable=True)
    bar = ProgressBar()
    try:
        report = index_paths(args.paths, library, embedder, on_progress=bar, on_wait=say)
    except KeyboardInterrupt:
        bar.done()
        say("Interrupted: files finished so far are kept; run the same command again to resume.")
        return 130
    bar.done()
    return print_index_report(report)


def run_reindex(args: argparse.Namespace) -> int:
    """``finlens reindex``: rebuild the library folder with the chosen model (after a model change)."""
    from app.core.ingest.indexing import index_paths
    from app.core.library_opening import prepare_reindex
    from app.core.location import library_dir

    plan = prepare_reindex(library_dir(), args.model or "default", on_wait=say)
    if plan.backup is not None:
        print(f"Previous library kept at {plan.backup} until the next re-index.")
    for missing in plan.missing:
        print(f"skipped   {missing}: the file no longer exists.")
    bar = ProgressBar()
    report = index_paths(plan.paths, plan.library, plan.embedder, on_progress=bar, on_wait=say)
    bar.done()
    return print_index_report(report)


def run_docs(args: argparse.Namespace) -> int:
    """``finlens docs``: list the library's documents (and other paths holding the same content)."""
    library, _ = open_active_library(args, create=False)
    documents = library.list_documents()
    copies = library.all_copies()
    if args.json:
        print(json.dumps([{**d.to_dict(), "copies": copies.get(d.doc_id, [])} for d in documents], indent=2))
        return 0
    if not documents:
        print("The library is empty. Add files: finlens index PATH")
    for doc in documents:
        print(f"{doc.doc_id}  {doc.company[:28]:28} {doc.ticker:6} {doc.form_type:16} {doc.fiscal_period:12} "
              f"{doc.page_count:5}p  {Path(doc.path).name}")
        for copy in copies.get(doc.doc_id, []):
            print(f"{'':18}same content also at {copy}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """``finlens remove DOC_ID_OR_PATH...``: one write session for all targets; nothing is said removed before it
    is stored."""
    from app.core.store import LibraryError

    library, _ = open_active_library(args, create=False, maintenance=True)  # removing is a team library's upkeep
    status = 0
    lines = []
    try:
        with library.writing() as session:
            for target in args.targets:
                document = session.get_document(target) or \
                    session.find_by_path(str(Path(target).expanduser().resolve()))
                if document is None:
                    lines.append(f"Not in the library: {target}")
                    status = 1
                    continue
                session.remove_document(document.doc_id)
                lines.append(f"Removed {document.label} ({Path(document.path).name})")
            session.maintain()
    except LibraryError as error:
        print(f"Nothing was removed. finlens: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    if library.remote and library.writable:
        print("Desktops see this once it is published: finlens maintain --library URI.")
    return status


def run_maintain(args: argparse.Namespace) -> int:
    """``finlens maintain``: a team library's maintenance run (repair, indexes, compaction, publish)."""
    from datetime import timedelta

    library, _ = open_active_library(args, create=False, maintenance=True)
    if not library.remote:
        library.refresh_indexes()  # a local library has no published version: upkeep is all there is
        print(f"Maintained {library.folder}: indexes refreshed, tables compacted.")
        return 0
    versions = library.maintain(keep=timedelta(minutes=args.keep_minutes))
    published = library.published() or {}
    print(f"Published {library.folder}: {published.get('documents', '?')} documents, "
          f"{published.get('chunks', '?')} passages (documents version {versions['documents']}).")
    return 0
