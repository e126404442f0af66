"""Offline sync (ARCHITECTURE.md, "Offline sync"): the desk's event log uploaded to head office.

``protocol`` is the wire format, shared with ``hall_desk.hq``; no Qt anywhere in this package.
"""
