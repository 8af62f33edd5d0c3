"""The Rasa servers the gateway talks to, used as one: who answers whom, and who is in the rotation.

`make run` starts one Rasa server per core (`RASA_WORKERS`) and the gateway gets all their URLs.
- A person sticks to one worker (rendezvous hashing, `relay.routing`) while it is in the rotation,
  so their turns hit a warm process; conversations and their locks live in Redis, so any worker
  can take over.
- One turn per person at a time: a person's next message waits for the previous reply here, in
  arrival order, so a turn never reaches two workers at once (across gateway replicas Rasa's Redis
  lock store does the same).
- A worker that refuses connections or answers with an error leaves the rotation at once; a probe
  of `/status` every `probe_interval_s` takes out one that hangs and brings back one that answers
  again. A reply that is only late leaves the worker in (it may be busy, or waiting for the lock
  of a conversation whose previous worker died): the probe tells a hanging worker from a busy one.
- A message that never reached a worker (connection refused) goes to the person's next worker; one
  that may have reached it is not sent again (it could be processed twice) and the person gets the
  usual apology.
- Several workers need Redis (the shared tracker and lock stores). Without it every person goes to
  the first worker in the rotation, one conversation in one place, and `/readyz` says so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any

from common.messages import BotMessage
from relay.rasa_client import RasaClient, RasaNotReached, RasaTooSlow, RasaUnavailable, Turn
from relay.routing import ranked

log = logging.getLogger(__name__)

SharedStoreCheck = Callable[[], Awaitable[bool]]


@dataclass
class Worker:
    """One Rasa server and whether it is in the rotation (with the reason when it is not)."""

    client: RasaClient
    in_rotation: bool = True
    problem: str = ""

    @property
    def url(self) -> str:
        return self.client.base_url


class _OneTurnAtATime:
    """A lock per person, kept only while someone holds or waits for it (FIFO, as asyncio.Lock)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def of(self, sender: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(sender, (asyncio.Lock(), 0))
        self._locks[sender] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[sender]
            if users == 1:
                del self._locks[sender]
            else:
                self._locks[sender] = (lock, users - 1)


class RasaWorkers:
    def __init__(
        self,
        urls: Sequence[str],
        *,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 2.0,
        token: str | None = None,
        shared_store_up: SharedStoreCheck | None = None,
        probe_interval_s: float = 2.0,
        probe_timeout_s: float = 2.0,
    ) -> None:
        """`shared_store_up` tells whether Redis answers; None: no Redis configured."""
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self.workers = [
            Worker(
                RasaClient(
                    url, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s, token=token
                )
            )
            for url in urls
        ]
        self._by_url = {worker.url: worker for worker in self.workers}
        self._shared_store_up = shared_store_up
        self.shared_store_ok = shared_store_up is not None
        self._probe_interval_s = probe_interval_s
        self._probe_timeout_s = probe_timeout_s
        self._turns = _OneTurnAtATime()
        self._prober: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        """The workers' URLs, for messages."""
        return ", ".join(worker.url for worker in self.workers)

    @property
    def single_worker_fallback(self) -> bool:
        """Several workers configured but no shared store: everyone goes to one worker."""
        return len(self.workers) > 1 and not self.shared_store_ok

    async def start(self) -> None:
        for worker in self.workers:
            await worker.client.start()
        if len(self.workers) > 1:
            self._prober = asyncio.create_task(self._probe_forever())

    async def close(self) -> None:
        if self._prober is not None:
            self._prober.cancel()
            with suppress(asyncio.CancelledError):
                await self._prober
            self._prober = None
        for worker in self.workers:
            await worker.client.close()

    def rotation(self) -> list[Worker]:
        """The workers people are sent to now: those in the rotation (all of them when none is,
        rather than refusing everybody), only the first of them without a shared store."""
        serving = [worker for worker in self.workers if worker.in_rotation] or self.workers
        return serving[:1] if self.single_worker_fallback else serving

    def in_rotation(self) -> int:
        """How many workers are in the rotation now (0 while every one fails)."""
        return sum(worker.in_rotation for worker in self.workers)

    def preference(self, sender: str) -> list[Worker]:
        """The workers in the rotation in `sender`'s order: the first answers them."""
        return [self._by_url[url] for url in ranked(sender, [w.url for w in self.rotation()])]

    def worker_for(self, sender: str) -> Worker:
        return self.preference(sender)[0]

    async def send(
        self, sender: str, text: str, metadata: Mapping[str, Any] | None = None
    ) -> list[BotMessage]:
        """Send one user message to the person's worker, after their previous one is answered."""
        async with self._turns.of(sender):
            not_reached: RasaNotReached | None = None
            for worker in self.preference(sender):
                try:
                    return await worker.client.send(sender, text, metadata)
                except RasaNotReached as error:  # never left: the next worker may take it
                    self._take_out(worker, str(error))
                    not_reached = error
                except RasaTooSlow:  # may still be processed; busy or hanging: the probe decides
                    raise
                except RasaUnavailable as error:  # may have been processed: not sent again
                    self._take_out(worker, str(error))
                    raise
            assert not_reached is not None  # the rotation is never empty
            raise not_reached

    async def history(self, sender: str, limit: int) -> list[Turn]:
        """The person's history, from their worker or (it is only a read) the next one."""
        failure: RasaUnavailable | None = None
        for worker in self.preference(sender):
            try:
                return await worker.client.history(sender, limit)
            except RasaUnavailable as error:
                self._take_out(worker, str(error))
                failure = error
        assert failure is not None
        raise failure

    async def probe(self) -> list[Worker]:
        """Ask every worker's `/status` (and Redis) now; update the rotation; return the workers."""
        checks = [worker.client.is_ready(self._probe_timeout_s) for worker in self.workers]
        ready = await asyncio.gather(*checks)
        for worker, answered in zip(self.workers, ready, strict=True):
            if answered:
                self._bring_back(worker)
            else:
                self._take_out(worker, "no answer with a loaded model to /status")
        if self._shared_store_up is not None:
            was_ok, self.shared_store_ok = self.shared_store_ok, await self._shared_store_up()
            if was_ok and self.single_worker_fallback:
                log.error(
                    "Redis does not answer: all people go to one Rasa worker (%s) until it does",
                    self.rotation()[0].url,
                )
            elif not was_ok and self.shared_store_ok and len(self.workers) > 1:
                log.warning("Redis answers again: people are spread over the Rasa workers again")
        return self.workers

    async def _probe_forever(self) -> None:
        while True:
            await asyncio.sleep(self._probe_interval_s)
            try:
                await self.probe()
            except Exception:  # a probe must never end the loop
                log.exception("Probing the Rasa workers failed")

    def _take_out(self, worker: Worker, problem: str) -> None:
        if worker.in_rotation and len(self.workers) > 1:
            log.warning("Rasa worker %s leaves the rotation: %s", worker.url, problem)
        worker.in_rotation, worker.problem = False, problem

    def _bring_back(self, worker: Worker) -> None:
        if not worker.in_rotation and len(self.workers) > 1:
            log.warning("Rasa worker %s is back in the rotation", worker.url)
        worker.in_rotation, worker.problem = True, ""
