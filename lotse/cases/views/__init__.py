"""Thin views of case work, one module per workflow: check the role, read through selectors, write through
services. `urls.py` finds every view here.
"""

from lotse.cases.views.advice_requests import inbox, request_detail
from lotse.cases.views.candidates import candidate_consent, candidate_detail, candidate_edit, consent_withdraw
from lotse.cases.views.cases import (
    case_add_candidate,
    case_close,
    case_detail,
    case_documents,
    case_edit,
    case_event,
    case_handover,
    case_list,
    case_people,
    case_power_of_attorney,
    case_recheck,
    case_tasks,
    case_timeline,
    case_waiting,
    dashboard,
    my_tasks,
    power_of_attorney_revoke,
    reassessments,
    task_done,
)
from lotse.cases.views.companies import company_detail, company_edit, company_list, company_new
from lotse.cases.views.documents import document_download, document_update, dossier_pdf, dossier_zip
from lotse.cases.views.privacy import candidate_erase, candidate_export, contact_erase, contact_export, contact_privacy

__all__ = [
    "inbox",
    "request_detail",
    "candidate_detail",
    "candidate_consent",
    "candidate_edit",
    "consent_withdraw",
    "case_list",
    "dashboard",
    "my_tasks",
    "reassessments",
    "case_detail",
    "case_documents",
    "case_people",
    "case_event",
    "case_waiting",
    "case_timeline",
    "case_tasks",
    "task_done",
    "case_edit",
    "case_handover",
    "case_close",
    "case_power_of_attorney",
    "case_add_candidate",
    "power_of_attorney_revoke",
    "case_recheck",
    "company_list",
    "company_new",
    "company_detail",
    "company_edit",
    "document_update",
    "document_download",
    "dossier_pdf",
    "dossier_zip",
    "candidate_export",
    "candidate_erase",
    "contact_privacy",
    "contact_export",
    "contact_erase",
]
