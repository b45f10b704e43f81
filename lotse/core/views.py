from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lotse.accounts.policy import is_staff_account
from lotse.core.audit import EMPLOYER_VISIBLE_ACTIONS
from lotse.core.models import AuditEntry
from lotse.core.scoping import memberships_of


def home(request):
    return render(request, "core/home.html")


@login_required
def start(request):
    """A start page per role: what this person can do here, and the latest activity they may see. An employer's
    user gets "Mein Bereich" of the workspace (requests, cases, documents, messages)."""
    from lotse.core.permissions import is_employer  # noqa: PLC0415
    from lotse.workspace import views as workspace_views  # noqa: PLC0415

    if is_employer(request.user):
        return workspace_views.home(request)
    memberships = memberships_of(request.user)
    recent_activity = []
    if request.visibility.personal_data:
        entries = AuditEntry.objects.all()
        if not is_staff_account(request.user):
            entries = entries.filter(action__in=EMPLOYER_VISIBLE_ACTIONS)
        recent_activity = entries[:10]
    return render(
        request,
        "core/start.html",
        {"memberships": memberships, "recent_activity": recent_activity, "visibility": request.visibility},
    )
