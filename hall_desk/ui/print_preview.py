"""Preview and print the PDFs made by ``hall_desk.documents`` (receipt, refund slip, agreement).

Printing goes through QtPdf: each page is rendered to an image and painted onto the printer, so
what comes out of the printer is exactly what the preview showed, whatever the printer driver
makes of PDF. Two traps (see ARCHITECTURE.md): a rendered page is transparent, so white is filled
first; and ``QPdfView`` in a fit-to-width mode spins the CPU, so the preview is a scroll area of
plain page images.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageSize,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hall_desk.ui import style
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.screen import fit_to_screen

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
PREVIEW_DPI = 96.0
"""Preview scale: an A4 page is shown about 794 logical pixels wide, as on paper at 100 %."""
PRINT_DPI_CEILING = 300
"""Pages are rendered at the printer's resolution up to this (an A4 page at 300 dpi is ~35 MB;
at 1200 dpi it would be over 500 MB). Text at 300 dpi prints crisply on receipt and office
printers."""
PRINT_DPI_FLOOR = 150
"""Below this the "printer" is a screen-resolution device (e.g. Qt's PDF writer in its default
mode); rendering at the ceiling instead keeps the output sharp."""


class PrintError(Exception):
    """Printing failed; ``message`` is a Chinese sentence to show the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_LOAD_ERRORS = {
    QPdfDocument.Error.InvalidFileFormat: QT_TRANSLATE_NOOP("PrintPreview", "文件格式不正确"),
    QPdfDocument.Error.DataNotYetAvailable: QT_TRANSLATE_NOOP("PrintPreview", "数据不完整"),
    QPdfDocument.Error.IncorrectPassword: QT_TRANSLATE_NOOP("PrintPreview", "文档已加密"),
    QPdfDocument.Error.UnsupportedSecurityScheme: QT_TRANSLATE_NOOP("PrintPreview", "文档已加密"),
    QPdfDocument.Error.None_: QT_TRANSLATE_NOOP("PrintPreview", "文档没有页面"),
}


class _LoadedPdf:
    """A QPdfDocument over in-memory bytes; keeps the buffer alive as long as the document."""

    def __init__(self, pdf_bytes: bytes) -> None:
        self._data = QByteArray(pdf_bytes)
        self._buffer = QBuffer(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.page_count == 0:
            reason = _LOAD_ERRORS.get(self.document.error())
            reason = (
                translate("PrintPreview", reason)
                if reason
                else translate("PrintPreview", "无法解析")
            )
            self.close()
            raise PrintError(
                translate(
                    "PrintPreview", "文档无法读取（{reason}），未能打印。请重新生成后再试。"
                ).format(reason=reason)
            )

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def page_points(self, page: int) -> QSizeF:
        return self.document.pagePointSize(page)

    def render(self, page: int, size: QSize) -> QImage:
        """The page at ``size`` pixels, transparent where the page has no ink."""
        return self.document.render(page, size)

    def close(self) -> None:
        self.document.close()
        self._buffer.close()


def _pixels(points: float, dpi: float) -> int:
    return max(1, round(points * dpi / POINTS_PER_INCH))


def _render_dpi(printer_dpi: int) -> int:
    if printer_dpi < PRINT_DPI_FLOOR:
        return PRINT_DPI_CEILING
    return min(printer_dpi, PRINT_DPI_CEILING)


def _printer_label(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return translate("PrintPreview", "PDF 文件 {outputFileName}").format(
            outputFileName=printer.outputFileName()
        )
    return translate("PrintPreview", "打印机“{value}”").format(
        value=printer.printerName() or translate("PrintPreview", "默认打印机")
    )


def _check_printer(printer: QPrinter) -> None:
    if not printer.isValid():
        raise PrintError(
            translate(
                "PrintPreview",
                "{printer_label}不可用。请检查打印机是否已连接并开机，或选择其他打印机。",
            ).format(printer_label=_printer_label(printer))
        )
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not printer.outputFileName():
        raise PrintError(translate("PrintPreview", "未指定 PDF 文件的保存位置，未能打印。"))


def print_pdf(pdf_bytes: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf_bytes`` on ``printer``; return the number of pages printed.

    Each page keeps its own size (a receipt is not blown up to fill a sheet) unless it is larger
    than the printer's paper, then it is shrunk to fit; pages sit at the top, centred across.
    The printer is switched to full-page mode: the PDF has its own margins.
    Raises :class:`PrintError` (message in Chinese) when nothing or not everything was printed.
    """
    _check_printer(printer)
    pdf = _LoadedPdf(pdf_bytes)
    try:
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                translate(
                    "PrintPreview",
                    "无法开始打印：{printer_label}没有响应。请检查打印机是否已连接、开机、有纸，然后重试。",
                ).format(printer_label=_printer_label(printer))
            )
        try:
            _paint_pages(pdf, printer, painter)
        except BaseException:
            printer.abort()
            raise
        finally:
            painter.end()
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintError(
                translate(
                    "PrintPreview", "打印未完成：{printer_label}报告了错误。请检查后重试。"
                ).format(printer_label=_printer_label(printer))
            )
        log.info("printed %d page(s)", pdf.page_count)
        return pdf.page_count
    finally:
        pdf.close()


def _paint_pages(pdf: _LoadedPdf, printer: QPrinter, painter: QPainter) -> None:
    device_dpi = printer.resolution()
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    for page in range(pdf.page_count):
        if page and not printer.newPage():
            raise PrintError(
                translate("PrintPreview", "打印到第 {value} 页时失败，请检查打印机后重试。").format(
                    value=page + 1
                )
            )
        target = _page_target(pdf.page_points(page), device_dpi, paper.width(), paper.height())
        image = pdf.render(page, _image_size(pdf.page_points(page), target, device_dpi))
        painter.fillRect(target, QColor(style.PAPER))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, image)


def _page_target(points: QSizeF, dpi: int, paper_w: float, paper_h: float) -> QRectF:
    """Where a page goes on the paper, in device pixels: natural size, shrunk only to fit."""
    width = points.width() * dpi / POINTS_PER_INCH
    height = points.height() * dpi / POINTS_PER_INCH
    scale = min(1.0, paper_w / width, paper_h / height)
    width, height = width * scale, height * scale
    return QRectF((paper_w - width) / 2, 0, width, height)


def _image_size(points: QSizeF, target: QRectF, device_dpi: int) -> QSize:
    scale = target.width() / (points.width() * device_dpi / POINTS_PER_INCH)
    dpi = _render_dpi(device_dpi) * scale
    return QSize(_pixels(points.width(), dpi), _pixels(points.height(), dpi))


def match_page_size(printer: QPrinter, pdf_bytes: bytes) -> None:
    """Preselect the document's own paper (size of its first page) on ``printer``."""
    try:
        pdf = _LoadedPdf(pdf_bytes)
    except PrintError:
        return
    try:
        points = pdf.page_points(0)
        size = QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setPageSize(size)
    finally:
        pdf.close()


def render_preview_pages(pdf_bytes: bytes, device_pixel_ratio: float = 1.0) -> list[QPixmap]:
    """Every page as a white-backed pixmap at :data:`PREVIEW_DPI` (sharp on HiDPI screens)."""
    pdf = _LoadedPdf(pdf_bytes)
    try:
        return [
            _white_page(pdf, page, PREVIEW_DPI * device_pixel_ratio, device_pixel_ratio)
            for page in range(pdf.page_count)
        ]
    finally:
        pdf.close()


def _white_page(pdf: _LoadedPdf, page: int, dpi: float, ratio: float) -> QPixmap:
    points = pdf.page_points(page)
    size = QSize(_pixels(points.width(), dpi), _pixels(points.height(), dpi))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(style.PAPER))
    painter = QPainter(image)
    painter.drawImage(0, 0, pdf.render(page, size))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def suggested_file_name(title: str) -> str:
    """A file name from a window title: characters Windows forbids become ``_``."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("._") or translate("PrintPreview", "文档")
    return f"{name}.pdf"


@contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class PrintPreviewDialog(QDialog):
    """Shows a PDF's pages and prints or saves it. Esc closes, Ctrl+P prints.

    The ``ask_…`` methods wrap the modal Qt dialogs so tests (and callers) can replace them.
    """

    printed = Signal()

    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf = pdf_bytes
        self._title = title
        self._page_labels: list[QLabel] = []
        self.setWindowTitle(title)
        self.setObjectName("printPreviewDialog")

        self._status = QLabel()
        self._status.setObjectName("printStatus")
        self._print_button = QPushButton(translate("PrintPreview", "打印…"))
        self._print_button.setObjectName("printButton")
        self._print_button.setToolTip(translate("PrintPreview", "选择打印机并打印（Ctrl+P）"))
        self._save_button = QPushButton(translate("PrintPreview", "另存为PDF…"))
        self._save_button.setObjectName("saveButton")
        self._close_button = QPushButton(translate("PrintPreview", "关闭"))
        self._close_button.setObjectName("closeButton")
        self._close_button.setAutoDefault(False)
        self._save_button.setAutoDefault(False)
        self._print_button.setDefault(True)

        self._print_button.clicked.connect(self.print_document)
        self._save_button.clicked.connect(self.save_document)
        self._close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_pages())
        layout.addLayout(self._build_buttons())
        self._fit_window()

    @property
    def pdf(self) -> bytes:
        """The document being previewed, exactly as it will be printed or saved."""
        return self._pdf

    # --- building -------------------------------------------------------------------------------

    def _build_pages(self) -> QScrollArea:
        area = QScrollArea()
        area.setObjectName("pagesArea")
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        area.setStyleSheet(
            f"QScrollArea#pagesArea, #pagesContainer {{ background: {style.PREVIEW_BACKDROP}; }}"
        )
        container = QWidget()
        container.setObjectName("pagesContainer")
        column = QVBoxLayout(container)
        column.setSpacing(16)
        column.setContentsMargins(16, 16, 16, 16)
        try:
            with _busy():
                pixmaps = render_preview_pages(self._pdf, self.devicePixelRatioF())
        except PrintError as error:
            pixmaps = []
            self._show_unloadable(column, error.message)
        for number, pixmap in enumerate(pixmaps, start=1):
            label = QLabel()
            label.setObjectName(f"page-{number}")
            label.setPixmap(pixmap)
            label.setFrameShape(QFrame.Shape.Box)
            label.setStyleSheet(
                f"QLabel {{ border: 1px solid {style.PREVIEW_PAGE_BORDER};"
                f" background: {style.PAPER}; }}"
            )
            label.setAccessibleName(
                translate("PrintPreview", "第 {number} 页").format(number=number)
            )
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self._page_labels.append(label)
        column.addStretch(1)
        area.setWidget(container)
        if pixmaps:
            self._status.setText(translate("PrintPreview", "共 {len} 页").format(len=len(pixmaps)))
        return area

    def _show_unloadable(self, column: QVBoxLayout, message: str) -> None:
        notice = QLabel(
            translate("PrintPreview", "无法显示预览：{message}").format(message=message)
        )
        notice.setObjectName("previewError")
        notice.setWordWrap(True)
        notice.setStyleSheet(
            f"QLabel {{ color: {style.ON_STRONG}; font-size: {style.EMPHASIS_PX}px; }}"
        )
        column.addWidget(notice)
        self._print_button.setEnabled(False)
        self._save_button.setEnabled(False)

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self._status, 1)
        for button in (self._print_button, self._save_button, self._close_button):
            row.addWidget(button)
        return row

    def _fit_window(self) -> None:
        widest = max(
            (label.pixmap().deviceIndependentSize().width() for label in self._page_labels),
            default=600,
        )
        width = int(widest) + 80
        height = 900
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width())
            height = min(height, int(available.height() * 0.9))
        fit_to_screen(self, max(width, 420), height)

    # --- state for callers and tests ------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return len(self._page_labels)

    def page_labels(self) -> list[QLabel]:
        return list(self._page_labels)

    # --- actions --------------------------------------------------------------------------------

    def print_document(self) -> bool:
        """Ask for a printer and print; on failure offer 重试 until it works or the clerk stops.

        Returns whether the document was printed. The dialog stays open either way.
        """
        if not self._print_button.isEnabled():
            return False
        printer = self.ask_printer()
        if printer is None:
            return False
        while True:
            try:
                with _busy():
                    pages = print_pdf(self._pdf, printer)
            except PrintError as error:
                log.warning("printing failed: %s", error.message)
                self._status.setText(translate("PrintPreview", "打印失败"))
                if self.ask_retry(error.message):
                    continue
                return False
            self._status.setText(
                translate("PrintPreview", "已发送 {pages} 页到打印机").format(pages=pages)
            )
            self.printed.emit()
            return True

    def save_document(self) -> bool:
        """Ask where to save and write the PDF; returns whether it was saved."""
        if not self._save_button.isEnabled():
            return False
        path = self.ask_save_path()
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            target.write_bytes(self._pdf)
        except OSError as error:
            self.show_error(
                translate("PrintPreview", "无法保存到 {target}：{value}").format(
                    target=target, value=error.strerror or error
                )
            )
            return False
        self._status.setText(translate("PrintPreview", "已保存：{name}").format(name=target.name))
        return True

    # --- the modal questions (override or patch in tests) ---------------------------------------

    def ask_printer(self) -> QPrinter | None:
        """The system print dialog, with the document's paper size preselected."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        match_page_size(printer, self._pdf)
        printer.setDocName(self._title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(translate("PrintPreview", "打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def suggested_name(self) -> str:
        """The file name offered by 另存为PDF: the document's own title, which carries its number
        (投诉受理回执 HA01-…, 退费单 …), so a second save does not overwrite the first (issue 19);
        the window title when the document has none."""
        try:
            loaded = _LoadedPdf(self._pdf)
        except PrintError:
            return suggested_file_name(self._title)
        try:
            title = str(loaded.document.metaData(QPdfDocument.MetaDataField.Title) or "")
        finally:
            loaded.close()
        return suggested_file_name(title if title.strip() else self._title)

    def ask_save_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("PrintPreview", "另存为PDF"),
            self.suggested_name(),
            translate("PrintPreview", "PDF 文件 (*.pdf)"),
        )
        return path or None

    def ask_retry(self, message: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Critical, translate("PrintPreview", "打印失败"), message, parent=self
        )
        retry = box.addButton(translate("PrintPreview", "重试"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("PrintPreview", "取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)
        box.exec()
        return box.clickedButton() is retry

    def show_error(self, message: str) -> None:
        QMessageBox.critical(self, translate("PrintPreview", "出错了"), message)
