"""A real database outage for a test: the connection points where no database answers.

On SQLite the database file is looked for in a folder that does not exist, on PostgreSQL
at a port where nothing listens; every query then fails in the driver, as in an outage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

from tests.conftest import free_port


@contextmanager
def database_unreachable(tmp_path: Path) -> Iterator[None]:
    """Within the block, the default database cannot be reached; afterwards it is back."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "gone.sqlite3")
    else:
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
