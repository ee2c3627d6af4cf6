from django.db import migrations


class Migration(migrations.Migration):
    """Joins two independent changes: the one-use confirmation value and the canonical
    address built from the parsed address."""

    dependencies = [
        ("supporters", "0007_supporter_confirmation_nonce"),
        ("supporters", "0007_supporter_email_canonical_parsed"),
    ]

    operations: list[migrations.operations.base.Operation] = []
