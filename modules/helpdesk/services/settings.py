"""The office's helpdesk set-up: settings, categories and their routing, teams, access levels,
canned replies and each staff person's own notifications."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_diff
from common.exceptions import ApplicationError
from common.names import NAME_LANGUAGES, office_language
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Access,
    CannedReply,
    Category,
    HelpdeskSettings,
    Request,
    StaffNotice,
    Team,
    TeamMember,
)

SETTINGS_FIELDS = ("approval_required", "auto_accept_days")
CATEGORY_NAME_FIELDS = tuple(f"name_{code}" for code in NAME_LANGUAGES)


# Settings


def settings_get() -> HelpdeskSettings:
    return singletons.settings_get(HelpdeskSettings)


def settings_update(*, actor, data: dict) -> HelpdeskSettings:
    row, _changes = singletons.settings_update(
        HelpdeskSettings,
        actor=actor,
        data=data,
        fields=SETTINGS_FIELDS,
        action="helpdesk.settings_changed",
    )
    return row


def _names(names: dict | None, name: str) -> dict[str, str]:
    """{"name_pl": ..., "name_sk": ..., "name_en": ...} from `names` ({language: name}) and
    `name`, the name in the office's language (a shorthand for callers with one name)."""
    given = {code: (names or {}).get(code, "") for code in NAME_LANGUAGES}
    if name:
        given[office_language()] = name
    return {f"name_{code}": (value or "").strip() for code, value in given.items()}


@transaction.atomic
def category_create(
    *,
    actor,
    names: dict[str, str] | None = None,
    name: str = "",
    parent: Category | None = None,
    requires_approval: bool = False,
    team: Team | None = None,
) -> Category:
    """A category named per language (`names`: {"pl": ..., "sk": ..., "en": ...}; `name`:
    the one in the office's language, which is required)."""
    category = Category(
        **_names(names, name), parent=parent, requires_approval=requires_approval, team=team
    )
    category.full_clean()
    category.save()
    audit_record(
        action="helpdesk.category_created",
        actor=actor,
        target=category,
        changes={
            **{field: [None, value] for field, value in _names(names, name).items() if value},
            "requires_approval": [None, requires_approval],
            **({"team": [None, team.name]} if team else {}),
        },
    )
    return category


@transaction.atomic
def category_rename(*, actor, category: Category, names: dict[str, str]) -> Category:
    """A category's names per language (`names`: {"pl": ..., "sk": ..., "en": ...}; the
    office's required, an empty one falls back to it). Audited as {field: [old, new]}."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    changes = audit_diff(locked, _names(names, ""), CATEGORY_NAME_FIELDS)
    locked.full_clean()
    if changes:
        locked.save(update_fields=[*CATEGORY_NAME_FIELDS, "updated_at"])
        audit_record(
            action="helpdesk.category_changed", actor=actor, target=locked, changes=changes
        )
    return locked


@transaction.atomic
def category_route(*, actor, category: Category, team: Team | None) -> Category:
    """The team a category's new requests go to (None: no team)."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    changes = audit_diff(locked, {"team": team}, ("team",))
    if changes:
        locked.save(update_fields=["team", "updated_at"])
        audit_record(
            action="helpdesk.category_changed", actor=actor, target=locked, changes=changes
        )
    return locked


# Teams


@transaction.atomic
def team_save(*, actor, name: str, member_ids, team: Team | None = None) -> Team:
    """A team of the office's staff (new, or `team` renamed / its members set). Only active
    staff of this office can be members."""
    from modules.helpdesk.selectors import staff_user_ids

    member_ids = set(member_ids)
    if member_ids - staff_user_ids():
        raise ApplicationError(_("Only the office's staff can be in a team."), code="not_staff")
    row = Team.objects.select_for_update().get(pk=team.pk) if team else Team()
    before_name = row.name if row.pk else None
    before = set(row.members.values_list("user_id", flat=True)) if row.pk else set()
    row.name = name.strip()
    row.full_clean()
    row.save()
    TeamMember.objects.filter(team=row).exclude(user_id__in=member_ids).delete()
    TeamMember.objects.bulk_create(
        [TeamMember(team=row, user_id=user_id) for user_id in sorted(member_ids - before)]
    )
    changes = {}
    if before_name != row.name:
        changes["name"] = [before_name, row.name]
    if before != member_ids:
        changes["members"] = [sorted(before), sorted(member_ids)]
    if changes:
        audit_record(
            action="helpdesk.team_saved" if team else "helpdesk.team_created",
            actor=actor,
            target=row,
            changes=changes,
        )
    return row


def _assignee_fits(request: Request) -> None:
    """Assignment within a team: a request of a team goes to one of its members."""
    if request.team_id and request.assignee_id:
        members = TeamMember.objects.filter(team_id=request.team_id, user_id=request.assignee_id)
        if not members.exists():
            raise ApplicationError(
                _("The assignee is not in the team %(team)s.") % {"team": request.team.name},
                code="assignee_not_in_team",
            )


def _membership_fits(*, user_id: int, client, level: str) -> bool:
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership

    memberships = Membership.objects.filter(
        user_id=user_id, office_id=connection.tenant.pk, is_active=True
    )
    if client is None:
        return level in Access.Level.values and memberships.filter(role__in=STAFF_ROLES).exists()
    return memberships.filter(role="client", client_id=client.pk).exists()


@transaction.atomic
def access_set(*, actor, user_id: int, level: str, client=None, check: bool = False) -> Access:
    """A person's helpdesk level (T12): staff (client None) agent, supervisor or read-only;
    a client user, per company, requester or manager. `check`: the person must have that
    membership in this office (the settings screen)."""
    if check and not _membership_fits(user_id=user_id, client=client, level=level):
        raise ApplicationError(
            _("This person has no such membership in this office."), code="no_membership"
        )
    row = (
        Access.objects.select_for_update().filter(user_id=user_id, client=client).first()
    ) or Access(user_id=user_id, client=client, level=level)
    before = row.level if row.pk else None
    row.level = level
    row.full_clean(validate_constraints=True)
    row.save()
    if before != level:
        audit_record(
            action="helpdesk.access_changed",
            actor=actor,
            target=client,
            changes={"user": [None, user_id], "level": [before, level]},
        )
    return row


@transaction.atomic
def staff_notice_set(*, user, off: list[str]) -> StaffNotice:
    """A staff person's own helpdesk notifications: the "event:channel" pairs they switch
    off (everything else stays on)."""
    from modules.helpdesk.events import STAFF_EVENTS

    allowed = {f"{event}:{channel}" for event in STAFF_EVENTS for channel in ("email", "inapp")}
    unknown = set(off) - allowed
    if unknown:
        raise ApplicationError(_("Unknown notification."), code="unknown_notice")
    row, _created = StaffNotice.objects.select_for_update().get_or_create(user=user)
    row.off = sorted(set(off))
    row.save(update_fields=["off"])
    return row


@transaction.atomic
def canned_reply_create(*, actor, title: str, body: str) -> CannedReply:
    row = CannedReply(title=title.strip(), body=body.strip())
    row.full_clean()
    row.save()
    audit_record(
        action="helpdesk.canned_reply_created",
        actor=actor,
        target=row,
        changes={"title": [None, row.title]},
    )
    return row
