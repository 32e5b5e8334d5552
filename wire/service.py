"""The service: every long-lived part of a running server, built once from the configuration."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from wire.auth import Keyring, bearer_token
from wire.config import Config, EditorConfig
from wire.errors import Unauthorized
from wire.ingest import Normaliser
from wire.publisher import Publisher
from wire.ratelimit import Limiter, RateLimiter, SharedRateLimiter
from wire.rules import Audience, partner_audience, public_audience
from wire.store import Clock, Store
from wire.views import Viewer


@dataclass(frozen=True, slots=True)
class Service:
    config: Config
    store: Store
    clock: Clock
    normaliser: Normaliser
    viewer: Viewer
    publisher: Publisher
    editors: Keyring[EditorConfig]
    partners: Keyring[Audience]
    public: Audience
    limiter: Limiter

    @classmethod
    def build(cls, config: Config, store: Store, clock: Clock) -> Service:
        viewer = Viewer.of(config)
        audiences = {name: partner_audience(name, p) for name, p in config.partners.items()}
        return cls(
            config=config,
            store=store,
            clock=clock,
            normaliser=Normaliser(config, clock),
            viewer=viewer,
            publisher=Publisher(config, store, viewer, clock),
            editors=Keyring(config.editors, {n: e.token_sha256 for n, e in config.editors.items()}),
            partners=Keyring(audiences, {n: p.key_sha256 for n, p in config.partners.items()}),
            public=public_audience(config),
            limiter=SharedRateLimiter(store) if config.server.shared_rate_limits else RateLimiter(),
        )

    def editor(self, request: web.Request) -> str:
        """The name of the editor whose bearer token the request carries; raises Unauthorized otherwise."""
        token = bearer_token(request)
        if token is None:
            raise Unauthorized("this endpoint needs an editor token: Authorization: Bearer <token>")
        found = self.editors.find(token)
        if found is None:
            raise Unauthorized("the editor token is not valid")
        return found[0]

    def is_editor(self, request: web.Request) -> bool:
        token = bearer_token(request)
        return token is not None and self.editors.find(token) is not None

    async def audience(self, request: web.Request) -> Audience:
        """The partner whose key the request carries (header or `?key=`), or the public when it carries none.

        Counts the request against the audience's rate limit (per partner, or per client address for the public);
        raises Unauthorized for a key that is not valid, RateLimited over the limit.
        """
        key = bearer_token(request) or request.query.get("key")
        audience = self.public if not key else self._holder(key)
        if audience.partner is None:
            await self.limiter.admit(f"address:{request.remote}", audience.requests_per_minute)
        else:
            await self.limiter.admit(f"partner:{audience.name}", audience.requests_per_minute)
        return audience

    def _holder(self, key: str) -> Audience:
        found = self.partners.find(key)
        if found is not None:
            return found[1]
        if self.editors.find(key) is not None:
            return self.public
        # Unknown and wrong keys get the same answer: it does not tell which partners exist.
        raise Unauthorized("the key is not valid")


SERVICE = web.AppKey("service", Service)
