"""A small set of line icons drawn with QPainter in the theme's text colour.

Drawing them keeps the bundle free of icon assets and makes them follow light/dark mode; the shapes are simple
strokes on a 20×20 grid (round caps, 1.6 px), in the style of modern outline icon sets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from app.ui.theme import colors

_Draw = Callable[[QPainter], None]


def _path(*points: tuple[float, float]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for point in points[1:]:
        path.lineTo(QPointF(*point))
    return path


def _search(p: QPainter) -> None:
    p.drawEllipse(QRectF(3.5, 3.5, 9.5, 9.5))
    p.drawLine(QPointF(11.8, 11.8), QPointF(16.5, 16.5))


def _chevron(direction: str) -> _Draw:
    shapes = {"left": ((12, 4.5), (6.5, 10), (12, 15.5)), "right": ((8, 4.5), (13.5, 10), (8, 15.5)),
              "up": ((4.5, 12.5), (10, 7), (15.5, 12.5)), "down": ((4.5, 7.5), (10, 13), (15.5, 7.5))}
    return lambda p: p.drawPath(_path(*shapes[direction]))


def _plus(p: QPainter) -> None:
    p.drawLine(QPointF(10, 4.5), QPointF(10, 15.5))
    p.drawLine(QPointF(4.5, 10), QPointF(15.5, 10))


def _minus(p: QPainter) -> None:
    p.drawLine(QPointF(4.5, 10), QPointF(15.5, 10))


def _fit_width(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(3, 4, 14, 12), 1.5, 1.5)
    p.drawPath(_path((6, 8), (4.8, 10), (6, 12)))
    p.drawPath(_path((14, 8), (15.2, 10), (14, 12)))
    p.drawLine(QPointF(5.2, 10), QPointF(14.8, 10))


def _external(p: QPainter) -> None:
    p.drawPath(_path((9, 4.5), (4.5, 4.5), (4.5, 15.5), (15.5, 15.5), (15.5, 11)))
    p.drawPath(_path((11.5, 4), (16, 4), (16, 8.5)))
    p.drawLine(QPointF(16, 4), QPointF(9.5, 10.5))


def _file(p: QPainter) -> None:
    p.drawPath(_path((11.5, 3), (5, 3), (5, 17), (15, 17), (15, 6.5), (11.5, 3), (11.5, 6.5), (15, 6.5)))


def _folder(p: QPainter) -> None:
    p.drawPath(_path((3, 15.5), (3, 5), (8, 5), (9.5, 7), (17, 7), (17, 15.5), (3, 15.5)))


def _trash(p: QPainter) -> None:
    p.drawLine(QPointF(4, 6), QPointF(16, 6))
    p.drawPath(_path((8, 6), (8, 4), (12, 4), (12, 6)))
    p.drawPath(_path((5.5, 6), (6.5, 16.5), (13.5, 16.5), (14.5, 6)))


def _gear(p: QPainter) -> None:
    p.drawEllipse(QRectF(7.5, 7.5, 5, 5))
    for angle in range(0, 360, 45):
        p.save()
        p.translate(10, 10)
        p.rotate(angle)
        p.drawLine(QPointF(0, -5.2), QPointF(0, -7.2))
        p.restore()
    p.drawEllipse(QRectF(4.8, 4.8, 10.4, 10.4))


def _close(p: QPainter) -> None:
    p.drawLine(QPointF(5.5, 5.5), QPointF(14.5, 14.5))
    p.drawLine(QPointF(14.5, 5.5), QPointF(5.5, 14.5))


def _sparkle(p: QPainter) -> None:
    p.drawPath(_path((10, 3), (11.6, 8.4), (17, 10), (11.6, 11.6), (10, 17), (8.4, 11.6), (3, 10), (8.4, 8.4),
                     (10, 3)))


def _library(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(3.5, 4, 3.5, 12), 0.8, 0.8)
    p.drawRoundedRect(QRectF(8.2, 4, 3.5, 12), 0.8, 0.8)
    p.drawPath(_path((13.2, 5), (16.6, 4.2), (18.2, 15.2), (14.8, 16)))


_SHAPES: dict[str, _Draw] = {
    "search": _search, "previous": _chevron("left"), "next": _chevron("right"), "up": _chevron("up"),
    "down": _chevron("down"), "zoom-in": _plus, "zoom-out": _minus, "fit-width": _fit_width, "external": _external,
    "file": _file, "folder": _folder, "remove": _trash, "settings": _gear, "close": _close, "ask": _sparkle,
    "library": _library,
}


def icon(name: str, color: str | None = None, size: int = 20) -> QIcon:
    """A themed line icon by name (see ``_SHAPES``)."""
    draw = _SHAPES[name]
    result = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size * scale / 20, size * scale / 20)
        pen = QPen(QColor(color or colors().text), 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        draw(painter)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        result.addPixmap(pixmap)
    return result


_ICON_PROPERTY = "finlensIcon"


def apply_icon(target: QObject, name: str, color_role: str = "text") -> None:
    """Give a button or action a themed icon that :func:`refresh_icons` redraws when the theme changes.

    Args:
        target: a ``QAbstractButton`` or ``QAction``.
        name: the icon (see ``_SHAPES``).
        color_role: a :class:`app.ui.theme.Colors` field ("text", "muted", "danger", "accent"...).
    """
    target.setProperty(_ICON_PROPERTY, f"{name}:{color_role}")
    target.setIcon(icon(name, getattr(colors(), color_role)))  # type: ignore[attr-defined]


def refresh_icons(root: QObject) -> None:
    """Redraw every themed icon under ``root`` in the current theme's colours."""
    for child in [root, *root.findChildren(QObject)]:
        spec = child.property(_ICON_PROPERTY)
        if isinstance(spec, str) and ":" in spec and hasattr(child, "setIcon"):
            name, role = spec.split(":", 1)
            child.setIcon(icon(name, getattr(colors(), role)))
