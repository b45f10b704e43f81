from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lotse.core.models import AuditEntry
from lotse.core.scoping import memberships_of


def home(request):
    return render(request, "core/home.html")


@login_required
def start(request):
    """A start page per role: what this person can do here, and the latest activity they may see."""
    memberships = memberships_of(request.user)
    recent_activity = AuditEntry.objects.all()[:10] if request.visibility.personal_data else []
    return render(
        request,
        "core/start.html",
        {"memberships": memberships, "recent_activity": recent_activity, "visibility": request.visibility},
    )
