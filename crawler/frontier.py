"""A crawl frontier shared by several crawl processes: scrapy-redis's scheduler and duplicate filter.

``debatelens crawl --frontier redis://HOST:PORT/N`` runs the crawl with
:class:`FrontierScheduler`, a scrapy-redis :class:`scrapy_redis.scheduler.Scheduler` whose
request queue (a redis sorted set by priority) and duplicate filter (a redis set of request
fingerprints, :class:`scrapy_redis.dupefilter.RFPDupeFilter`) live in redis: every process
started with the same frontier takes requests from one queue, and a URL any of them has asked
for is asked for once. Each process writes what it fetches to the one store (PostgreSQL when the
processes are on several machines).

What scrapy-redis leaves to its user, and this module adds (in a few redis scripts, each atomic):

- **Who seeds.** The first process of a crawl (:meth:`Frontier.join` answers ``first``) yields
  the start requests (feeds, sitemaps, API searches, site start pages); a process that joins a
  crawl in progress (``joined``), or one that finds the queue of a crawl whose processes were
  all stopped (``resumed``), yields none and takes its work from the queue. Every process of one
  frontier must crawl the same sources (their callbacks read the spider's sources): a process
  with other sources is refused while the crawl runs ([E207]); a dead crawl of other sources is
  discarded (W205).
- **When the crawl ends.** scrapy-redis keeps an idle spider open for a fixed
  ``MAX_IDLE_TIME_BEFORE_CLOSE`` (measured from when its spider class was imported, not from
  when the queue emptied) and knows nothing of the requests other processes have in flight, so
  the first process to run out of queue would leave while another's sitemap answer was about to
  fill it. Here each process keeps a lease in redis and a *busy* mark, set in the same atomic step
  that pops a request from the queue and cleared only when its engine is idle (everything it
  fetched has been answered and the requests it led to are queued). A process ends when it is
  idle, the queue is empty and no other live process is busy; until then it stays open and
  takes new requests as soon as they are queued (a poll every :data:`POLL_SECONDS`).
- **When the frontier is cleared.** scrapy-redis's ``SCHEDULER_PERSIST = False`` flushes the
  queue and the duplicate filter when *a* process closes, under the feet of the others, so it is
  on here, and the last process to leave a finished crawl deletes the crawl's keys: the next crawl
  starts afresh (stored URLs are still skipped, from the store). A crawl stopped early (Ctrl-C)
  keeps its queue, and the next crawl with the same frontier resumes from it. A process killed
  outright loses the requests it had in flight (the next crawl fetches their pages, which are not
  stored) and its lease runs out after :data:`LEASE_SECONDS`, so it holds the others that long.

Keys, all under ``debatelens:<spider>:`` in the redis database of the URL: ``requests``,
``dupefilter`` (scrapy-redis's), ``crawlers`` and ``busy`` (process id -> lease end, seconds of the
redis server's clock, so the machines' clocks need not agree), ``taken`` (process id -> requests
it took from the queue) and ``plan`` (the sources' fingerprint).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scrapy_redis.queue import PriorityQueue  # ImportError: crawler.run.crawl says E205
from scrapy_redis.scheduler import Scheduler

from corpus.errors import NotInstalled

from .errors import CrawlerError, Errors, Warnings

logger = logging.getLogger(__name__)

#: Seconds a process's lease lasts without renewal; a killed process holds the others this long.
#: Renewed every :data:`POLL_SECONDS` from the reactor, so only a reactor blocked this long
#: (never seen: the longest step, a large sitemap, takes seconds) would let a live one lapse.
LEASE_SECONDS = 60
#: Seconds between two looks of an idle process at the queue (and renewals of its lease).
POLL_SECONDS = 0.25
#: Request meta key of a request popped by the idle poll and handed to this process's engine.
HANDOFF = "debatelens_frontier_handoff"
#: Request meta key of a request that stays in the process that made it (GDELT's calls: one at a
#: time, ``gdelt_interval`` apart, which only one process's download slot can keep).
LOCAL = "debatelens_frontier_local"
#: Scrapy's close reason of a spider that ran to its end (not a crawl failure reason).
FINISHED = "finished"
#: Key prefix; the spider's name follows (``debatelens:discovery:requests``).
PREFIX = "debatelens:%(spider)s"

_EXPIRE = """
local function expire(key, now)
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if tonumber(all[i + 1]) < now then redis.call('HDEL', key, all[i]) end
  end
end
"""

# KEYS: plan, crawlers, busy, requests, dupefilter, taken; ARGV: fingerprint, process id, lease seconds.
_JOIN = _EXPIRE + """
local now = tonumber(redis.call('TIME')[1])
expire(KEYS[2], now); expire(KEYS[3], now)
local live = redis.call('HLEN', KEYS[2])
local plan = redis.call('GET', KEYS[1])
local queued = redis.call('ZCARD', KEYS[4])
local discarded = 0
if plan and plan ~= ARGV[1] then
  if live > 0 then return {'other', live, queued, 0} end
  discarded = queued
  redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
  plan = false
  queued = 0
end
local role
if live > 0 then role = 'joined'
elseif plan and queued > 0 then role = 'resumed'
else
  redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
  role = 'first'
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], now + tonumber(ARGV[3]))
redis.call('HSET', KEYS[3], ARGV[2], now + tonumber(ARGV[3]))
return {role, live, queued, discarded}
"""

# KEYS: crawlers, busy; ARGV: process id, lease seconds, busy (1/0).
_RENEW = """
local now = tonumber(redis.call('TIME')[1])
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]))
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], ARGV[1], now + tonumber(ARGV[2]))
else redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
"""

# KEYS: requests, busy, taken; ARGV: process id, lease seconds. The lowest score first, as
# scrapy-redis's PriorityQueue.pop; the process is marked busy in the same step, so no other one
# can see the queue empty and nobody busy while this request is in hand; `taken` counts them.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local now = tonumber(redis.call('TIME')[1])
redis.call('HSET', KEYS[2], ARGV[1], now + tonumber(ARGV[2]))
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return found[1]
"""

# KEYS: requests, busy, crawlers; ARGV: process id. -> {queued, other busy processes}
_STATE = _EXPIRE + """
local now = tonumber(redis.call('TIME')[1])
expire(KEYS[3], now); expire(KEYS[2], now)
local others = redis.call('HLEN', KEYS[2]) - redis.call('HEXISTS', KEYS[2], ARGV[1])
return {redis.call('ZCARD', KEYS[1]), others}
"""

# KEYS: crawlers, busy, plan, requests, dupefilter, taken; ARGV: process id, clear when last (1/0).
_LEAVE = _EXPIRE + """
local now = tonumber(redis.call('TIME')[1])
local was = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
expire(KEYS[1], now)
if was == 1 and ARGV[2] == '1' and redis.call('HLEN', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
  return {was, 1}
end
return {was, 0}
"""


def _redis():
    """The redis client module, or NotInstalled [E205]."""
    try:
        import redis
        import scrapy_redis  # noqa: F401 - the scheduler is needed too
    except ImportError as exc:
        raise NotInstalled(Errors.E205) from exc
    return redis


def display(url: str) -> str:
    """``url`` with its password, if any, replaced by ``***`` (for messages and run rows)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def plan_fingerprint(sources: Mapping[str, Any], profile: str) -> str:
    """What every process of one frontier must agree on: the sources and the profile, without
    the time windows computed from "now" (GDELT's and Hacker News's ``start``/``end``: two
    processes started a minute apart crawl the same ``days``). SHA-256 hex of canonical JSON.

    Args:
        sources: the spider's source arguments (:func:`crawler.sources.plan.crawl_sources`),
            as JSON values (dataclasses as tables).
        profile: the profile's name or path.
    """
    plain = {}
    for key, value in sources.items():
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in ("start", "end")}
        plain[key] = value
    text = json.dumps({"profile": profile, "sources": plain}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Joined:
    """What :meth:`Frontier.join` found.

    Attributes:
        role (str): ``first`` (this process seeds the crawl), ``joined`` (a crawl in progress:
            take requests from the queue, seed nothing) or ``resumed`` (the queue of a crawl
            stopped early: go on with it, seed nothing).
        crawlers (int): other live processes of the frontier when this one joined.
        queued (int): requests in the queue then.
        discarded (int): requests of a dead crawl of other sources dropped (W205), else 0.
    """

    role: str
    crawlers: int
    queued: int
    discarded: int = 0

    @property
    def seeds(self) -> bool:
        """Whether this process yields the crawl's start requests."""
        return self.role == "first"


class Frontier:
    """One process's handle on a shared frontier: its id, its lease, the crawl's keys.

    Args:
        url (str): ``redis://HOST:PORT/N`` (``rediss://`` for TLS, ``unix://`` for a socket).
        spider (str): the spider's name (the keys' prefix: ``debatelens:<spider>:``).
        ident (str | None): this process's id in the frontier; default: host, pid and a random part.
        client: a redis client to use instead of one made from ``url`` (scrapy-redis's own, in the
            scheduler).

    Raises:
        NotInstalled: [E205] redis or scrapy-redis is missing.
    """

    def __init__(self, url: str, *, spider: str = "discovery", ident: str | None = None, client=None) -> None:
        redis = _redis()
        self.url = url
        self.ident = ident or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.server = client if client is not None else redis.Redis.from_url(url, socket_timeout=30,
                                                                            socket_connect_timeout=10)
        prefix = PREFIX % {"spider": spider}
        self.keys = {name: f"{prefix}:{name}" for name in ("requests", "dupefilter", "crawlers", "busy", "plan",
                                                          "taken")}
        self._scripts = {name: self.server.register_script(body) for name, body in
                         (("join", _JOIN), ("renew", _RENEW), ("pop", _POP), ("state", _STATE), ("leave", _LEAVE))}

    def _run(self, name: str, keys: tuple[str, ...], *args: Any):
        return self._scripts[name](keys=[self.keys[k] for k in keys], args=list(args))

    def check(self) -> None:
        """Ping the server. Raises CrawlerError [E206] when it cannot be reached."""
        redis = _redis()
        try:
            self.server.ping()
        except redis.RedisError as exc:
            raise CrawlerError(Errors.E206.format(url=display(self.url), reason=str(exc).rstrip("."))) from exc

    def join(self, fingerprint: str) -> Joined:
        """Register this process in the crawl of ``fingerprint`` (:func:`plan_fingerprint`).

        Returns:
            a :class:`Joined` saying whether this process seeds the crawl.

        Raises:
            CrawlerError: [E207] live processes crawl other sources; [E206] no server.
        """
        redis = _redis()
        try:
            role, live, queued, discarded = self._run(
                "join", ("plan", "crawlers", "busy", "requests", "dupefilter", "taken"), fingerprint, self.ident,
                LEASE_SECONDS)
        except redis.RedisError as exc:
            raise CrawlerError(Errors.E206.format(url=display(self.url), reason=str(exc).rstrip("."))) from exc
        role = role.decode() if isinstance(role, bytes) else role
        if role == "other":
            raise CrawlerError(Errors.E207.format(url=display(self.url), crawlers=live))
        if discarded:
            logger.warning(Warnings.W205.format(url=display(self.url), requests=discarded))
        return Joined(role=role, crawlers=int(live), queued=int(queued), discarded=int(discarded))

    def renew(self, *, busy: bool) -> None:
        """Renew this process's lease; mark it busy (requests in hand) or idle."""
        self._run("renew", ("crawlers", "busy"), self.ident, LEASE_SECONDS, 1 if busy else 0)

    def pop(self) -> bytes | None:
        """Take the first request of the queue (serialised) and mark this process busy, in one step."""
        return self._run("pop", ("requests", "busy", "taken"), self.ident, LEASE_SECONDS)

    def state(self) -> tuple[int, int]:
        """``(requests queued, other live processes busy)``, read in one step."""
        queued, others = self._run("state", ("requests", "busy", "crawlers"), self.ident)
        return int(queued), int(others)

    def leave(self, *, finished: bool) -> bool:
        """Unregister this process; when it was the last of a ``finished`` crawl with nothing
        queued, delete the crawl's keys (the next crawl starts afresh). Returns whether it did.
        Safe to call twice."""
        _was, cleared = self._run("leave", ("crawlers", "busy", "plan", "requests", "dupefilter", "taken"),
                                  self.ident, 1 if finished else 0)
        return bool(cleared)


# --- Scrapy side ------------------------------------------------------------------------------

class FrontierQueue(PriorityQueue):
    """scrapy-redis's priority queue whose ``pop`` also marks this process busy (one redis
    script, :meth:`Frontier.pop`), so the end-of-crawl test never sees a request in nobody's hands."""

    def __init__(self, server, spider, key, serializer=None) -> None:
        super().__init__(server, spider, key, serializer)
        self.frontier = Frontier(spider.settings["REDIS_URL"], spider=spider.name,
                                 ident=spider.settings["DEBATELENS_FRONTIER_ID"], client=server)

    def pop(self, timeout: int = 0):
        data = self.frontier.pop()
        return self._decode_request(data) if data else None


class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler, kept open until the whole crawl is done (see the module text).

    Settings (from :func:`crawler.settings.scrapy_settings`): ``REDIS_URL``,
    ``DEBATELENS_FRONTIER_ID`` (the process's id, from :meth:`Frontier.join`), and scrapy-redis's
    ``SCHEDULER_PERSIST = True``, ``SCHEDULER_QUEUE_CLASS`` = :class:`FrontierQueue`, the keys.
    """

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        scheduler = super().from_crawler(crawler)
        # scrapy-redis 0.9 counts with StatsCollector.inc_value(spider=...), deprecated in Scrapy
        # 2.13 (a warning a request): counted here instead, under the same names.
        scheduler.stats, scheduler.counts = None, crawler.stats
        scheduler.crawler = crawler
        scheduler.frontier = Frontier(crawler.settings["REDIS_URL"], spider=crawler.spidercls.name,
                                      ident=crawler.settings["DEBATELENS_FRONTIER_ID"], client=scheduler.server)
        scheduler.handoff = deque()
        scheduler.closing = False
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        from twisted.internet import task

        import warnings

        with warnings.catch_warnings():  # scrapy-redis 0.9 says "Resuming crawl" with Spider.log()
            warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated")
            result = super().open(spider)
        self.poll = task.LoopingCall(self._tick)
        self.poll.start(POLL_SECONDS, now=False)
        return result

    def enqueue_request(self, request) -> bool:
        if request.meta.pop(HANDOFF, False):  # popped by the poll already: straight to this engine
            self.handoff.append(request)
            return True
        if request.meta.get(LOCAL):
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.handoff.append(request)
            return True
        queued = super().enqueue_request(request)
        if queued:
            self.counts.inc_value("scheduler/enqueued/redis")
        return queued

    def next_request(self):
        if self.handoff:
            return self.handoff.popleft()
        request = super().next_request()
        if request is not None:
            self.counts.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return bool(self.handoff) or super().has_pending_requests()

    def __len__(self) -> int:
        return len(self.handoff) + super().__len__()

    def _over(self) -> bool:
        queued, others = self.frontier.state()
        return queued == 0 and others == 0

    def spider_idle(self, spider=None) -> None:
        """Scrapy's ``spider_idle`` signal: close only when the whole crawl is done."""
        from scrapy.exceptions import DontCloseSpider

        if self.closing or self._over():
            self.closing = True
            return
        raise DontCloseSpider

    def _idle(self) -> bool:
        try:
            return self.crawler.engine.spider_is_idle()
        except (AttributeError, RuntimeError):  # the engine has no slot: opening or closed
            return False

    def _room(self) -> bool:
        try:
            return not self.crawler.engine.needs_backout()
        except (AttributeError, RuntimeError):
            return False

    def _tick(self) -> None:
        """Every :data:`POLL_SECONDS`: renew the lease; with room for a request and requests
        queued (by other processes: this engine looks at the queue only after its own downloads
        and at its heartbeat, every 5 s), take one now; idle with nothing queued and nobody busy,
        end the crawl."""
        if self.closing:
            return
        idle = self._idle()
        try:
            self.frontier.renew(busy=not idle)
            queued, others = self.frontier.state()
        except Exception as exc:  # noqa: BLE001 - redis gone for a moment: try again next tick
            logger.warning("crawl frontier %s: %s", display(self.frontier.url), exc)
            return
        if queued and not self.handoff and self._room():
            request = super().next_request()
            if request is not None:
                # through the engine, so that it schedules the download now (and then takes more
                # while it has room); enqueue_request hands it back without filtering (it passed
                # the duplicate filter when queued)
                request.meta[HANDOFF] = True
                self.crawler.engine.crawl(request)
        elif idle and not queued and others == 0:
            self.closing = True
            self._close_spider()

    def _close_spider(self) -> None:
        engine = self.crawler.engine
        close = getattr(engine, "close_spider_async", None)
        if close is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(close(reason=FINISHED))
        else:  # pragma: no cover - Scrapy < 2.13
            engine.close_spider(self.spider, FINISHED)

    def close(self, reason: str):
        if getattr(self, "poll", None) is not None and self.poll.running:
            self.poll.stop()
        self.closing = True
        try:
            cleared = self.frontier.leave(finished=reason == FINISHED)
        except Exception as exc:  # noqa: BLE001 - the lease runs out by itself
            logger.warning("crawl frontier %s: could not leave: %s", display(self.frontier.url), exc)
        else:
            if cleared:
                logger.info("crawl frontier %s: the crawl is done; its keys are deleted", display(self.frontier.url))
        return super().close(reason)
