"""The password-change pages of django.contrib.auth (in the URLconf through accounts/) render; the access walker
found them a 500 for every signed-in role (their templates were missing)."""

from tests.conftest import log_in


def test_password_change_pages_render(client, world):
    log_in(client, world["users"]["adviser_a"])
    page = client.get("/accounts/password_change/")
    assert page.status_code == 200 and 'name="old_password"' in page.content.decode()
    assert client.get("/accounts/password_change/done/").status_code == 200
