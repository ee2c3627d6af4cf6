"""Ready roles for staff: each is a list of rights, given to a staff member with their
membership of a section (writeathon.sections.models.StaffMembership.role).

A role's rights are Django permissions, granted by :class:`RolePermissionBackend` from the
membership itself: changing someone's role changes their rights at their next request, and
nobody has to tick eight permissions by hand. Which records the rights reach is still
decided by the membership's section (writeathon.sections.access): a section coordinator
sees and exports the supporters of their own section only, and prints only the letters its
supporters wrote.

Permissions that no model holds yet are named here too, so that the parts that will check
them (events, reports) find them ready: EVENT_PERMISSIONS, REPORTS_PERMISSION.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Checked by the events pages (not built yet): a role that has them runs events.
EVENT_VIEW = "events.view_event"
EVENT_ADD = "events.add_event"
EVENT_CHANGE = "events.change_event"
EVENT_DELETE = "events.delete_event"
EVENT_REPORT_VIEW = "events.view_eventreport"
EVENT_REPORT_ADD = "events.add_eventreport"
EVENT_REPORT_CHANGE = "events.change_eventreport"
EVENT_PERMISSIONS = (
    EVENT_VIEW,
    EVENT_ADD,
    EVENT_CHANGE,
    EVENT_DELETE,
    EVENT_REPORT_VIEW,
    EVENT_REPORT_ADD,
    EVENT_REPORT_CHANGE,
)
# Reading reports (totals, counts by section and channel); never changes anything.
REPORTS_PERMISSION = "reporting.view_reports"


@dataclass(frozen=True)
class Right:
    permission: str
    words: Promise | str


@dataclass(frozen=True)
class Role:
    code: str
    name: Promise | str
    summary: Promise | str
    rights: tuple[Right, ...]
    # The role's work spans every section: its membership must be international.
    international: bool = False

    @property
    def permissions(self) -> frozenset[str]:
        return frozenset(right.permission for right in self.rights)


_SEE_CAMPAIGNS = (
    Right("campaigns.view_campaign", _("See the campaigns and their windows")),
    Right("campaigns.view_case", _("See the cases and their officials")),
    Right("campaigns.view_target", _("See the officials' addresses")),
)
_EVENTS = (
    Right(EVENT_VIEW, _("See the events")),
    Right(EVENT_ADD, _("Create events")),
    Right(EVENT_CHANGE, _("Change events")),
    Right(EVENT_DELETE, _("Cancel events")),
    Right(EVENT_REPORT_VIEW, _("See the letters events reported")),
    Right(EVENT_REPORT_ADD, _("Report the letters written at an event")),
    Right(EVENT_REPORT_CHANGE, _("Correct an event's report before the reporting deadline")),
)
_REPORTS = (Right(REPORTS_PERMISSION, _("Read the reports and totals")),)

SECTION_COORDINATOR = Role(
    code="section_coordinator",
    name=_("Section coordinator"),
    summary=_(
        "Runs the campaign in one country: the section's supporters and the actions they "
        "took on each case, their exports, and the print runs of the letters they wrote."
    ),
    rights=(
        *_SEE_CAMPAIGNS,
        Right("supporters.view_supporter", _("See the section's supporters")),
        Right("supporters.change_supporter", _("Correct a supporter's details")),
        Right("supporters.view_consent", _("See what each supporter agreed to")),
        Right("actions.view_action", _("See the actions the section's supporters took")),
        Right("delivery.view_delivery", _("See the section's letters in the outbox")),
        Right("delivery.change_delivery", _("Try a failed letter again")),
        Right("delivery.view_printrun", _("See the section's print runs")),
        Right("delivery.add_printrun", _("Print the letters the section's supporters wrote")),
        Right(
            "core.view_personaldataaccess",
            _("See who among the section's staff looked at personal data"),
        ),
        *_REPORTS,
    ),
)
MODERATOR = Role(
    code="moderator",
    name=_("Moderator"),
    summary=_("Reads held messages and passes them on or rejects them."),
    rights=(
        Right("campaigns.view_campaign", _("See the campaigns and their windows")),
        Right("campaigns.view_case", _("See the cases and their officials")),
        Right("moderation.moderate", _("Pass on or reject held messages")),
        Right("moderation.view_moderationdecision", _("See earlier decisions")),
        Right("moderation.view_screeningresult", _("See why screening held a message")),
    ),
)
EVENT_MANAGER = Role(
    code="event_manager",
    name=_("Event manager"),
    summary=_("Runs letter-writing events and reports the letters written there."),
    rights=(
        Right("campaigns.view_campaign", _("See the campaigns and their windows")),
        Right("campaigns.view_case", _("See the cases and their officials")),
        *_EVENTS,
    ),
)
ANALYST = Role(
    code="analyst",
    name=_("Analyst"),
    summary=_("Reads reports and totals; changes nothing and sees no supporter's details."),
    rights=(
        Right("campaigns.view_campaign", _("See the campaigns and their windows")),
        Right("campaigns.view_case", _("See the cases and their officials")),
        Right("actions.view_tally", _("See the counts behind the counters")),
        Right("abuse.view_traffichour", _("See the traffic on the forms, without addresses")),
        *_REPORTS,
    ),
)
INTERNATIONAL_COORDINATOR = Role(
    code="international_coordinator",
    name=_("International coordinator"),
    summary=_(
        "Sets up each edition for every section: campaigns, windows, cases and officials, "
        "imports and copies, sections and their staff."
    ),
    international=True,
    rights=(
        Right("campaigns.view_campaign", _("See the campaigns and their windows")),
        Right("campaigns.add_campaign", _("Create campaigns and copy them to a new edition")),
        Right("campaigns.change_campaign", _("Publish campaigns and change their windows")),
        Right("campaigns.view_campaigntext", _("See the campaigns' texts")),
        Right("campaigns.add_campaigntext", _("Add a campaign's text in a language")),
        Right("campaigns.change_campaigntext", _("Change a campaign's texts")),
        Right("campaigns.view_case", _("See the cases and their officials")),
        Right("campaigns.add_case", _("Add cases, by hand or from a file")),
        Right("campaigns.change_case", _("Change and publish cases")),
        Right("campaigns.view_target", _("See the officials' addresses")),
        Right("campaigns.add_target", _("Add officials, by hand or from a file")),
        Right("campaigns.change_target", _("Change officials")),
        Right("campaigns.view_appeal", _("See the appeals and sample letters")),
        Right("campaigns.add_appeal", _("Add an appeal in a language")),
        Right("campaigns.change_appeal", _("Change appeals and sample letters")),
        Right("campaigns.view_outcome", _("See the news on cases")),
        Right("campaigns.add_outcome", _("Add news on a case")),
        Right("campaigns.change_outcome", _("Change news on a case")),
        Right("sections.view_section", _("See the sections")),
        Right("sections.add_section", _("Add sections")),
        Right("sections.change_section", _("Change sections")),
        Right("sections.view_staffmembership", _("See who belongs to which section")),
        Right("sections.add_staffmembership", _("Give staff a section and a role")),
        Right("sections.change_staffmembership", _("Change staff's section and role")),
        Right("supporters.view_supporter", _("See every section's supporters")),
        Right("supporters.view_consent", _("See what each supporter agreed to")),
        Right("actions.view_action", _("See every action")),
        Right("delivery.view_delivery", _("See the outbox")),
        Right("delivery.change_delivery", _("Try a failed letter again")),
        Right("delivery.view_printrun", _("See every print run")),
        Right("delivery.add_printrun", _("Print letters of every section")),
        Right("moderation.moderate", _("Pass on or reject held messages")),
        Right("abuse.view_traffichour", _("See the traffic on the forms")),
        Right("core.view_personaldataaccess", _("See who looked at personal data")),
        *_EVENTS,
        *_REPORTS,
    ),
)

ROLES: dict[str, Role] = {
    role.code: role
    for role in (SECTION_COORDINATOR, MODERATOR, EVENT_MANAGER, ANALYST, INTERNATIONAL_COORDINATOR)
}
ROLE_CHOICES = [(role.code, role.name) for role in ROLES.values()]


def role_of(user: Any) -> Role | None:
    """The role given to `user` with their membership, if any."""
    from writeathon.sections.models import StaffMembership

    if not getattr(user, "pk", None):
        return None
    code = StaffMembership.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    return ROLES.get(code or "")


class RolePermissionBackend(BaseBackend):
    """Grants an active staff member the rights of their role. It signs nobody in."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not (user_obj.is_active and user_obj.is_staff) or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            role = role_of(user_obj)
            user_obj._role_perm_cache = set(role.permissions) if role else set()
        return set(user_obj._role_perm_cache)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
