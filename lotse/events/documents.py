"""Printable documents (WeasyPrint) and exports (CSV, XLSX) for organisers and participants."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.pdf import render_pdf
from lotse.events.models import Registration, Session

EXPORT_COLUMNS = ("Termin", "Name", "Unternehmen", "E-Mail", "Plätze", "Status", "Angemeldet am",
                  "E-Mail bestätigt", "Anwesend", "Region", "Branche", "Barrierefreiheit", "Antworten")


def attendance_list_pdf(*, session: Session, registrations) -> bytes:
    return render_pdf("events/pdf/attendance.html", {"session": session, "event": session.event,
                                               "registrations": registrations, "printed_at": timezone.now()})


def certificate_pdf(*, registration: Registration) -> bytes:
    if registration.checked_in_at is None:
        raise ValueError("Certificates are for attendees only.")
    return render_pdf("events/pdf/certificate.html", {"registration": registration, "event": registration.event,
                                                "session": registration.session, "issued_at": timezone.now()})


def _rows(registrations):
    for r in registrations:
        yield [
            timezone.localtime(r.session.starts_at).strftime("%d.%m.%Y %H:%M"),
            r.name, r.company, r.email, r.places, r.get_status_display(),
            timezone.localtime(r.created_at).strftime("%d.%m.%Y %H:%M"),
            _("ja") if r.email_confirmed_at else _("nein"),
            _("ja") if r.checked_in_at else _("nein"),
            r.region.name if r.region_id else "", r.get_sector_display() if r.sector else "",
            r.accessibility_needs,
            "; ".join(f"{q}: {a}" for q, a in (r.answers or {}).items()),
        ]


def registrations_csv(registrations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    for row in _rows(registrations):
        # Neutralise spreadsheet formulas in user-entered cells (CSV injection).
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def registrations_xlsx(registrations) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Anmeldungen"
    sheet.append(EXPORT_COLUMNS)
    for row in _rows(registrations):
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] == "=" else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
