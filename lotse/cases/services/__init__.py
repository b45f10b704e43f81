"""Writes of case work, one module per workflow. Each function is one complete state change with its audit entry
(ids and codes only). Callers import from here (`from lotse.cases import services`).

The date is read through `common.today()` (freeze it there in tests); it is deliberately not re-exported.
"""

from lotse.cases.services.advice_requests import advice_request_accept, advice_request_create, advice_request_forward
from lotse.cases.services.candidates import (
    CANDIDATE_FIELDS,
    candidate_create,
    candidate_update,
    consent_record,
    consent_withdraw,
)
from lotse.cases.services.cases import (
    EDITABLE_FIELDS,
    activity_add,
    case_add_candidate,
    case_close,
    case_handover,
    case_open,
    case_record_event,
    case_update,
    power_of_attorney_record,
    power_of_attorney_revoke,
    task_complete,
    task_create,
)
from lotse.cases.services.common import CaseConflict, CaseRuleError
from lotse.cases.services.companies import (
    LEGAL_FORMS,
    DuplicateCompany,
    UnclearPlace,
    company_create,
    company_find_duplicates,
    company_name_key,
    company_place,
    company_profile_save,
)
from lotse.cases.services.deadlines import case_set_waiting, deadlines_check
from lotse.cases.services.documents import document_download, document_set_status, document_upload, dossier_record
from lotse.cases.services.privacy import (
    ANONYMISED,
    contact_erase,
    contact_export_record,
    person_erase,
    person_export_record,
    requests_retention_apply,
    retention_apply,
)

__all__ = [
    "CaseConflict",
    "CaseRuleError",
    "DuplicateCompany",
    "UnclearPlace",
    "company_place",
    "LEGAL_FORMS",
    "company_name_key",
    "company_find_duplicates",
    "company_create",
    "company_profile_save",
    "candidate_create",
    "CANDIDATE_FIELDS",
    "candidate_update",
    "consent_record",
    "consent_withdraw",
    "advice_request_create",
    "advice_request_forward",
    "advice_request_accept",
    "case_open",
    "case_record_event",
    "EDITABLE_FIELDS",
    "case_update",
    "case_close",
    "case_handover",
    "activity_add",
    "task_create",
    "case_add_candidate",
    "task_complete",
    "power_of_attorney_record",
    "power_of_attorney_revoke",
    "document_upload",
    "document_set_status",
    "document_download",
    "dossier_record",
    "case_set_waiting",
    "deadlines_check",
    "ANONYMISED",
    "person_erase",
    "requests_retention_apply",
    "retention_apply",
    "contact_erase",
    "contact_export_record",
    "person_export_record",
]
