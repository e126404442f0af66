"""hall_desk: counter software for a telecom service hall (营业厅)."""

__version__ = "0.1.0"
