"""Newsletter: double opt-in with logged consent, preferences, one-click unsubscribe, the digest by the worker,
and bounces."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lotse.communication.models import Bounce, ConsentRecord, DigestDelivery, DigestIssue, NewsItem, Subscriber
from lotse.communication.services import news
from lotse.communication.services import newsletter as services
from lotse.core.scoping import system_access, visibility_for
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def subscribe(client, email="leser@example.org", regions=(), topics=(), **extra):
    data = {
        "email": email,
        "language": "de",
        "regions": [r.pk for r in regions],
        "topics": [t.pk for t in topics],
        "consent": "on",
        **extra,
    }
    with _after_commit():  # mails queued for after the transaction go out when the request is done
        return client.post(reverse("communication:newsletter_subscribe"), data)


@pytest.fixture(autouse=True)
def _commit_hooks(run_on_commit):
    global _after_commit
    _after_commit = run_on_commit


_after_commit = None


def link(message, name: str) -> str:
    return re.search(rf"http://\S+/newsletter/{name}/\S+/", message.body).group(0)


def subscriber(email="leser@example.org") -> Subscriber:
    with system_access("test read"):
        return Subscriber.objects.get(email=email)


def confirmed(client, email="leser@example.org", **kwargs) -> Subscriber:
    mail.outbox.clear()
    subscribe(client, email, **kwargs)
    path = link(mail.outbox[-1], "bestaetigen").split("8000", 1)[1]
    client.post(path)
    return subscriber(email)


def test_double_opt_in_with_logged_consent(client, world, tags):
    response = subscribe(client, regions=[world["regions"]["a"]], topics=[tags["pflege"]])
    assert response.status_code == 302
    pending = subscriber()
    assert pending.status == Subscriber.Status.PENDING
    confirm_url = link(mail.outbox[-1], "bestaetigen")
    path = confirm_url.split("8000", 1)[1]
    assert client.get(path).status_code == 200  # a link scanner's GET confirms nothing
    assert subscriber().status == Subscriber.Status.PENDING
    page = client.post(path).content.decode()
    assert "Anmeldung bestätigt" in page
    active = subscriber()
    assert active.status == Subscriber.Status.ACTIVE and active.confirmed_at
    with system_access("test"):
        log = list(ConsentRecord.objects.filter(subscriber=active).values_list("action", "text_version", "choices"))
    assert [entry[0] for entry in log] == ["requested", "confirmed"]
    assert log[0][2]["regions"] == [world["regions"]["a"].slug] and log[0][2]["topics"] == ["pflege"]


def test_consent_is_required_and_bots_get_nowhere(client):
    response = subscribe(client, consent="")
    assert response.status_code == 400 and "Ohne Ihre Einwilligung" in response.content.decode()
    assert 'value="leser@example.org"' in response.content.decode()  # nothing typed is lost
    subscribe(client, "bot@example.org", website="http://spam.example")
    with system_access("test"):
        assert not Subscriber.objects.filter(email="bot@example.org").exists()


def test_an_address_already_subscribed_gets_its_settings_link_and_nobody_learns_it(client):
    confirmed(client)
    mail.outbox.clear()
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == reverse("communication:newsletter_sent")
    assert "bereits" in mail.outbox[-1].subject and "/newsletter/einstellungen/" in mail.outbox[-1].body


def test_preferences_and_one_click_unsubscribe_are_logged(client, world, tags):
    active = confirmed(client)
    url = reverse("communication:newsletter_preferences", args=[active.token])
    client.post(url, {"language": "en", "regions": [world["regions"]["b"].pk], "topics": []})
    assert subscriber().language == "en"
    client.logout()
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)  # the mail program sends no CSRF token (RFC 8058)
    response = strict.post(
        reverse("communication:newsletter_unsubscribe", args=[active.token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert subscriber().status == Subscriber.Status.UNSUBSCRIBED
    with system_access("test"):
        actions = list(ConsentRecord.objects.filter(subscriber=active).values_list("action", flat=True))
    assert actions == ["requested", "confirmed", "changed", "withdrawn"]


def test_an_unknown_link_says_so(client):
    response = client.get(reverse("communication:newsletter_confirm", args=["nicht-gueltig"]))
    assert response.status_code == 404 and "nicht (mehr) gültig" in response.content.decode()


def publish(people_user, world, org, scope, region=None, topics=(), title="Nachricht"):
    with visibility_for(people_user):
        item = news.news_create(
            actor=people_user,
            organisation=world["orgs"][org],
            content=news.NewsContent(
                scope=scope, region=region, topics=tuple(topics), title_de=title, summary_de="Kurz.", body_de="Text."
            ),
        )
        item.status = NewsItem.Status.PUBLISHED
        item.published_at = timezone.now() - dt.timedelta(hours=1)
        item.save()
    return item


def test_the_digest_matches_regions_and_topics_and_can_be_left(client, world, tags, people):
    a_reader = confirmed(client, "a@example.org", regions=[world["regions"]["a"]])
    b_reader = confirmed(client, "b@example.org", regions=[world["regions"]["b"]], topics=[tags["81a"]])
    publish(people["adviser_a"], world, "ra_a", NewsItem.Scope.REGIONAL, world["regions"]["a"], title="Nur für A")
    mail.outbox.clear()
    with system_access("test"):
        issue = DigestIssue.objects.create(
            window_start=timezone.now() - dt.timedelta(days=7), window_end=timezone.now()
        )
    issue = services.digest_send(issue=issue)
    assert (issue.sent, issue.skipped, issue.failed) == (1, 1, 0)
    [digest] = mail.outbox
    assert digest.to == [a_reader.email] and "Nur für A" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/newsletter/abmelden/{a_reader.token}/" in digest.extra_headers["List-Unsubscribe"]
    assert f"/newsletter/abmelden/{a_reader.token}/" in digest.body
    html = digest.alternatives[0][0]
    assert "Nur für A" in html and "abbestellen" in html
    # Sending the same issue again (a second worker, a restart) sends nothing twice.
    mail.outbox.clear()
    services.digest_send(issue=issue)
    assert mail.outbox == []
    assert b_reader.pk in DigestDelivery.objects.filter(status="skipped").values_list("subscriber_id", flat=True)


def test_a_refused_address_is_recorded_as_a_bounce_and_gets_no_more_mail(client, world, people, settings):
    confirmed(client, "gone@refused.example")
    publish(people["fai"], world, "fai", NewsItem.Scope.STATEWIDE)
    settings.EMAIL_BACKEND = "tests.communication.refusing_backend.EmailBackend"
    with system_access("test"):
        issue = DigestIssue.objects.create(
            window_start=timezone.now() - dt.timedelta(days=7), window_end=timezone.now()
        )
    issue = services.digest_send(issue=issue)
    assert issue.failed == 1
    gone = subscriber("gone@refused.example")
    assert gone.status == Subscriber.Status.BOUNCED
    with system_access("test"):
        bounce = Bounce.objects.get()
    assert (bounce.kind, bounce.status_code, bounce.source) == ("hard", "550", "smtp")


DSN = b"""From: MAILER-DAEMON@mail.example
To: bounces@lotse.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example

Final-Recipient: rfc822; voll@example.org
Action: failed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

--B--
"""


def test_delivery_status_notifications_are_read_from_the_mail_server(client, tmp_path):
    confirmed(client, "voll@example.org")
    path = tmp_path / "dsn.eml"
    path.write_bytes(DSN)
    for _ in range(3):  # three temporary failures stop the newsletter
        call_command("newsletter_bounce", str(path), verbosity=0)
    reader = subscriber("voll@example.org")
    assert reader.status == Subscriber.Status.BOUNCED and reader.soft_bounces == 3
    with system_access("test"):
        assert set(Bounce.objects.values_list("kind", "status_code", "source")) == {("soft", "4.2.2", "dsn")}
    empty = tmp_path / "leer.eml"
    empty.write_bytes(b"Subject: hello\n\nno report here\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Keine Unzustellbarkeitsmeldung"):
        call_command("newsletter_bounce", str(empty))


def test_unconfirmed_requests_are_deleted_after_a_week(client):
    subscribe(client, "spaeter@example.org")
    assert services.pending_expire(now=timezone.now() + dt.timedelta(days=6)) == 0
    assert services.pending_expire(now=timezone.now() + dt.timedelta(days=8)) == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_database_worker_sends_the_digest_with_news_and_workshops(client, world, people, tags, settings):
    from lotse.events.models import Event, Session

    reader = confirmed(client, "leserin@example.org", regions=[world["regions"]["b"]])
    publish(people["fai"], world, "fai", NewsItem.Scope.STATEWIDE, title="Landesweit neu")
    with system_access("test data"):
        workshop = Event.objects.create(title_de="Workshop Münsterland", status="published", city="Münster")
        workshop.regions.set([world["regions"]["b"]])
        start = timezone.now() + dt.timedelta(days=10)
        Session.objects.create(event=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=20)
        elsewhere = Event.objects.create(title_de="Workshop Düsseldorf", status="published")
        elsewhere.regions.set([world["regions"]["a"]])
        Session.objects.create(event=elsewhere, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=20)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log_in(client, people["fai"])
    mail.outbox.clear()
    assert client.post(reverse("communication:newsletter_manage")).status_code == 302
    assert mail.outbox == []  # queued, not sent by the request
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    [digest] = mail.outbox
    assert digest.to == [reader.email]
    assert "Landesweit neu" in digest.body and "Workshop Münsterland" in digest.body
    assert "Workshop Düsseldorf" not in digest.body
    with system_access("test"):
        assert DigestIssue.objects.get().status == DigestIssue.Status.DONE
