"""RULES_VERSION: a semantic version plus a hash of every parameter and catalogue file.

Any change to a threshold, list or catalogue changes the version, so a stored answer names the data it used.
"""

from __future__ import annotations

import hashlib

from lotse.rules.parameters import PARAMETER_DIR

ENGINE_VERSION = "1.0.0"


def _data_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(PARAMETER_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


RULES_VERSION = f"{ENGINE_VERSION}+{_data_hash()}"
