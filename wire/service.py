"""The service: every long-lived part of a running server, built once from the configuration."""

from __future__ import annotations

import asyncio
import functools
import hmac
import ipaddress
from dataclasses import dataclass, field

from aiohttp import web
from multidict import CIMultiDictProxy

from wire.auth import Keyring, bearer_token, digest
from wire.bulk_writers import BulkWriters
from wire.callbacks import AddressPolicy, CallbackClient
from wire.clients import ClientAddresses
from wire.config import Config, EditorConfig
from wire.errors import BadRequest, Unauthorized, Unavailable
from wire.ingest import Normaliser
from wire.observe import QUOTA, Observer
from wire.publisher import Publisher
from wire.ratelimit import Limiter, RateLimiter, SharedRateLimiter
from wire.rules import Audience, partner_audience, public_audience
from wire.store import Clock, Store
from wire.views import Viewer
from wire.websub import Hub


@dataclass(frozen=True, slots=True)
class Service:
    config: Config
    store: Store
    clock: Clock
    normaliser: Normaliser
    bulk_writers: BulkWriters
    viewer: Viewer
    publisher: Publisher
    editors: Keyring[EditorConfig]
    partners: Keyring[Audience]
    public: Audience
    limiter: Limiter
    observer: Observer
    clients: ClientAddresses  # who each request comes from
    max_ages: dict[str, int]  # Cache-Control max-age of each section's feeds
    hub: Hub
    _known_keys: dict[str, Audience] = field(default_factory=dict)

    @classmethod
    def build(cls, config: Config, store: Store, clock: Clock, observer: Observer, clients: ClientAddresses) -> Service:
        viewer = Viewer.of(config)
        audiences = {name: partner_audience(name, p) for name, p in config.partners.items()}
        publisher = Publisher(config, store, viewer, clock)
        public = public_audience(config)
        client = CallbackClient(
            AddressPolicy.of(config.websub.allowed_networks), timeout_seconds=config.websub.timeout_seconds
        )
        hub = Hub(config, store, publisher, viewer.urls, audiences, public, clock, client, observer)
        normaliser = Normaliser(config, clock)
        return cls(
            config=config,
            store=store,
            clock=clock,
            normaliser=normaliser,
            bulk_writers=BulkWriters(normaliser, store, config.server.bulk_processes),
            viewer=viewer,
            publisher=publisher,
            editors=Keyring(config.editors, {n: e.token_sha256 for n, e in config.editors.items()}),
            partners=Keyring(audiences, {n: p.key_sha256 for n, p in config.partners.items()}),
            public=public,
            limiter=SharedRateLimiter(store) if config.server.shared_rate_limits else RateLimiter(),
            observer=observer,
            clients=clients,
            max_ages={
                name: section.max_age_seconds if section.max_age_seconds is not None else config.feeds.max_age_seconds
                for name, section in config.sections.items()
            },
            hub=hub,
        )

    def editor(self, request: web.Request) -> str:
        """The name of the editor whose bearer token the request carries; raises Unauthorized otherwise."""
        token = bearer_token(request.headers)
        if token is None:
            raise Unauthorized("this endpoint needs an editor token: Authorization: Bearer <token>")
        found = self.editors.find(token)
        if found is None:
            raise Unauthorized("the editor token is not valid", error="invalid_token")
        return found[0]

    def metrics_reader(self, request: web.Request) -> None:
        """Unauthorized unless the request may read /metrics: anyone may, unless `[server] metrics_token_sha256` is
        set, when the request must carry that token."""
        wanted = self.config.server.metrics_token_sha256
        if wanted is None:
            return
        token = bearer_token(request.headers)
        if token is None:
            raise Unauthorized("/metrics needs the metrics token: Authorization: Bearer <token>")
        if not hmac.compare_digest(digest(token), wanted):
            raise Unauthorized("the metrics token is not valid", error="invalid_token")

    async def check_store(self) -> None:
        """Unavailable (503, with Retry-After) unless the store answers (a read of an item no one has) and its
        last commit succeeded."""
        try:
            await self.store.get("readiness-probe")
        except Unavailable:
            raise
        except Exception as exc:
            raise Unavailable(f"the store does not answer: {exc}") from exc
        if self.store.commit_failure is not None:
            # The last commit failed: it reads, but may not write. A write of its own (a rate-limit bucket that
            # never runs out) tells whether it writes again.
            probe = asyncio.ensure_future(self.store.take_token("readiness-probe", 1_000_000, 1_000_000.0))
            try:
                # A probe answers within seconds: a store that takes longer (waiting for a lock) is not ready.
                await asyncio.wait_for(asyncio.shield(probe), _PROBE_SECONDS)
            except TimeoutError:
                probe.add_done_callback(lambda done: done.cancelled() or done.exception())  # ends in its own time
                raise Unavailable(f"the store cannot commit: {self.store.commit_failure}") from None
            except Exception as exc:
                raise Unavailable(f"the store cannot commit: {self.store.commit_failure or exc}") from exc
            self.store.commit_failure = None

    def is_editor(self, request: web.Request) -> bool:
        try:
            token = bearer_token(request.headers)
        except Unauthorized:  # an Authorization header that is not `Bearer <token>`: whoever reads it refuses it
            return False
        return token is not None and self.editors.find(token) is not None

    async def audience(self, request: web.Request) -> Audience:
        """The partner whose key the request carries (header or `?key=`), or the public when it carries none.

        Counts the request against the audience's rate limit (per partner, or per client address for the public);
        raises Unauthorized for a key that is not valid, RateLimited over the limit, and as `key` does.
        """
        key = self.key(request)
        audience = self.public if key is None else self.holder(key)
        await self.admit(audience, request)
        return audience

    def key(self, request: web.Request) -> str | None:
        """The key the request carries, in its Authorization header or as `?key=`; None when it carries none.

        One way only (RFC 6750 2): BadRequest for a request that uses both, as which one counts is anyone's guess.
        Unauthorized (`invalid_request`) for a header that is not `Bearer <key>`, or an empty `?key=`.
        """
        header = bearer_token(request.headers)
        query = request.query.get("key") if request.query_string else None
        if query is None:
            return header
        if header is not None:
            raise BadRequest(
                "the request sends a key twice, in the Authorization header and as ?key=: send one",
                headers={"WWW-Authenticate": 'Bearer realm="newswire", error="invalid_request"'},  # RFC 6750 3.1
            )
        if not query:
            raise Unauthorized("the key parameter is empty: send ?key=<key>", error="invalid_request")
        return query

    async def admit(self, audience: Audience, request: web.Request) -> None:
        """Count the request against `audience`'s rate limit; RateLimited over it. Admitted, the request keeps where
        its client then stands (`QUOTA`), which its answer tells (see wire.observe)."""
        if audience.requests_per_minute:
            quota = await self.limiter.admit(
                self.bucket(audience, request.remote, request.headers), audience.requests_per_minute
            )
            if quota is not None:
                request[QUOTA] = quota

    def known_audience(self, headers: CIMultiDictProxy[str]) -> Audience | None:
        """The audience of a request with `headers` when it is known at once: the public for a request without a
        key, a partner whose key was found valid before; None otherwise (a key to check)."""
        try:
            key = bearer_token(headers)
        except Unauthorized:  # the full path refuses it
            return None
        return self.public if key is None else self._known_keys.get(key)

    def admit_at_once(
        self, audience: Audience, peer: str | None, headers: CIMultiDictProxy[str]
    ) -> dict[str, str] | None:
        """The RateLimit headers of the answer to a request with `headers` from `peer` (none without a limit) when
        it is within `audience`'s rate limit and that can be told without waiting (no limit, or buckets in this
        process); a request admitted counts. None otherwise."""
        per_minute = audience.requests_per_minute
        if not per_minute:
            return {}
        if not isinstance(self.limiter, RateLimiter):
            return None
        bucket = self.bucket(audience, peer, headers)
        if self.limiter.take(bucket, per_minute) != 0.0:
            return None
        quota = self.limiter.quota(bucket, per_minute)
        return quota.headers() if quota is not None else {}

    def bucket(self, audience: Audience, peer: str | None, headers: CIMultiDictProxy[str]) -> str:
        """Whose requests count together: a partner's, or the public's per client address (per /64 network for
        IPv6, as one client is given a whole /64 and may take any address of it)."""
        if audience.partner is None:
            return f"address:{_client_network(self.clients.of_peer(peer, headers))}"
        return audience.bucket

    def holder(self, key: str) -> Audience:
        """The audience a key stands for; Unauthorized for a key that is not valid.

        Keys already found valid are remembered (in memory only, a bounded number), so that a partner's polls
        skip the digest; an unknown key is checked afresh every time.
        """
        known = self._known_keys.get(key)
        if known is not None:
            return known
        found = self.partners.find(key)
        if found is not None:
            if len(self._known_keys) >= _KNOWN_KEYS_MAX:
                self._known_keys.clear()
            self._known_keys[key] = found[1]
            return found[1]
        if self.editors.find(key) is not None:
            return self.public
        # Unknown and wrong keys get the same answer: it does not tell which partners exist.
        raise Unauthorized("the key is not valid", error="invalid_token")


SERVICE = web.AppKey("service", Service)
# Seconds a readiness probe waits for the store to commit.
_PROBE_SECONDS = 2.0
_KNOWN_KEYS_MAX = 10_000


@functools.lru_cache(maxsize=4096)
def _client_network(address: str) -> str:
    """An IPv6 client's /64 network; any other address (or name) as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return address
