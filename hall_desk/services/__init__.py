"""One function per user action; each is one transaction and validates through the domain. No Qt.

Nothing is wired on import: the app and the CLI call :func:`hall_desk.services.keys.wire_keys` once
at start-up, so that importing a service loads no keyring.
"""
