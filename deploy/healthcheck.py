"""Container health check of the web process: GET /health/ on this container, exit 0 when it answers 200.

Standard library only (runs every 30 s). Sends the first of ALLOWED_HOSTS as Host and says the request came over
HTTPS, as the reverse proxy would, so that host checks and an HTTPS redirect do not fail it.
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            print(response.read(300).decode(errors="replace"))
            return 0
    except urllib.error.HTTPError as error:
        print(f"/health/ answered {error.code}", file=sys.stderr)
    except OSError as error:
        print(f"/health/ unreachable: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
