"""Safe file handling for the document checklist: checked on the way in, stored inert, served as attachments.

* Type by content, not by name: only PDF, PNG and JPEG are accepted, recognised by their magic bytes, and the
  file name's extension must fit the detected type. Executables (MZ, ELF, Mach-O, scripts with #!) are refused
  even when renamed; PDFs with active content (/JavaScript, /JS, /Launch, /EmbeddedFile) too.
* Size limit: settings.LOTSE_CASES_MAX_UPLOAD_BYTES (default 10 MiB).
* Stored outside any served directory under MEDIA_ROOT/private/cases/ with a random name and no extension,
  never executed, only read back by the download view after the scope and role checks.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!", b"PK\x03\x04")
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction")


class UploadRefused(ValueError):
    """The file is not accepted; the message is shown to the user."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    original_name: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "LOTSE_CASES_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def check_upload(uploaded) -> CheckedFile:
    limit = max_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRefused(f"Die Datei ist zu groß (höchstens {limit // (1024 * 1024)} MB).")
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(f"Die Datei ist zu groß (höchstens {limit // (1024 * 1024)} MB).")
    if not content:
        raise UploadRefused("Die Datei ist leer.")
    if content.startswith(EXECUTABLE_SIGNATURES):
        raise UploadRefused(
            "Programme und Archive werden nicht angenommen. Bitte PDF, PNG oder JPEG hochladen."
        )
    detected = next(
        (mime for mime, heads in SIGNATURES.items() if any(content.startswith(head) for head in heads)), None
    )
    if detected is None:
        raise UploadRefused("Nur PDF-, PNG- und JPEG-Dateien werden angenommen.")
    name = get_valid_filename(Path(uploaded.name or "dokument").name)[:150] or "dokument"
    if Path(name).suffix.lower() not in EXTENSIONS[detected]:
        raise UploadRefused("Dateiendung und Inhalt passen nicht zusammen.")
    if detected == "application/pdf" and any(marker in content for marker in PDF_ACTIVE_CONTENT):
        raise UploadRefused(
            "PDF-Dateien mit aktiven Inhalten (Skripte, eingebettete Dateien) werden abgelehnt."
        )
    return CheckedFile(content, detected, name, hashlib.sha256(content).hexdigest())


def storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "private" / "cases"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(storage_name: str, content: bytes) -> None:
    target = storage_dir() / storage_name
    target.write_bytes(content)
    target.chmod(0o600)


def read(storage_name: str) -> bytes:
    return (storage_dir() / storage_name).read_bytes()


def remove(storage_name: str) -> None:
    if storage_name:
        (storage_dir() / storage_name).unlink(missing_ok=True)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()

