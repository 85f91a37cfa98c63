"""A distributed crawl: several workers (processes, on one machine or several) share one Redis through
scrapy-redis (the request queue and the duplicate filter), the project's spider staying a plain
``scrapy.Spider``. Only ``nianbao crawl --workers N`` / ``--redis URL`` imports this package: a
single-machine crawl needs neither Redis nor scrapy-redis.

- ``settings``: what a worker adds to the project settings (scheduler, keys named by the run id, persist);
- ``ledger``: each worker's record of the requests it enqueued and the ones it finished (it survives a
  SIGKILL), its non-document crawl events, and the idle grace that keeps a worker from quitting in a gap;
- ``worker``: the worker child (``python -m crawler.distributed.worker``);
- ``reconcile``: after the workers: every request enqueued with no outcome is pushed back and crawled;
- ``combine``: the workers' share become one staging run, judged (alarms) as one crawl;
- ``coordinator``: ``crawl_distributed``, the whole job; ``redis_server``: a private ``redis-server``.
"""
