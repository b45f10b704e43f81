"""Every state change of events, sessions and registrations, one module per workflow: explicit transactions, row
locks, audit entries (the capacity rule is described in `common`). Callers import from here
(`from lotse.events import services`).
"""

from lotse.events.services.admin import (
    EVENT_FIELDS,
    event_copy,
    event_create,
    event_publish,
    event_update,
    mail_rule_create,
    session_create,
    session_update,
    tag_get_or_create,
)
from lotse.events.services.common import EventError, Status, absolute, site_url
from lotse.events.services.mail import english, participants_message, registration_ics
from lotse.events.services.registration import (
    RegistrationResult,
    company_key,
    offer_accept,
    registration_approve,
    registration_cancel,
    registration_check_in,
    registration_confirm_email,
    registration_create,
)
from lotse.events.services.shredder import event_shred, shred_personal_data
from lotse.events.services.sweep import (
    AFTER_END_CATCH_UP,
    expire_holds_and_offers,
    rule_in_window,
    send_due_rules,
    sweep,
)

__all__ = [
    "Status",
    "EventError",
    "site_url",
    "absolute",
    "EVENT_FIELDS",
    "event_create",
    "event_update",
    "event_copy",
    "event_publish",
    "session_create",
    "session_update",
    "mail_rule_create",
    "tag_get_or_create",
    "RegistrationResult",
    "company_key",
    "registration_create",
    "registration_confirm_email",
    "registration_approve",
    "registration_cancel",
    "offer_accept",
    "registration_check_in",
    "registration_ics",
    "english",
    "participants_message",
    "expire_holds_and_offers",
    "AFTER_END_CATCH_UP",
    "rule_in_window",
    "send_due_rules",
    "sweep",
    "shred_personal_data",
    "event_shred",
]
