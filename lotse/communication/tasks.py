"""Background jobs of communication, run by the database worker (`lotse db-worker`, ADR 0004).

`lotse newsletter-digest` (weekly from cron) or the button in the back office creates an issue and queues
`send_digest`; running it again for the same issue sends only to those who have not had it.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_digest(issue_id: int) -> dict:
    from lotse.communication.models import DigestIssue  # noqa: PLC0415
    from lotse.communication.services import newsletter  # noqa: PLC0415

    issue = newsletter.digest_send(issue=DigestIssue.objects.get(pk=issue_id))
    newsletter.pending_expire()
    return {"issue": issue.pk, "sent": issue.sent, "skipped": issue.skipped, "failed": issue.failed}
