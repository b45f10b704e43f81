"""News: write, submit for review, review (four eyes), publish, withdraw. Regional news of a Regionalagentur goes out
directly; statewide news only after a reviewer of FAI NRW approved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.communication.models import NewsItem
from lotse.communication.services import CommunicationError
from lotse.communication.services.content import Content
from lotse.core import audit, permissions

if TYPE_CHECKING:
    from lotse.events.models import Tag
    from lotse.reference.models import Arbeitsmarktregion

AUDITED = ("title_de", "title_en", "summary_de", "summary_en", "body_de", "body_en", "scope")
Status = NewsItem.Status


@dataclass(frozen=True, kw_only=True)
class NewsContent(Content):
    """What a news item's form edits. The audit log keeps the texts and the scope (AUDITED)."""

    scope: str
    region: Arbeitsmarktregion | None = None
    topics: tuple[Tag, ...] = ()
    title_de: str
    summary_de: str
    body_de: str
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""


def _check_scope(organisation: Organisation, content: NewsContent) -> None:
    scope, region = content.scope, content.region
    if scope == NewsItem.Scope.REGIONAL:
        if region is None:
            raise CommunicationError(_("Regionale Nachrichten brauchen eine Region."))
        if organisation.kind == Organisation.Kind.REGIONALAGENTUR and region.pk != organisation.region_id:
            raise CommunicationError(_("Eine Regionalagentur schreibt regionale Nachrichten nur für ihre Region."))
    elif region is not None:
        raise CommunicationError(_("Landesweite Nachrichten haben keine Region."))


@transaction.atomic
def news_create(*, actor, organisation: Organisation, content: NewsContent) -> NewsItem:
    permissions.require(organisation.pk in {team.pk for team in permissions.editor_teams(actor)})
    _check_scope(organisation, content)
    item = content.create(NewsItem(organisation=organisation, created_by=actor))
    audit.record(
        actor=actor,
        action="news.create",
        obj=item,
        organisation_id=organisation.pk,
        region_id=getattr(content.region, "pk", None),
        new={"scope": content.scope, "title": item.title_de},
    )
    return item


def _locked(item: NewsItem) -> NewsItem:
    return NewsItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def news_update(*, actor, item: NewsItem, content: NewsContent) -> NewsItem:
    item = _locked(item)
    permissions.require(permissions.can_edit_news(actor, item))
    if item.status not in (Status.DRAFT,):
        raise CommunicationError(_("Nur Entwürfe können bearbeitet werden. Ziehen Sie die Nachricht erst zurück."))
    _check_scope(item.organisation, content)
    old = {key: getattr(item, key) for key in AUDITED}
    content.update(item)
    audit.record(
        actor=actor,
        action="news.update",
        obj=item,
        organisation_id=item.organisation_id,
        old=old,
        new={key: getattr(item, key) for key in AUDITED},
    )
    return item


@transaction.atomic
def news_submit(*, actor, item: NewsItem) -> NewsItem:
    """A statewide draft goes to the reviewers of FAI NRW."""
    item = _locked(item)
    permissions.require(permissions.can_edit_news(actor, item))
    if item.scope != NewsItem.Scope.STATEWIDE:
        raise CommunicationError(
            _("Regionale Nachrichten brauchen keine Freigabe; Sie können sie direkt veröffentlichen.")
        )
    if item.status != Status.DRAFT:
        raise CommunicationError(_("Nur ein Entwurf kann zur Prüfung gegeben werden."))
    item.status, item.submitted_at, item.review_note = Status.IN_REVIEW, timezone.now(), ""
    item.save(update_fields=["status", "submitted_at", "review_note", "updated_at"])
    audit.record(
        actor=actor,
        action="news.submit",
        obj=item,
        organisation_id=item.organisation_id,
        old={"status": Status.DRAFT},
        new={"status": item.status},
    )
    return item


@transaction.atomic
def news_review(*, actor, item: NewsItem, approve: bool, note: str = "") -> NewsItem:
    item = _locked(item)
    permissions.require(permissions.is_statewide_reviewer(actor))
    if item.created_by_id == actor.pk:
        raise CommunicationError(_("Eine Nachricht prüft immer eine zweite Person, nicht wer sie geschrieben hat."))
    if item.status != Status.IN_REVIEW:
        raise CommunicationError(_("Diese Nachricht wartet nicht auf eine Prüfung."))
    if not approve and not note.strip():
        raise CommunicationError(_("Bitte schreiben Sie, was geändert werden soll."))
    item.status = Status.APPROVED if approve else Status.DRAFT
    item.reviewed_by, item.reviewed_at, item.review_note = actor, timezone.now(), note.strip()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit.record(
        actor=actor,
        action="news.approve" if approve else "news.return",
        obj=item,
        organisation_id=item.organisation_id,
        old={"status": Status.IN_REVIEW},
        new={"status": item.status},
        context={"note": item.review_note},
    )
    return item


@transaction.atomic
def news_publish(*, actor, item: NewsItem) -> NewsItem:
    item = _locked(item)
    if item.scope == NewsItem.Scope.STATEWIDE and item.status != Status.APPROVED:
        raise CommunicationError(_("Landesweite Nachrichten erscheinen erst nach der Freigabe durch FAI NRW."))
    permissions.require(permissions.can_publish(actor, item))
    old = item.status
    item.status, item.published_at = Status.PUBLISHED, timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="news.publish",
        obj=item,
        organisation_id=item.organisation_id,
        region_id=item.region_id,
        old={"status": old},
        new={"status": item.status},
    )
    return item


@transaction.atomic
def news_withdraw(*, actor, item: NewsItem) -> NewsItem:
    """Take a published (or waiting) item back: it leaves the public site and becomes a draft again."""
    item = _locked(item)
    permissions.require(permissions.can_edit_news(actor, item) or permissions.is_statewide_reviewer(actor))
    if item.status == Status.DRAFT:
        raise CommunicationError(_("Die Nachricht ist bereits ein Entwurf."))
    old = item.status
    item.status = Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="news.withdraw",
        obj=item,
        organisation_id=item.organisation_id,
        old={"status": old},
        new={"status": item.status},
    )
    return item
