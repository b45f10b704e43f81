"""The app-local English catalogues are complete and compiled; the pages speak English when asked."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2] / "lotse"
CATALOGUES = [ROOT / "fairness" / "locale" / "en" / "LC_MESSAGES", ROOT / "welcome" / "locale" / "en" / "LC_MESSAGES"]


def entries(po: str):
    for block in po.split("\n\n"):
        msgid = "".join(re.findall(r'"(.*)"', (re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M) or [""])[0]))
        strings = re.findall(r"^msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block, re.M)
        if msgid:
            yield msgid, ["".join(re.findall(r'"(.*)"', s)) for s in strings]


@pytest.mark.parametrize("directory", CATALOGUES, ids=lambda d: d.parents[2].name)
def test_every_message_has_an_english_translation_and_is_compiled(directory):
    po = (directory / "django.po").read_text(encoding="utf-8")
    missing = [msgid for msgid, strings in entries(po) if not all(strings)]
    assert missing == []
    assert "#, fuzzy" not in po
    with (directory / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, strings in entries(po):
        if "%(" not in msgid and len(strings) == 1:
            assert compiled.gettext(msgid.encode().decode("unicode_escape").encode("latin-1").decode()) != msgid or (
                strings[0] == msgid
            ), f"{msgid!r}: .mo is older than .po – run compilemessages"


@pytest.mark.django_db
def test_welcome_plan_in_english(client, small_gemeinden):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    query = urlencode(
        {"pathway": "eu_blue_card", "arrival": "2027-03-01", "family": "none", "german": "A1", "work_place": "40822"}
    )
    html = client.get(f"/willkommensplan/?{query}").content.decode()
    assert "Your welcome plan" in html and "Register the address at the registration office" in html
    assert "Before arrival" in html and "Worker" in html
