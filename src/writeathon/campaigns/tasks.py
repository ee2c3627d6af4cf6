"""Background jobs of campaigns. Each takes ids and calls a service."""

from __future__ import annotations

from django_tasks import task


@task()
def campaign_import_task(*, import_id: int) -> None:
    """Import a confirmed file of cases or officials (campaign_import_run)."""
    from writeathon.campaigns.services import campaign_import_run

    campaign_import_run(import_id=import_id)
