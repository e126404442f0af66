"""Printed documents (ReportLab, no Qt): the complaint receipt, later the refund slip and the
transfer agreement. Every module here returns finished PDF bytes; printing and previewing them is
the UI's job (``hall_desk.ui.print_preview``)."""
