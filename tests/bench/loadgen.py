"""A small closed-loop HTTP load generator: N threads, each with one keep-alive connection,
requesting URLs in turn for a fixed time. Good enough to compare pages with /healthz served by
the same gunicorn in the same run; absolute numbers depend on the machine."""

import http.client
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else 0.0


def load(
    port: int, urls: list[str], seconds: float, concurrency: int, headers: dict | None = None
) -> Result:
    result, lock = Result(), threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers or {})
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    result.latencies.append(elapsed)
                    result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                with lock:
                    result.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
