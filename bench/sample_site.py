"""Shared by the in-process benchmarks: Django in test mode on a temporary data folder,
migrated, with the sample campaign loaded."""

from __future__ import annotations

import os
from typing import Any


def sample_site(data_dir: str, **environment: str) -> Any:
    """Set up Django (SQLite in `data_dir` unless DATABASE_URL says otherwise) and return
    the sample campaign."""
    os.environ["WRITEATHON_MODE"] = "test"
    os.environ["WRITEATHON_DATA_DIR"] = data_dir
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "writeathon.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from writeathon.campaigns.services import sample_campaign_load

    call_command("migrate", verbosity=0)
    return sample_campaign_load()
