"""Local store: SQLite through peewee. The only package that talks SQL."""
