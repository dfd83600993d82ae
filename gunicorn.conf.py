"""gunicorn settings for production (README: Production): `gunicorn -c gunicorn.conf.py ucj_site.wsgi`.

Each value can be changed from the environment without editing this file.
"""
import logging
import multiprocessing
import os
import sys

from gunicorn import glogging

from ucj_site.logfmt import KeyValueFormatter

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: a slow client on a poor field-office connection, or a long export, holds one thread,
# not a whole process. 2 x cores + 1 processes (5 on a 2-core machine), 4 threads each; each thread keeps
# its own database connection (CONN_MAX_AGE), so 20 connections, well under PostgreSQL's 100.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A national export or an import may take a minute on a busy server: 120 s before a worker is killed.
# The proxy in front must wait at least as long (e.g. nginx proxy_read_timeout 130s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5

# Restart each worker after about a thousand requests, at staggered times, so that a slow leak never grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))

# Heartbeat files in memory rather than on a disk that may stall (the gunicorn docs' advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No runtime control socket (gunicornc): the service manager's signals suffice (HUP reloads, TERM stops),
# and several gunicorns on one machine (tests, benchmarks) would share its default path.
control_socket_disable = True

# Addresses of the proxy allowed to set X-Forwarded-Proto (gunicorn's own default, made explicit).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error lines on stdout, in the same `key=value` form as the app's (ucj_site/logfmt.py).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    'ip=%(h)s forwarded_for="%({x-forwarded-for}i)s" method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s '
    'bytes=%(B)s duration_ms=%(M)s ua="%(a)s"'
)


class KeyValueLogger(glogging.Logger):
    """gunicorn's logger with our line format, and its error log on stdout like everything else."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(KeyValueFormatter())
            if type(handler) is logging.StreamHandler:  # not a log file given with --error-logfile
                handler.setStream(sys.stdout)
        for handler in self.access_log.handlers:
            handler.setFormatter(KeyValueFormatter(preformatted=True))


logger_class = KeyValueLogger
