"""The one entry point for e-mail: rendered from templates in the recipient's language, logged, attachable."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from lotse.core import audit


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


def send_mail(
    *,
    to: Iterable[str],
    template: str,
    context: Mapping | None = None,
    language: str = "de",
    attachments: Iterable[Attachment] = (),
    reply_to: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
    audit_action: str | None = None,
    audit_object=None,
    actor=None,
) -> int:
    """Render `<template>_subject.txt`, `<template>.txt` and, if present, `<template>.html`, then send.

    Returns the number of messages sent (0 or 1). Raises what the mail backend raises, so callers decide
    whether a failed delivery changes their state.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    context = dict(context or {})
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=list(reply_to),
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    sent = message.send()
    if audit_action:
        audit.record(
            actor=actor,
            action=audit_action,
            obj=audit_object,
            context={"template": template, "recipients": len(recipients), "language": language},
        )
    return sent
