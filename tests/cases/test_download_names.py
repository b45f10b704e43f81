"""Downloads keep non-ASCII file names (RFC 6266 filename*), through one helper."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.cases.models import Document
from lotse.core.scoping import system_access
from tests.conftest import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ROOT = Path(__file__).resolve().parents[2] / "lotse"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", ["Zeugnis_Müller.pdf", "Диплом Ольга.pdf", "شهادة.pdf", 'Pass "Kopie".pdf'])
def test_document_download_keeps_the_name(client, world, cases, name):
    log_in(client, world["users"]["adviser_a"])
    with system_access("test"):
        document = Document.objects.get(case=cases["a"], key="passport")
    client.post(reverse("cases:document", args=[document.pk]), {"file": SimpleUploadedFile(name, PDF)})
    response = client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    document.refresh_from_db()
    stored = document.original_name  # as the upload check cleaned it (e.g. spaces and quotes become "_")
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="')
    assert header.isascii() and "\n" not in header
    if stored.isascii():
        assert header == f'attachment; filename="{stored}"'
    else:
        assert unquote(header.split("filename*=UTF-8''", 1)[1]) == stored
        assert stored.split(".")[0].strip("_")  # the letters survived


def test_every_download_uses_the_helper():
    """No view writes Content-Disposition by hand (a hand-written header loses non-ASCII names)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "Content-Disposition" in path.read_text(encoding="utf-8") and path.name != "http.py"
    ]
    assert offenders == []
