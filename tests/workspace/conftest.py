"""The case-work fixtures (an assessment, one case per region) are shared with the workspace tests."""

import pytest

from tests.cases.conftest import assessment, cases  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, with the e-mails a request schedules after its commit sent at the end of the request (the
    test's own transaction never commits)."""
    original = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(**kwargs)

    client.request = request
    return client
