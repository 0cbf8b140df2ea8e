"""Generate the FinLens app icon: the SVG source and the PNG, ICO and ICNS files the installers need.

The SVG is written from the drawing below; every raster size is rendered from it with Qt's SVG renderer (offscreen,
so no display is needed). ICO and ICNS files are written directly: both formats may hold PNG images, so no image
library beyond Qt is needed.

Run from the repository root after changing the drawing::

    python packaging/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"

# A magnifying lens over a rising bar chart on a navy-to-teal rounded square: "search your financials".
SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>FinLens</title>
  <defs>
    <linearGradient id="background" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1E3A8A"/>
      <stop offset="1" stop-color="#0F766E"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="52" ry="52" fill="url(#background)"/>
  <g fill="#FBBF24">
    <rect x="84" y="126" width="16" height="20" rx="3" ry="3"/>
    <rect x="104" y="108" width="16" height="38" rx="3" ry="3"/>
    <rect x="124" y="88" width="16" height="58" rx="3" ry="3"/>
  </g>
  <circle cx="112" cy="116" r="58" fill="none" stroke="#FFFFFF" stroke-width="16"/>
  <line x1="156" y1="160" x2="200" y2="204" stroke="#FFFFFF" stroke-width="24" stroke-linecap="round"/>
</svg>
"""

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render_png(svg: bytes, size: int) -> bytes:
    """Render the SVG to a square PNG of ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the icon SVG is not valid")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 6.12 wants str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        dimension = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file holding PNG elements (supported since OS X 10.7)."""
    body = b"".join(ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png for size, png in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write ``finlens.svg``, ``finlens.png`` (256 px), ``finlens.ico`` and ``finlens.icns``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])  # QPainter on a QImage needs a GUI application for fonts and styles
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = SVG.encode()
    (ICONS / "finlens.svg").write_bytes(svg)
    pngs = {size: render_png(svg, size) for size in sorted(set(ICO_SIZES) | set(ICNS_TYPES))}
    (ICONS / "finlens.png").write_bytes(pngs[256])
    (ICONS / "finlens.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    (ICONS / "finlens.icns").write_bytes(icns_bytes({size: pngs[size] for size in ICNS_TYPES}))
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
