"""gunicorn settings for Lotse (`gunicorn --config deploy/gunicorn.conf.py lotse.wsgi:application`).

Only the process layout lives here; everything Lotse itself reads comes from the same environment (docs/operations.md).
"""

import os

# Behind the reverse proxy: listen where only the proxy can reach (compose publishes 127.0.0.1:8000 on the host).
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes × threads = requests served at once. Threads help while a request waits for PostgreSQL; processes use
# the cores. Every thread may hold one database connection: keep workers × threads below max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Load Lotse once in the master: workers fork with it in memory (lotse.wsgi freezes it for the GC), and a broken
# configuration (no SECRET_KEY) stops the start instead of every worker failing alone.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a request running longer is killed and logged
graceful_timeout = 30  # on SIGTERM (deploy), requests in flight may finish
keepalive = 5  # > 0: the proxy keeps connections to gunicorn open (nginx upstream keepalive)
max_requests = 5000  # recycle a worker now and then, so a slow leak can never grow unbounded
max_requests_jitter = 500
# X-Forwarded-* headers are believed only from these addresses (the proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Lotse logs each request itself (LOG_REQUESTS=1, JSON with request id); gunicorn's own messages as JSON too.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "WARNING").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotse.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["console"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        # gunicorn writes access lines whenever a logging configuration is given: Lotse's own (LOG_REQUESTS)
        # carry the request id and leave out the path's tokens, so gunicorn's are switched off.
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
