from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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
    recent_activity = AuditEntry.objects.all()[:10] if request.visibility.personal_data else []
    return render(
        request,
        "core/start.html",
        {"memberships": memberships, "recent_activity": recent_activity, "visibility": request.visibility},
    )
