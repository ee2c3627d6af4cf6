"""Block and allow rules on email addresses and domains, in the canonical form that public
forms are now checked in: the parsed address (no quotes, escapes or comments in the local
part) and the ASCII form of an international domain ("bücher.example" becomes
"xn--bcher-kva.example"). A rule kept in the old form would no longer match anything.

Rules that now name the same address or domain are merged into one, as they were checked
together already: it blocks if any of them blocked (a block wins over an allow), never
ends if one of them never ended, and keeps the notes of all. Backwards, nothing is undone:
the merged values are what the old code would have matched too, for the usual spellings.
"""

import unicodedata
from email.headerregistry import Address

import idna
from django.db import migrations

# A copy of writeathon.supporters.services (email_canonical, email_domain_canonical) as it
# is when this migration is written: migrations import no app code.
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
_NOTE_MAX = 200


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


def recompute_values(apps, schema_editor):
    AccessRule = apps.get_model("abuse", "AccessRule")
    forms = {"email": _canonical, "email_domain": _domain}
    groups = {}
    for rule in AccessRule.objects.filter(kind__in=list(forms)).order_by("pk"):
        groups.setdefault((rule.kind, forms[rule.kind](rule.value)), []).append(rule)
    for (_kind, value), rules in groups.items():
        kept, others = rules[0], rules[1:]
        if others:
            actions = {rule.action for rule in rules}
            kept.action = "block" if "block" in actions else kept.action
            ends = [rule.expires_at for rule in rules if rule.action == kept.action]
            kept.expires_at = None if None in ends else max(ends)
            notes = [rule.note for rule in rules if rule.note]
            kept.note = " / ".join(dict.fromkeys(notes))[:_NOTE_MAX]
            AccessRule.objects.filter(pk__in=[rule.pk for rule in others]).delete()
        if kept.value != value or others:
            kept.value = value
            kept.save(update_fields=["value", "action", "expires_at", "note"])


class Migration(migrations.Migration):
    dependencies = [
        ("abuse", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(recompute_values, migrations.RunPython.noop, elidable=True),
    ]
