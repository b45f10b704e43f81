"""The attendance search with a NUL byte: a 400 from the middleware, not a 500 from PostgreSQL."""

from tests.conftest import log_in


def test_nul_in_the_attendance_search_is_a_400(db, client, make_event, ihk):
    from lotse.core.scoping import system_access

    event = make_event()
    with system_access("test"):
        session = event.sessions.get()
    log_in(client, ihk["user"])
    url = f"/workshops/verwaltung/termine/{session.pk}/anwesenheit/"
    assert client.get(url + "?q=Becker").status_code == 200
    assert client.get(url + "?q=Be%00cker").status_code == 400
