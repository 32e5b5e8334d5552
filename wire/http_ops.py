"""Operations endpoints: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from collections.abc import Iterator

from aiohttp import web
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from wire.http_items import json_response
from wire.observe import gauge
from wire.service import SERVICE, Service

PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: the process is alive and its event loop answers."""
    return json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    """GET /readyz: the store answers and its migrations are applied; 503 otherwise."""
    await request.app[SERVICE].check_store()
    return json_response({"status": "ready"})


async def metrics(request: web.Request) -> web.Response:
    """GET /metrics: Prometheus text format (with the metrics token, where one is configured)."""
    service = request.app[SERVICE]
    service.metrics_reader(request)
    registry = CollectorRegistry(auto_describe=False)
    collector = _Collector(service)
    # With workers, each scrape reads the one that answers: a `worker` label keeps each worker's counters a series
    # of their own, which only grows, rather than one that jumps between them.
    registry.register(collector if service.observer.worker is None else _Labelled(collector, service.observer.worker))
    return web.Response(body=generate_latest(registry), headers={"Content-Type": PROMETHEUS_TYPE})


class _Collector(Collector):
    def __init__(self, service: Service) -> None:
        self._service = service

    def collect(self) -> Iterator[Metric]:
        service = self._service
        yield from service.observer.metrics()
        publisher = service.publisher
        yield gauge("newswire_cache_documents", "Rendered documents held in memory.", publisher.documents)
        yield gauge(
            "newswire_cache_bytes", "Bytes of rendered documents held in memory, every coding.", publisher.cached_bytes
        )
        yield CounterMetricFamily("newswire_cache_hits", "Polls answered from a cached document.", value=publisher.hits)
        yield CounterMetricFamily("newswire_cache_misses", "Polls that rendered a document.", value=publisher.misses)


class _Labelled(Collector):
    """Another collector's metrics, each sample with a `worker` label."""

    def __init__(self, collector: Collector, worker: int) -> None:
        self._collector = collector
        self._worker = str(worker)

    def collect(self) -> Iterator[Metric]:
        for metric in self._collector.collect():
            metric.samples = [
                sample._replace(labels={**sample.labels, "worker": self._worker}) for sample in metric.samples
            ]
            yield metric
