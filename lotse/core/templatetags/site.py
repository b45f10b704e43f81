"""{% site_url %}: links reversed once per process (see lotse.core.links); {% main_nav %}: the site's navigation."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from lotse.core.html import esc
from lotse.core.links import url_for

register = template.Library()


@register.simple_tag
def site_url(name: str, pk=None) -> str:
    """{% site_url 'home' %} or {% site_url 'cases:detail' case.pk %}: {% url %} for a URL without arguments or
    with one integer pk."""
    return url_for(name, pk)


# (URL name, label, marked as current on: an app's pages (app name) or one page (app name, URL name)), and who
# sees the link: everybody, logged-in users, users with case work (advisers, employers), advisers.
_MAIN_NAV = (
    ("home", gettext_noop("Startseite"), ("", "home"), "all"),
    ("navigator:start", gettext_noop("Navigator"), ("navigator", None), "all"),
    ("find_region", gettext_noop("Regionalagentur finden"), ("", "find_region"), "all"),
    ("events:list", gettext_noop("Workshops"), ("events", None), "all"),
    ("authorities", gettext_noop("Behörden"), ("", "authorities"), "all"),
    ("start", gettext_noop("Mein Bereich"), ("", "start"), "user"),
    ("cases:list", gettext_noop("Fälle"), ("cases", "list"), "case_work"),
    ("cases:my_tasks", gettext_noop("Meine Aufgaben"), ("cases", "my_tasks"), "adviser"),
)


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The <li> items of the main navigation, the current page marked (written in Python: it is on every page)."""
    from lotse.core.permissions import role_of  # noqa: PLC0415

    request = context.get("request")
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    role = role_of(user) if logged_in else None
    shown = {"all", *(("user",) if logged_in else ()), *(("case_work",) if role else ())}
    if role == "adviser":
        shown.add("adviser")
    match = getattr(request, "resolver_match", None)
    app, page = (match.app_name, match.url_name) if match else (None, None)
    items = []
    for name, label, (current_app, current_page), audience in _MAIN_NAV:
        if audience not in shown:
            continue
        current = app == current_app and (current_page is None or page == current_page)
        marker = ' aria-current="page"' if current else ""
        items.append(f'<li><a class="kern-link" href="{esc(url_for(name))}"{marker}>{esc(gettext(label))}</a></li>')
    return mark_safe("".join(items))  # escaped above
