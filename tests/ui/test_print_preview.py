"""Printing and previewing our own PDFs, through a real QPrinter writing a PDF file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hall_desk.documents.receipt import Paper, render_receipt
from hall_desk.services.preferences import CHINESE
from hall_desk.ui import i18n
from hall_desk.ui.print_preview import (
    PrintError,
    PrintPreviewDialog,
    match_page_size,
    print_pdf,
    suggested_file_name,
)
from tests.documents.pdftools import page_count, page_sizes, pdf_text, render_png, squeeze
from tests.documents.samples import NUMBER, SAMPLE_RECEIPT

DATA = SAMPLE_RECEIPT


@pytest.fixture(scope="module")
def one_page() -> bytes:
    return render_receipt(DATA, Paper.A4)


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    pdf = render_receipt(replace(DATA, summary="信号弱，通话中断，上网缓慢。" * 120), Paper.A4)
    assert page_count(pdf) == 2
    return pdf


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def failing_printer(tmp_path: Path) -> QPrinter:
    """A valid PDF printer whose output cannot be opened, so QPainter.begin fails."""
    return pdf_printer(tmp_path / "no-such-folder" / "out.pdf")


class InvalidPrinter(QPrinter):
    """Stands for a printer that is gone (unplugged, removed from the system)."""

    def isValid(self) -> bool:
        return False


# --- print_pdf -----------------------------------------------------------------------------------


def test_print_pdf_writes_every_page(qtbot: QtBot, tmp_path: Path, two_pages: bytes) -> None:
    out = tmp_path / "printed.pdf"
    assert print_pdf(two_pages, pdf_printer(out)) == 2
    printed = out.read_bytes()
    assert len(printed) > 20_000
    assert page_count(printed) == 2
    # The pages are printed as images (what the preview shows is what comes out): no text layer.
    assert squeeze(pdf_text(printed)) == ""


def test_printed_page_is_white_paper_with_dark_ink(
    qtbot: QtBot, tmp_path: Path, one_page: bytes
) -> None:
    out = tmp_path / "printed.pdf"
    print_pdf(one_page, pdf_printer(out))
    (png,) = render_png(out.read_bytes(), tmp_path / "png", dpi=40)
    image = QImage(str(png))
    corner = image.pixelColor(5, 5)
    assert corner.lightness() > 250, "page background must be white, not transparent/black"
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 200, "no ink printed"


def test_a4_page_keeps_its_size_on_a4_paper(qtbot: QtBot, tmp_path: Path, one_page: bytes) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    print_pdf(one_page, printer)
    ((width, height),) = page_sizes(out.read_bytes())
    assert (width, height) == pytest.approx(page_sizes(one_page)[0], abs=2)


def test_invalid_printer_raises_print_error(qtbot: QtBot, one_page: bytes) -> None:
    with pytest.raises(PrintError, match="不可用") as caught:
        print_pdf(one_page, InvalidPrinter())
    assert "打印机" in caught.value.message


def test_pdf_printer_without_file_raises_print_error(qtbot: QtBot, one_page: bytes) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    with pytest.raises(PrintError, match="未指定"):
        print_pdf(one_page, printer)


@pytest.mark.qt_log_ignore(r"QPainter::begin")
def test_begin_failure_raises_print_error(qtbot: QtBot, tmp_path: Path, one_page: bytes) -> None:
    with pytest.raises(PrintError, match="无法开始打印"):
        print_pdf(one_page, failing_printer(tmp_path))


def test_unreadable_pdf_raises_print_error(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    with pytest.raises(PrintError, match="文档无法读取"):
        print_pdf(b"%PDF-1.4 this is not really a pdf", pdf_printer(out))
    assert not out.exists()


# --- the dialog ----------------------------------------------------------------------------------


def make_dialog(qtbot: QtBot, pdf: bytes) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf, f"投诉受理回执 {NUMBER}")
    qtbot.addWidget(dialog)
    return dialog


def show(qtbot: QtBot, dialog: PrintPreviewDialog) -> None:
    with qtbot.waitExposed(dialog):
        dialog.show()


def show_active(qtbot: QtBot, dialog: PrintPreviewDialog) -> None:
    """Shown and active: window shortcuts (Ctrl+P) only reach the active window."""
    show(qtbot, dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()


def button(dialog: PrintPreviewDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_dialog_shows_one_label_per_page(qtbot: QtBot, two_pages: bytes) -> None:
    dialog = make_dialog(qtbot, two_pages)
    show(qtbot, dialog)
    labels = dialog.page_labels()
    assert dialog.page_count == 2 and len(labels) == 2
    for label in labels:
        size = label.pixmap().deviceIndependentSize()
        assert 780 <= size.width() <= 800  # A4 at 96 dpi
        assert size.height() > size.width()
    assert dialog.windowTitle() == f"投诉受理回执 {NUMBER}"
    assert "共 2 页" in dialog.findChild(QLabel, "printStatus").text()


def test_preview_pages_are_white_not_transparent(qtbot: QtBot, one_page: bytes) -> None:
    dialog = make_dialog(qtbot, one_page)
    image = dialog.page_labels()[0].pixmap().toImage()
    assert image.pixelColor(3, 3).lightness() == 255
    assert image.pixelColor(3, 3).alpha() == 255


def test_roll_receipt_previews_narrow(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, render_receipt(DATA, Paper.ROLL_80MM))
    (label,) = dialog.page_labels()
    assert 295 <= label.pixmap().deviceIndependentSize().width() <= 310  # 80 mm at 96 dpi


def test_unreadable_pdf_shows_a_message_and_disables_printing(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, b"garbage")
    assert dialog.page_count == 0
    assert not button(dialog, "printButton").isEnabled()
    assert dialog.print_document() is False


def test_print_button_prints_and_emits_printed(
    qtbot: QtBot, tmp_path: Path, two_pages: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, two_pages)
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(dialog, "ask_printer", lambda: pdf_printer(out))
    monkeypatch.setattr(dialog, "ask_retry", lambda message: pytest.fail(message))
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        qtbot.mouseClick(button(dialog, "printButton"), Qt.MouseButton.LeftButton)
    assert page_count(out.read_bytes()) == 2


def test_ctrl_p_prints(
    qtbot: QtBot, tmp_path: Path, one_page: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, one_page)
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(dialog, "ask_printer", lambda: pdf_printer(out))
    show_active(qtbot, dialog)
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.exists()
    assert dialog.isVisible()


def test_cancelled_printer_choice_prints_nothing(qtbot: QtBot, one_page: bytes) -> None:
    dialog = make_dialog(qtbot, one_page)
    dialog.ask_printer = lambda: None  # type: ignore[method-assign]
    with qtbot.assertNotEmitted(dialog.printed):
        assert dialog.print_document() is False


@pytest.mark.qt_log_ignore(r"QPainter::begin")
def test_failed_print_offers_retry_and_keeps_dialog_open(
    qtbot: QtBot, tmp_path: Path, one_page: bytes
) -> None:
    dialog = make_dialog(qtbot, one_page)
    show(qtbot, dialog)
    dialog.ask_printer = lambda: failing_printer(tmp_path)  # type: ignore[method-assign]
    asked: list[str] = []

    def decline(message: str) -> bool:
        asked.append(message)
        return False

    dialog.ask_retry = decline  # type: ignore[method-assign]
    with qtbot.assertNotEmitted(dialog.printed):
        assert dialog.print_document() is False
    assert len(asked) == 1 and "无法开始打印" in asked[0]
    assert dialog.isVisible()


@pytest.mark.qt_log_ignore(r"QPainter::begin")
def test_retry_prints_once_the_printer_is_back(
    qtbot: QtBot, tmp_path: Path, one_page: bytes
) -> None:
    dialog = make_dialog(qtbot, one_page)
    printer = failing_printer(tmp_path)
    dialog.ask_printer = lambda: printer  # type: ignore[method-assign]
    out = tmp_path / "later.pdf"

    def fix_and_retry(message: str) -> bool:
        printer.setOutputFileName(str(out))  # the clerk reconnected the printer
        return True

    dialog.ask_retry = fix_and_retry  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        assert dialog.print_document() is True
    assert page_count(out.read_bytes()) == 1


def test_save_as_pdf_writes_the_exact_bytes(qtbot: QtBot, tmp_path: Path, one_page: bytes) -> None:
    dialog = make_dialog(qtbot, one_page)
    target = tmp_path / "回执"
    dialog.ask_save_path = lambda: str(target)  # type: ignore[method-assign]
    qtbot.mouseClick(button(dialog, "saveButton"), Qt.MouseButton.LeftButton)
    assert (tmp_path / "回执.pdf").read_bytes() == one_page


def test_save_failure_is_reported(qtbot: QtBot, tmp_path: Path, one_page: bytes) -> None:
    dialog = make_dialog(qtbot, one_page)
    dialog.ask_save_path = lambda: str(tmp_path / "missing" / "x.pdf")  # type: ignore[method-assign]
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    assert dialog.save_document() is False
    assert errors and "无法保存" in errors[0]


def test_escape_closes(qtbot: QtBot, one_page: bytes) -> None:
    dialog = make_dialog(qtbot, one_page)
    show(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_suggested_file_name_is_safe() -> None:
    assert suggested_file_name(f"投诉受理回执 {NUMBER}") == f"投诉受理回执_{NUMBER}.pdf"
    assert suggested_file_name('a/b:c*?"<>|') == "a_b_c.pdf"
    assert suggested_file_name("...") == "文档.pdf"


def test_grab_for_review(qtbot: QtBot, two_pages: bytes) -> None:
    """Renders the dialog; a human reviewer can save this grab to look at it."""
    dialog = make_dialog(qtbot, two_pages)
    show(qtbot, dialog)
    grabbed = dialog.grab()
    assert not grabbed.isNull() and grabbed.width() >= 420


def test_printer_paper_is_preselected_from_the_document(qtbot: QtBot, one_page: bytes) -> None:
    printer = QPrinter()
    match_page_size(printer, one_page)
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    match_page_size(printer, render_receipt(DATA, Paper.ROLL_80MM))
    width_mm = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter).width()
    assert width_mm == pytest.approx(80, abs=0.5)


def test_the_suggested_name_carries_the_document_number(qtbot: QtBot, one_page: bytes) -> None:
    """Issue 19: 投诉受理回执.pdf for every receipt, so each save overwrote the last; the name now
    comes from the document's own title, which carries its number."""
    dialog = make_dialog(qtbot, one_page)
    assert dialog.windowTitle().startswith("投诉受理回执")
    assert dialog.suggested_name() == f"投诉受理回执_{NUMBER}.pdf"


def test_the_file_dialog_speaks_chinese_in_the_chinese_ui(qapp: QApplication) -> None:
    """Issue 19: the 另存为PDF dialog said "Look in:" / "Files of type:" in the Chinese UI; Qt's
    own catalogue (qtbase_zh_CN.qm, shipped inside PySide6) is loaded with the Chinese UI."""
    i18n.install(CHINESE)
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        # the desk's own texts, with a mnemonic or not, are left as they are (not blanked)
        assert QCoreApplication.translate("IntakeForm", "客户号码(&H)") == "客户号码(&H)"
        assert QCoreApplication.translate("IntakeForm", "标记") == "标记"
        assert QCoreApplication.translate("QFileDialog", "no & such text") == "no & such text"
        dialog = QFileDialog(None, "另存为PDF")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts, texts
        assert not any(text.isascii() for text in texts), texts
        dialog.deleteLater()
    finally:
        i18n.uninstall()
