"""Drives `wrk` (an HTTP load generator written in C, so the load costs the machine little
Python) over a list of URLs and reads back its counts and latency percentiles."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = """
local urls = {%(urls)s}
local i = 0
local cookie = %(cookie)s
request = function()
  i = i + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", urls[(i %% #urls) + 1], headers)
end
done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%f, "p50": %%d, "p99": %%d, "max": %%d,' ..
    ' "socket_errors": %%d, "bad_status": %%d, "timeouts": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50: float  # ms
    p99: float  # ms
    max: float  # ms
    socket_errors: int
    bad_status: int  # responses with a status of 400 or more
    timeouts: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def errors(self) -> int:
        return self.socket_errors + self.bad_status + self.timeouts


def start(
    port: int, urls: list[str], seconds: int, connections: int, tmp: Path, cookie: str = ""
) -> subprocess.Popen:
    quoted = ", ".join(json.dumps(url) for url in urls)
    script = tmp / f"wrk-{connections}-{abs(hash(tuple(urls)))}.lua"
    script.write_text(SCRIPT % {"urls": quoted, "cookie": json.dumps(cookie)})
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script), f"http://127.0.0.1:{port}"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def result(process: subprocess.Popen) -> Load:
    output, _ = process.communicate()
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    for key in ("p50", "p99", "max"):
        data[key] = data[key] / 1000  # wrk counts microseconds
    return Load(**data)


def run(port: int, urls: list[str], seconds: int, connections: int, tmp: Path, cookie="") -> Load:
    return result(start(port, urls, seconds, connections, tmp, cookie))
