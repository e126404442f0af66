"""Printed documents (ReportLab, no Qt): the complaint receipt, the refund slip and the transfer
(过户) documents. Every module here returns finished PDF bytes; printing and previewing them is
the UI's job (``hall_desk.ui.print_preview``). ``certify`` adds and checks the hall's PAdES
certification of the transfer documents (pyHanko, imported when first used)."""
