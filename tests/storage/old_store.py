"""A store as schema 18 wrote it, before compact events (issue 22 goal 5): what the conversion test
(``test_compact_events.py``) and the conversion benchmark (``benchmarks/bench_convert.py``) start
from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hall_desk.storage import compact, schema

OLD_VERSION = schema.MIGRATIONS.index(schema._compact_events)  # the schema before the step


def as_old_store(path: Path) -> None:
    """Turn the closed store at ``path`` into what schema 18 wrote: payloads as their JSON text,
    no ``entity`` column, no dictionary, the ``json_extract`` entity index, none of the later
    steps' tables."""
    conn = sqlite3.connect(path)
    compact.register_functions(conn)
    conn.create_function("hex_digest", 1, compact.digest_text)
    conn.executescript(
        "DROP TRIGGER event_append_only_update;"
        "UPDATE event SET payload = event_payload(payload), prev = hex_digest(prev),"
        " hash = hex_digest(hash);"
        "DROP INDEX event_entity_key;"
        "ALTER TABLE event DROP COLUMN entity;"
        "DROP TABLE payload_dictionary;"
        "CREATE INDEX event_entity ON event (json_extract(payload, '$.id'));"
        f"{schema.RETENTION_APPEND_ONLY};"
        # the steps after it (dash22's daily figures and owner bigrams) run again too
        "DROP TRIGGER complaint_day_figure_insert;"
        "DROP TRIGGER complaint_day_figure_update;"
        "DROP TABLE complaint_day_figure;"
        "DROP TRIGGER complaint_owner_bigram_key;"
        "DROP TRIGGER complaint_owner_bigram_text;"
        "DROP TRIGGER complaint_owner_bigram_delete;"
        "DROP TABLE complaint_owner_bigram;"
        f"PRAGMA user_version = {OLD_VERSION};"
    )
    conn.close()
    compact.forget()  # the store's dictionaries are gone from the file
