"""The document reader: PDF pages rendered with PyMuPDF, the cited passage highlighted exactly where it is.

The reader is a shell (:mod:`.document_reader`) over four parts, each in its own module:

- :mod:`.canvas`: the pages of one PDF, rendered lazily on the GUI thread, with highlights and find matches drawn on
  top; :class:`~.canvas.PdfDocuments` keeps the few PDFs the reader has open;
- :mod:`.thumbnails`: the page strip beside them, with markers on pages that hold results;
- :mod:`.find`: the find row, searching a PDF a few pages per event-loop turn, or the text view;
- :mod:`.text_view`: HTML and text documents, which have no page geometry, as passages with the cited one
  highlighted.

Other code imports :class:`DocumentReader` (and the constants it needs) from here.
"""

from app.ui.reader.canvas import PageCanvas, PdfDocuments, is_pdf, render_page
from app.ui.reader.document_reader import DocumentReader
from app.ui.reader.find import FIND_BATCH_PAGES, FindBar
from app.ui.reader.text_view import PassageView
from app.ui.reader.thumbnails import PageStrip

__all__ = ["FIND_BATCH_PAGES", "DocumentReader", "FindBar", "PageCanvas", "PageStrip", "PassageView", "PdfDocuments",
           "is_pdf", "render_page"]
