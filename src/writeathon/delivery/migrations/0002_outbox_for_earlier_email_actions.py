"""Email actions confirmed before the outbox existed were counted but never sent:
put them in the outbox, exactly as confirming them now would."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Target = apps.get_model("campaigns", "Target")
    Delivery = apps.get_model("delivery", "Delivery")
    now = timezone.now()
    targets_by_case = {}
    actions = (
        Action.objects.filter(channel="email", status="confirmed", deliveries__isnull=True)
        .select_related("supporter", "case")
        .iterator(chunk_size=1000)
    )
    batch = []
    for action in actions:
        if action.case_id not in targets_by_case:
            targets_by_case[action.case_id] = list(Target.objects.filter(case_id=action.case_id))
        email = (action.supporter.email or "") if action.supporter_id else ""
        for target in targets_by_case[action.case_id]:
            if not target.email.strip():
                continue
            digest = target.email_policy == "digest"
            batch.append(
                Delivery(
                    idempotency_key=f"action:{action.pk}:target:{target.pk}:email",
                    kind="letter",
                    channel="email",
                    campaign_id=action.campaign_id,
                    case_id=action.case_id,
                    action_id=action.pk,
                    target_id=target.pk,
                    recipient=target.email.strip(),
                    payload={
                        "language": action.language,
                        "subject": action.subject,
                        "body": action.body,
                        "signer_name": action.signer_name,
                        "signer_country": str(action.country or ""),
                        "reply_to": email,
                        "copy_to": email if action.copy_to_supporter else "",
                        "case_name": action.case.name,
                        "target_name": target.name,
                        "target_title": target.title,
                        "target_address": target.postal_address,
                        "target_language": target.language,
                    },
                    status="queued",
                    awaits_digest=digest,
                    next_try_at=None if digest else now,
                )
            )
        if len(batch) >= 1000:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
