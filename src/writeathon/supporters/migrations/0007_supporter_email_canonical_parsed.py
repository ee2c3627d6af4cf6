"""Each supporter's canonical address again, now read from the parsed address.

The form stored by 0005 kept quotes, escapes and comments of the local part and one of the
two spellings of an international domain: '"jdoe"@gmail.com', '"j\\doe"@gmail.com' and
"jdoe@gmail.com" were three supporters, "amira@bücher.example" and
"amira@xn--bcher-kva.example" two. Every stored row is recomputed.

Rows that now share a canonical form are left as they are, both with their actions and
consents: the field is not unique, new submissions find the oldest of them (as after 0005),
and merging people is left to staff, not to a migration. Backwards, the old form is
restored.
"""

import unicodedata
from email.headerregistry import Address

import idna
from django.db import migrations

# A copy of writeathon.supporters.services.email_canonical as it is when this migration is
# written: migrations import no app code, so that they keep working when it changes.
_PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "outlook.fr",
        "hotmail.fr",
        "live.fr",
        "outlook.es",
        "hotmail.es",
        "outlook.de",
        "hotmail.de",
        "outlook.it",
        "hotmail.it",
        "hotmail.co.uk",
        "live.co.uk",
        "fastmail.com",
        "fastmail.fm",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
    }
)
_DOTLESS_DOMAINS = frozenset({"gmail.com"})
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}
_BATCH = 1000


def _domain(domain):
    domain = domain.strip().lower()
    if domain.startswith("["):
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii").rstrip(".")
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain.rstrip(".")


def _parts(email):
    try:
        address = Address(addr_spec=email)
    except Exception:  # the stdlib parser fails in many ways on malformed input
        return None
    if not address.username or not address.domain:
        return None
    return address.username, address.domain


def _canonical(email):
    email = email.strip().lower()
    parts = _parts(email)
    if parts is None:
        local, at, domain = email.rpartition("@")
        if not at or not local:
            return email
    else:
        local, domain = parts
    local = unicodedata.normalize("NFC", local).lower()
    domain = _domain(domain)
    domain = _DOMAIN_ALIASES.get(domain, domain)
    mailbox = local
    if domain in _PLUS_TAG_DOMAINS:
        mailbox = mailbox.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        mailbox = mailbox.replace(".", "")
    return f"{mailbox or local}@{domain}"


# The form of 0005, for going back.
def _canonical_before(email):
    email = email.strip().lower()
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return email
    domain = _DOMAIN_ALIASES.get(domain, domain)
    mailbox = local
    if domain in _PLUS_TAG_DOMAINS:
        mailbox = mailbox.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        mailbox = mailbox.replace(".", "")
    return f"{mailbox or local}@{domain}"


def _fill(apps, form):
    Supporter = apps.get_model("supporters", "Supporter")
    last_pk = 0
    while True:
        batch = list(
            Supporter.objects.filter(pk__gt=last_pk, email__isnull=False)
            .order_by("pk")
            .only("pk", "email", "email_canonical")[:_BATCH]
        )
        if not batch:
            return
        changed = []
        for supporter in batch:
            canonical = form(supporter.email)
            if canonical != supporter.email_canonical:
                supporter.email_canonical = canonical
                changed.append(supporter)
        Supporter.objects.bulk_update(changed, ["email_canonical"])
        last_pk = batch[-1].pk


def recompute_canonical(apps, schema_editor):
    _fill(apps, _canonical)


def restore_canonical(apps, schema_editor):
    _fill(apps, _canonical_before)


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0006_supporter_section"),
    ]

    operations = [
        migrations.RunPython(recompute_canonical, restore_canonical, elidable=True),
    ]
