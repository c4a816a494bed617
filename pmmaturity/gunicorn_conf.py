"""gunicorn's settings for pmmaturity in production, from the project folder:
`gunicorn -c pmmaturity/gunicorn_conf.py pmmaturity.wsgi`. benchmarks/load.py starts gunicorn
with it, so the bench measures what production runs.

Chosen on a 2-core machine running gunicorn, PostgreSQL and the load generator together
(benchmarks/load.py, 50 respondents): see the README's production section for the figures.
Sync workers: a request holds its worker from the first byte to the last, and an autosave is
a few milliseconds of Python, so more workers than cores only queue at the CPU; threads in a
worker (gthread) share one interpreter lock and added latency, not saves. WEB_CONCURRENCY
(gunicorn's own variable) sets another number of workers, e.g. on a machine with more cores.
"""

import os

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = 1
