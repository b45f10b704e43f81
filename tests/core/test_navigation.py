"""The navigation as data (lotse.core.navigation): which entry is the current page."""

from types import SimpleNamespace

from lotse.core import navigation


def request_on(url_name: str):
    return SimpleNamespace(resolver_match=SimpleNamespace(url_name=url_name, app_name="communication"))


def test_communication_marks_the_section_of_the_page(db):
    def current(url_name):
        return [item.label for item in navigation.communication_items(request_on(url_name)) if item.current]

    assert current("hub") == ["Übersicht"]
    assert current("news_edit") == ["Nachrichten"]
    assert current("entry_new") == current("calendar") == ["Redaktionskalender"]
    assert current("newsletter_manage") == ["Newsletter"]
    assert [item.current for item in navigation.communication_items(None)] == [False] * 6
