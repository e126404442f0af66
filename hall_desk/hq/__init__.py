"""The head-office intake service (``hall-desk-hq``): a separate process that receives every desk's
events, stores each well-formed envelope exactly once, checks each desk's ``seq`` and hash chain, and
applies the payloads to head office's own tables (ARCHITECTURE.md, "Desks, halls and the event log").

- ``apply``  which event types head office understands, and what a payload must hold (pure Python).
- ``store``  head office's database (SQLite or PostgreSQL), every line of SQL: a package, one module
  per concern (connections, schema, desks, intake, decisions, files, key escrow, read models).
- ``app``    the HTTP face (Starlette), protocol v1 of :mod:`hall_desk.sync.protocol`.
- ``json_body``  request bodies as JSON: depth limited before anything recurses, no NaN/Infinity.
- ``cli``    ``hall-desk-hq serve | add-hall | add-desk | revoke-desk | status | add-operator …``.

No Qt, no keyring, none of the desk's store or services (import-linter checks it).
"""
