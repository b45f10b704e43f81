"""The site's navigation as data: which links a page shows and which one is the current page.

Templates draw them with components/nav.html; nothing here writes markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from lotse.core.links import url_for


@dataclass(frozen=True, slots=True)
class NavItem:
    url: str
    label: str
    current: bool = False


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

# The navigation of case work (advisers).
_CASE_WORK_NAV = (
    ("cases:list", gettext_noop("Fälle")),
    ("cases:inbox", gettext_noop("Beratungsanfragen")),
    ("cases:my_tasks", gettext_noop("Meine Aufgaben")),
    ("cases:dashboard", gettext_noop("Übersicht der Region")),
    ("cases:companies", gettext_noop("Unternehmen")),
    ("cases:reassessments", gettext_noop("Neubewertungen")),
    ("cases:contact_privacy", gettext_noop("Datenschutz")),
)

# The editorial pages of communication: (URL name, label, marked on these pages, and on pages whose name has one of
# these parts).
_COMMUNICATION_NAV = (
    ("communication:hub", gettext_noop("Übersicht"), ("hub",), ()),
    ("communication:news_manage", gettext_noop("Nachrichten"), (), ("news_",)),  # not newsletter_manage
    ("communication:calendar", gettext_noop("Redaktionskalender"), ("calendar",), ("entry",)),
    ("communication:offers_manage", gettext_noop("Regionale Angebote"), (), ("offer",)),
    ("communication:templates", gettext_noop("Textvorlagen"), (), ("template",)),
    ("communication:newsletter_manage", gettext_noop("Newsletter"), ("newsletter_manage",), ()),
)


def main_items(request) -> list[NavItem]:
    """The main navigation for the user of `request`, the current app or page marked."""
    from lotse.core.permissions import role_of  # noqa: PLC0415  (the permissions read the accounts models)

    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    role = role_of(user) if logged_in else None
    shown = {"all"}
    if logged_in:
        shown.add("user")
    if role:
        shown.add("case_work")
    if role == "adviser":
        shown.add("adviser")
    match = getattr(request, "resolver_match", None)
    app, page = (match.app_name, match.url_name) if match else (None, None)
    return [
        NavItem(
            url_for(name),
            gettext(label),
            app == current_app and (current_page is None or page == current_page),
        )
        for name, label, (current_app, current_page), audience in _MAIN_NAV
        if audience in shown
    ]


def case_work_items(current_path: str) -> list[NavItem]:
    """The navigation of case work, the page at `current_path` marked."""
    items = []
    for name, label in _CASE_WORK_NAV:
        url = url_for(name)
        items.append(NavItem(url, gettext(label), url == current_path))
    return items


def tab_items(tabs, current: str) -> list[NavItem]:
    """Tabs [(key, url, label)] as navigation items, the tab `current` marked."""
    return [NavItem(url, label, key == current) for key, url, label in tabs]


def communication_items(request) -> list[NavItem]:
    """The navigation of the editorial pages of communication, the current one marked."""
    match = getattr(request, "resolver_match", None)
    page = (match.url_name or "") if match else ""
    return [
        NavItem(url_for(name), gettext(label), page in pages or any(part in page for part in parts))
        for name, label, pages, parts in _COMMUNICATION_NAV
    ]
