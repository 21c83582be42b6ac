#!/usr/bin/env python3
"""Drives the coordinator's web dashboard in headless Chromium; run by Scripts/test-dashboard-browser.sh.

    dashboard_browser.py --bin PRESSWORK --browser CHROMIUM [--screenshots DIR] [--keep]

Starts a coordinator (--http-prefix /presswork, --http-auth with a USER:PASSWORD line, --retries 0) and
a worker that fails every job whose source contains "flaky" (--chaos-fail), submits a few articles, then
loads the dashboard in Chromium over the DevTools protocol (websocket-client) and checks each view with
the data it must show, drains the worker and retries the dead job from the page once a normal worker is
up. Prints one line per check; exits 1 with the failed check's message. Every process it started is
stopped on the way out, also on failure.
"""

import argparse
import base64
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import websocket

PREFIX = "/presswork"
USER, PASSWORD = "editor", "s3cret-password"
STORIES = 4
WORKER_A, WORKER_B = "worker-a", "worker-b"


class CheckFailed(Exception):
    pass


def log(message):
    print(message, flush=True)


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    log("ok: " + message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, probe, timeout=15.0, interval=0.2):
    """Calls probe until it returns something truthy; raises CheckFailed naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = probe()
        except CheckFailed:
            raise
        except Exception as error:  # a probe that cannot answer yet (connection refused, …)
            value, last = None, error
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last})" if last else ""))
        time.sleep(interval)


class Processes:
    """Every process the test starts, stopped in reverse order by stop_all()."""

    def __init__(self, directory):
        self.directory = directory
        self.started = []

    def start(self, name, argv, env=None, group=False):
        out = open(self.directory / f"{name}.log", "wb")
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=env, start_new_session=group)
        out.close()
        self.started.append((name, process, group))
        return process

    def stop(self, process, group):
        if process.poll() is not None:
            return
        kill = (lambda sig: os.killpg(process.pid, sig)) if group else process.send_signal
        try:
            kill(signal.SIGTERM)
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            kill(signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
        if group:  # children of the browser that outlived it
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop_all(self):
        for name, process, group in reversed(self.started):
            try:
                self.stop(process, group)
            except Exception as error:
                log(f"warning: could not stop {name} (pid {process.pid}): {error}")

    def log_tail(self, name, lines=15):
        path = self.directory / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class DevTools:
    """A minimal synchronous DevTools-protocol client for one page; accepts every JavaScript dialog."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.dialogs = []
        self.exceptions = []
        self.console_errors = []

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append((params.get("type"), params.get("message")))
            # Answered without waiting for a reply: the command that opened it is still in flight.
            self.ws.send(json.dumps({"id": next(self.ids), "method": "Page.handleJavaScriptDialog",
                                     "params": {"accept": True}}))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.exceptions.append(details.get("exception", {}).get("description") or details.get("text"))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.console_errors.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.console_errors.append("console.error: " + " ".join(
                str(a.get("value", a.get("description"))) for a in params.get("args", [])))

    def call(self, method, **params):
        ident = next(self.ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if "id" not in message:
                self._event(message)
            elif message["id"] == ident:
                if "error" in message:
                    raise CheckFailed(f"DevTools {method}: {message['error']}")
                return message.get("result", {})
            # Replies to dialog answers are dropped.

    def pump(self, seconds):
        """Handles events (dialogs) for a while without sending anything."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.ws.settimeout(left)
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            finally:
                self.ws.settimeout(30)
            if "id" not in message:
                self._event(message)

    def js(self, expression):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CheckFailed(f"JavaScript error in {expression!r}: "
                              f"{details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    def screenshot(self, path):
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width, height = max(1280, int(size["width"])), min(4000, max(400, int(size["height"])))
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})["data"]
        path.write_bytes(base64.b64decode(data))
        log(f"screenshot: {path}")


# JavaScript helpers installed in the page after each load: table rows as lists of cell texts, and the
# facts (dt → dd) of a <dl>.
HELPERS = """
if (!window.__inflight) {  // counts the page's fetches still unanswered
  window.__inflight = { n: 0 };
  const fetch0 = window.fetch;
  window.fetch = function () {
    window.__inflight.n++;
    return fetch0.apply(this, arguments).finally(() => { window.__inflight.n--; });
  };
  // The hash the page last routed: set after the page's own hashchange listener has started its fetches.
  window.__routed = { hash: location.hash };
  window.addEventListener('hashchange', () => { window.__routed.hash = location.hash; });
}
window.__t = {
  rows: id => Array.from(document.querySelectorAll('#' + id + ' tr')).map(tr =>
    Array.from(tr.children).map(td => td.textContent.trim())),
  facts: id => { const out = {}; const dts = document.querySelectorAll('#' + id + ' dt');
    for (const dt of dts) { out[dt.textContent] = dt.nextElementSibling ? dt.nextElementSibling.textContent : ''; }
    return out; },
  active: () => { const v = document.querySelector('.view.active'); return v ? v.id : null; },
  text: id => { const e = document.getElementById(id); return e ? e.textContent : null; },
  // Marks a table's rows as old, so that a wait can tell the rows of the next answer from them.
  mark: id => { for (const tr of document.querySelectorAll('#' + id + ' tr')) { tr.dataset.stale = '1'; } return true; },
  fresh: id => { const trs = document.querySelectorAll('#' + id + ' tr');
    return trs.length > 0 && !Array.from(trs).some(tr => tr.dataset.stale); },
};
true
"""


class Test:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.bin = os.path.abspath(args.bin)  # submit runs in another directory
        self.processes = Processes(work)
        self.zmq = f"tcp://127.0.0.1:{free_port()}"
        self.http_port = free_port()
        self.base = f"http://127.0.0.1:{self.http_port}{PREFIX}/"
        self.env = dict(os.environ, PRESSWORK_CONNECT=self.zmq)
        self.basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        self.shots = Path(args.screenshots)
        self.browser = None
        self.page = None

    # --- HTTP without the browser -----------------------------------------------------------------
    def http(self, method, path, auth=True, headers=None, body=None):
        """(status, body text) of a request to PREFIX/path."""
        request = urllib.request.Request(self.base + path, method=method, data=body,
                                         headers=dict(headers or {}))
        if auth:
            request.add_header("Authorization", self.basic)
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.status, reply.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def api(self, path):
        status, text = self.http("GET", path)
        if status != 200:
            raise CheckFailed(f"GET {PREFIX}/{path}: HTTP {status} {text.strip()}")
        return json.loads(text)

    def jobs(self):
        return self.api("api/jobs?limit=200")["jobs"]

    def worker(self, ident):
        return next((w for w in self.api("api/status")["workers"] if w["id"] == ident), None)

    # --- Cluster ------------------------------------------------------------------------------------
    def start_cluster(self):
        auth = self.work / "http-auth"
        auth.write_text(f"# the dashboard's user\n{USER}:{PASSWORD}\n")
        self.coordinator = self.processes.start("coordinator", [
            self.bin, "coordinator", "--bind", self.zmq, "--data", str(self.work / "data"),
            "--http", f"127.0.0.1:{self.http_port}", "--http-prefix", PREFIX, "--http-auth", str(auth),
            "--retries", "0", "--heartbeat", "0.5"], env=self.env)
        wait_until("the coordinator's /healthz", lambda: self.http("GET", "healthz", auth=False)[0] == 200
                   or self.coordinator.poll() is not None)
        if self.coordinator.poll() is not None:
            raise CheckFailed("the coordinator exited:\n" + self.processes.log_tail("coordinator"))
        self.start_worker(WORKER_A, ["--chaos-fail", "flaky"])

    def start_worker(self, ident, extra):
        process = self.processes.start(ident, [
            self.bin, "worker", "--id", ident, "--concurrency", "2", "--heartbeat", "0.5"] + extra, env=self.env)
        wait_until(f"{ident} to register", lambda: (process.poll() is not None)
                   or ((w := self.worker(ident)) is not None and w["state"] == "up"))
        if process.poll() is not None:
            raise CheckFailed(f"{ident} exited:\n" + self.processes.log_tail(ident))
        log(f"ok: {ident} is up")

    def submit(self):
        articles = self.work / "articles"
        articles.mkdir()
        names = []
        for n in range(1, STORIES + 1):
            path = articles / f"story-{n}.txt"
            path.write_text(f"Story number {n} about the harbour\n\nThe harbour board met on Tuesday evening and "
                            f"agreed to repair the old pier before the summer season. Fishermen said the "
                            f"repairs were long overdue. Story {n} ends here.\n")
            names.append(path.name)
        flaky = articles / "story-page.html"
        flaky.write_text("<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
                         "<p>An HTML page about the harbour, the pier and the boats that use it every day.</p>"
                         "</article></body></html>\n")
        names.append(flaky.name)
        path = articles / "flaky-1.txt"
        path.write_text("A flaky article\n\nThis one is meant to fail on the worker started with --chaos-fail "
                        "flaky, and to go dead at once since the coordinator allows no retries.\n")
        names.append(path.name)
        result = subprocess.run([self.bin, "submit", "--batch", "browser-test"] + names, cwd=articles,
                                env=self.env, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise CheckFailed(f"presswork submit failed ({result.returncode}): {result.stderr.strip()}")
        ids = result.stdout.split()
        check(len(ids) == len(names), f"presswork submit accepted {len(names)} articles")
        self.sources = dict(zip(ids, names))
        self.flaky_id = ids[-1]

        def settled():
            jobs = self.jobs()
            states = {j["id"]: j["state"] for j in jobs}
            return (len(jobs) == len(ids) and states[self.flaky_id] == "dead"
                    and all(s == "done" for i, s in states.items() if i != self.flaky_id))
        wait_until("the flaky job dead and the others done", settled, timeout=30)
        log(f"ok: {len(ids) - 1} jobs done, the flaky one ({self.flaky_id}) dead")

    # --- Browser ------------------------------------------------------------------------------------
    def start_browser(self):
        profile = self.work / "chromium-profile"
        argv = [self.args.browser, "--headless=new", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--window-size=1280,1000", "--hide-scrollbars", "--remote-allow-origins=*"]
        if os.geteuid() == 0:
            argv.append("--no-sandbox")
        self.browser = self.processes.start("chromium", argv + ["about:blank"], group=True)
        port_file = profile / "DevToolsActivePort"

        def port():
            if self.browser.poll() is not None:
                raise CheckFailed("chromium exited:\n" + self.processes.log_tail("chromium"))
            lines = port_file.read_text().split() if port_file.exists() else []
            return lines[0] if lines else None
        devtools = f"http://127.0.0.1:{wait_until('chromium DevTools port', port, timeout=30)}"

        def page_target():
            with urllib.request.urlopen(devtools + "/json/list", timeout=5) as reply:
                return next((t for t in json.load(reply) if t.get("type") == "page"), None)
        target = wait_until("a chromium page", page_target, timeout=15)
        self.page = DevTools(target["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.page.call(domain + ".enable")
        # Every request of the page carries the credentials: the page itself, fetch() and the actions.
        self.page.call("Network.setExtraHTTPHeaders", headers={"Authorization": self.basic})
        self.page.call("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1,
                       mobile=False)
        log("ok: chromium is up (" + self.page.call("Browser.getVersion")["product"] + ")")

    def load(self, url):
        self.page.call("Page.navigate", url=url)
        self.wait_js("the dashboard to load and reach the coordinator",
                     "document.readyState === 'complete' && !!document.getElementById('coordinator') && "
                     "document.getElementById('coordinator').textContent.startsWith('version ')")
        self.page.js(HELPERS)

    def wait_js(self, what, expression, timeout=10.0):
        try:
            return wait_until(what, lambda: self.page.js(expression), timeout=timeout)
        except CheckFailed as error:
            # What the page showed instead.
            try:
                seen = self.page.js("JSON.stringify({hash: location.hash, view: window.__t && __t.active(), "
                                    "notice: document.getElementById('notice') && document.getElementById('notice').textContent, "
                                    "text: document.querySelector('.view.active') && "
                                    "document.querySelector('.view.active').innerText.slice(0, 1500)})")
            except Exception as inner:
                seen = f"(cannot read the page: {inner})"
            raise CheckFailed(f"{error}\nthe page showed: {seen}") from None

    def go(self, hash_, view):
        """Follows the nav link for hash_ when there is one (a real click), else sets location.hash."""
        clicked = self.page.js(f"(() => {{ const a = document.querySelector('nav a[href=\"{hash_}\"]'); "
                               "if (a) { a.click(); return true; } return false; })()")
        if not clicked:
            self.page.js(f"location.hash = {json.dumps(hash_)}; true")
        self.wait_js(f"view {view} for {hash_}", f"__t.active() === 'view-{view}' && location.hash === {json.dumps(hash_)}")

    def rows(self, tbody):
        return self.page.js(f"__t.rows({json.dumps(tbody)})")

    def shot(self, name):
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(self.shots / name)

    # --- The checks ---------------------------------------------------------------------------------
    def overview(self):
        self.load(self.base)
        check(self.page.js("__t.active()") == "view-overview", "the dashboard opens on the overview")
        rows = self.wait_js(f"{WORKER_A} in the overview's workers table",
                            f"(() => {{ const r = __t.rows('workers'); return r.some(c => c[0] === '{WORKER_A}') && r; }})()")
        row = next(r for r in rows if r[0] == WORKER_A)
        check(len(rows) == 1 and row[3] == "up", f"overview: workers table shows {WORKER_A} up (row: {row})")
        check(row[5] == str(STORIES + 1) and row[6] == "1",
              f"overview: {WORKER_A} has {STORIES + 1} done and 1 failed (row: {row})")
        cards = self.page.js("Object.fromEntries(Array.from(document.querySelectorAll('#cards .card')).map("
                             "c => [c.children[0].textContent, c.children[1].textContent]))")
        check(cards.get("done") == str(STORIES + 1) and cards.get("dead") == "1",
              f"overview: the cards show {STORIES + 1} done and 1 dead ({cards})")
        languages = self.rows("languages")
        check(any(r[0] == "en" and r[1] == str(STORIES + 1) for r in languages),
              f"overview: languages show en × {STORIES + 1} ({languages})")
        check(self.page.js("getComputedStyle(document.getElementById('banner')).display") == "none",
              "overview: no 'coordinator unreachable' banner")
        self.shot("01-overview.png")

    def job_list(self):
        self.go("#/jobs", "jobs")
        total = len(self.sources)
        rows = self.wait_js(f"{total} rows in the job list",
                            f"(() => {{ const r = __t.rows('jobRows'); return r.length === {total} && r; }})()")
        listed = {r[1]: r for r in rows}
        check(set(listed) == set(self.sources), f"jobs: the list shows all {total} jobs by id")
        for ident, source in self.sources.items():
            expected = "dead" if ident == self.flaky_id else "done"
            row = listed[ident]
            if row[2] != expected or row[4] != source:
                raise CheckFailed(f"jobs: row of {ident} should be {expected} with source {source}: {row}")
        check(True, "jobs: every row has its source and state (done, the flaky one dead)")
        check("chaos" in listed[self.flaky_id][7], f"jobs: the dead job's error column names chaos ({listed[self.flaky_id][7]!r})")
        check(self.page.js("__t.text('jobCount')") == f"{total} job(s) on this page",
              f"jobs: the count says {total} job(s)")
        self.shot("02-jobs.png")

        # The filter form: choose state dead and press Search.
        self.page.js("__t.mark('jobRows')")
        self.page.js("(() => { const f = document.getElementById('jobFilters'); f.elements.state.value = 'dead';"
                     " f.querySelector('button[type=submit]').click(); return true; })()")
        self.wait_js("the hash #/jobs?state=dead after Search", "location.hash === '#/jobs?state=dead'")
        rows = self.wait_js("the rows for state=dead", "__t.fresh('jobRows') && __t.rows('jobRows')")
        check(len(rows) == 1, f"jobs?state=dead: one row ({rows})")
        check(rows[0][1] == self.flaky_id and rows[0][4] == "flaky-1.txt" and rows[0][2] == "dead",
              f"jobs?state=dead: shows exactly the flaky job ({rows[0]})")
        self.shot("03-jobs-dead.png")

        # A filter by the error code, typed into the URL.
        self.page.js("__t.mark('jobRows'); location.hash = '#/jobs?code=chaos'; true")
        rows = self.wait_js("the rows for code=chaos", "__t.fresh('jobRows') && __t.rows('jobRows')")
        form = self.page.js("Object.fromEntries(new FormData(document.getElementById('jobFilters')))")
        check(len(rows) == 1 and rows[0][1] == self.flaky_id and form["code"] == "chaos" and form["state"] == "",
              f"jobs?code=chaos: exactly the flaky job; the form shows the filter ({form})")
        self.page.js("__t.mark('jobRows'); location.hash = '#/jobs?state=done'; true")
        rows = self.wait_js("the rows for state=done", "__t.fresh('jobRows') && __t.rows('jobRows')")
        check(len(rows) == STORIES + 1 and all(r[2] == "done" for r in rows) and self.flaky_id not in {r[1] for r in rows},
              f"jobs?state=done: the {STORIES + 1} done jobs, not the flaky one")

        # Filters changed faster than the answers come: the list must end on the last filter's rows, whatever
        # order the answers arrive in (an older answer arriving last used to overwrite the newer one).
        for attempt in range(30):
            self.page.js("__t.mark('jobRows'); location.hash = '#/jobs?code=chaos'; "
                         f"setTimeout(() => {{ location.hash = '#/jobs?state=done&n={attempt}'; }}, {attempt % 6}); true")
            self.wait_js("the page's requests to be answered",
                         f"window.__routed.hash.endsWith('n={attempt}') && window.__inflight.n === 0 && __t.fresh('jobRows')")
            rows = self.rows("jobRows")
            if len(rows) != STORIES + 1 or not all(r[2] == "done" for r in rows):
                raise CheckFailed(f"jobs: after a quick change of filters from code=chaos to state=done the list "
                                  f"shows {len(rows)} row(s) (attempt {attempt + 1}): {[r[1:3] for r in rows]}")
        check(True, "jobs: quick filter changes end on the last filter's rows (30 tries)")

        # Back to state=dead and a real click on the job's link.
        self.page.js("__t.mark('jobRows'); location.hash = '#/jobs?state=dead'; true")
        rows = self.wait_js("the rows for state=dead", "__t.fresh('jobRows') && __t.rows('jobRows')")
        check(len(rows) == 1 and self.page.js(f"!!document.querySelector('#jobRows a[href=\"#/job/{self.flaky_id}\"]')"),
              "jobs?state=dead (typed): the flaky job's link")
        self.page.js(f"document.querySelector('#jobRows a[href=\"#/job/{self.flaky_id}\"]').click(); true")
        self.wait_js("the job page after the click", f"location.hash === '#/job/{self.flaky_id}' && __t.active() === 'view-job'")
        facts = self.wait_js("the job's facts", "(() => { const f = __t.facts('jobFacts'); return f.state && f; })()")
        check(facts["state"] == "dead" and facts.get("source") == "flaky-1.txt" and facts.get("attempts") == "1 of 1",
              f"job page: state dead, source flaky-1.txt, 1 of 1 attempts ({facts})")
        check(self.page.js("__t.text('jobTitle')") == f"Job {self.flaky_id}", "job page: the title names the job")
        errors = self.rows("jobErrors")
        check(len(errors) == 1 and errors[0][1] == WORKER_A and errors[0][2] == "chaos",
              f"job page: the failed attempt on {WORKER_A} with code chaos ({errors})")
        buttons = self.page.js("Array.from(document.querySelectorAll('#jobActions button')).map(b => b.textContent)")
        check(buttons == ["Retry", "Delete"], f"job page: a dead job offers Retry and Delete ({buttons})")
        self.shot("04-job-dead.png")

    def running_failures_workers(self):
        self.go("#/running", "running")
        rows = self.wait_js("the running table", "(() => { const r = __t.rows('runningRows'); return r.length > 0 && r; })()")
        check(rows == [["nothing running"]], f"running: renders, nothing running ({rows})")
        self.shot("05-running.png")

        self.go("#/failures", "failures")
        rows = self.wait_js("the failures by code", "(() => { const r = __t.rows('codeRows'); return r.length > 0 && "
                            "r[0][0] !== '' && r; })()")
        check(len(rows) == 1 and rows[0][0] == "chaos" and rows[0][1] == "1",
              f"failures: dead jobs by code show chaos × 1 ({rows})")
        check(self.page.js("document.querySelector('#codeRows a').getAttribute('href')") == "#/jobs?state=dead&code=chaos",
              "failures: the code links to the dead jobs with that code")
        recent = self.rows("failures")
        check(len(recent) == 1 and recent[0][1] == self.flaky_id and recent[0][4] == "dead" and recent[0][5] == "chaos",
              f"failures: the recent failed attempt of the flaky job, final ({recent})")
        self.shot("06-failures.png")

        self.go("#/workers", "workers")
        rows = self.wait_js(f"{WORKER_A} in the workers view",
                            f"(() => {{ const r = __t.rows('workerRows'); return r.some(c => c[0] === '{WORKER_A}') && r; }})()")
        check(len(rows) == 1 and rows[0][2] == "up" and rows[0][4] == str(STORIES + 1) and rows[0][8] == "Drain",
              f"workers: {WORKER_A} up with {STORIES + 1} done and a Drain button ({rows})")
        check(self.page.js("document.querySelectorAll('#workerRows canvas').length") == 1,
              "workers: the last-hour sparkline is drawn")
        self.shot("07-workers.png")

    def drain_and_retry(self):
        dialogs = len(self.page.dialogs)
        self.page.js(f"(() => {{ const row = Array.from(document.querySelectorAll('#workerRows tr')).find("
                     f"tr => tr.children[0].textContent === '{WORKER_A}'); row.querySelector('button').click(); return true; }})()")
        self.page.pump(0.3)
        check(len(self.page.dialogs) == dialogs + 1 and self.page.dialogs[-1][0] == "confirm"
              and self.page.dialogs[-1][1].startswith(f"Drain worker {WORKER_A}?"),
              f"workers: Drain asks for confirmation ({self.page.dialogs[dialogs:]})")
        notice = self.wait_js("the drain notice", "(__t.text('notice') || '').startsWith('worker ') && __t.text('notice')")
        check(notice == f"worker {WORKER_A} is draining", f"workers: notice {notice!r}")
        wait_until(f"{PREFIX}/api/status to show {WORKER_A} draining",
                   lambda: self.worker(WORKER_A)["state"] == "draining")
        check(True, f"api/status shows {WORKER_A} draining after the click")
        rows = self.wait_js("the workers view to show draining",
                            f"(() => {{ const r = __t.rows('workerRows'); return r.some(c => c[0] === '{WORKER_A}' && "
                            "c[2] === 'draining') && r; })()")
        check(rows[0][8] == "", f"workers: a draining worker has no Drain button ({rows[0]})")
        self.shot("08-workers-draining.png")

        self.start_worker(WORKER_B, [])
        done_a = self.worker(WORKER_A)["done"]

        self.page.js(f"location.hash = '#/job/{self.flaky_id}'; true")
        self.wait_js("the Retry button", "__t.active() === 'view-job' && "
                     "Array.from(document.querySelectorAll('#jobActions button')).some(b => b.textContent === 'Retry')")
        dialogs = len(self.page.dialogs)
        self.page.js("Array.from(document.querySelectorAll('#jobActions button')).find(b => b.textContent === 'Retry').click(); true")
        self.page.pump(0.3)
        check(len(self.page.dialogs) == dialogs + 1 and self.page.dialogs[-1] == ("confirm", f"Retry job {self.flaky_id}?"),
              f"job page: Retry asks for confirmation ({self.page.dialogs[dialogs:]})")
        notice = self.wait_js("the retry notice", "(__t.text('notice') || '').includes('/retry') && __t.text('notice')")
        check(notice == f"POST api/jobs/{self.flaky_id}/retry: 1 of 1 job(s) changed", f"job page: notice {notice!r}")

        url = self.base + f"#/job/{self.flaky_id}"

        def done_on_reload():
            self.page.js("window.__stale = true")  # gone once the reloaded document is there
            self.page.call("Page.reload", ignoreCache=True)
            self.wait_js("the job page after reload", "!window.__stale && document.readyState === 'complete' && "
                         "!!document.querySelector('#jobFacts dd')", timeout=5)
            self.page.js(HELPERS)
            facts = self.page.js("__t.facts('jobFacts')")
            return facts if facts.get("state") == "done" else None
        check(self.page.js("location.href") == url, "job page URL is " + url)
        facts = wait_until("the job page to show done after reloads", done_on_reload, timeout=20, interval=0.5)
        check(facts["state"] == "done", f"job page (reloaded): the retried job is done ({facts})")
        doc = self.page.js("__t.facts('docFacts')")
        check(doc.get("language", "").startswith("en") and doc.get("words", "0") != "0",
              f"job page: the result is shown (language {doc.get('language')!r}, {doc.get('words')} words)")
        check("This one is meant to fail" in (self.page.js("__t.text('docText')") or ""),
              "job page: the result's text is the article's")
        buttons = self.page.js("Array.from(document.querySelectorAll('#jobActions button')).map(b => b.textContent)")
        check(buttons == ["Delete"], f"job page: a done job offers only Delete ({buttons})")
        b, a = self.worker(WORKER_B), self.worker(WORKER_A)
        check(b["done"] == 1 and a["done"] == done_a and a["state"] == "draining",
              f"the retried job ran on {WORKER_B} ({WORKER_B} done {b['done']}, {WORKER_A} done {a['done']}, {a['state']})")
        self.shot("09-job-retried-done.png")

    def refusals(self):
        status, _ = self.http("GET", "api/jobs", auth=False)
        check(status == 401, f"GET {PREFIX}/api/jobs without credentials: 401 (got {status})")
        status, _ = self.http("GET", "api/jobs", auth=False, headers={
            "Authorization": "Basic " + base64.b64encode(f"{USER}:wrong-password".encode()).decode()})
        check(status == 401, f"GET {PREFIX}/api/jobs with a wrong password: 401 (got {status})")
        status, _ = self.http("POST", f"api/jobs/{self.flaky_id}/retry", body=b"")
        check(status == 403, f"POST {PREFIX}/api/jobs/ID/retry with credentials but no X-Requested-With: 403 (got {status})")
        status, _ = self.http("POST", f"api/workers/{WORKER_B}/drain", body=b"")
        check(status == 403, f"POST {PREFIX}/api/workers/ID/drain without X-Requested-With: 403 (got {status})")
        check(self.worker(WORKER_B)["state"] == "up", f"{WORKER_B} is still up after the refused drain")
        status, _ = self.http("GET", "", auth=False)
        check(status == 200, f"GET {PREFIX}/ (the page itself) needs no credentials (got {status})")

    def run(self):
        try:
            self.start_cluster()
            self.submit()
            self.start_browser()
            self.overview()
            self.job_list()
            self.running_failures_workers()
            self.drain_and_retry()
            self.refusals()
            check(not self.page.exceptions, f"no uncaught JavaScript exceptions in the page ({self.page.exceptions})")
            if self.page.console_errors:
                raise CheckFailed("errors in the browser console: " + "; ".join(self.page.console_errors))
            check(True, "no errors in the browser console (CSP, failed requests)")
        finally:
            if self.page:
                self.page.close()
            self.processes.stop_all()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the presswork executable")
    parser.add_argument("--browser", default="chromium", help="the Chromium executable")
    parser.add_argument("--screenshots", default=".build-dashboard-screens", help="directory for the PNGs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, data)")
    args = parser.parse_args()
    # SIGTERM (a CI timeout) unwinds like a failure, so the processes started here are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="presswork-browser-"))
    test = Test(args, work)
    ok = False
    try:
        test.run()
        ok = True
    except CheckFailed as error:
        log(f"FAILED: {error}")
    except Exception as error:
        log(f"FAILED: {type(error).__name__}: {error}")
    finally:
        elapsed = time.monotonic() - started
        if not ok:
            for name in ("coordinator", WORKER_A, WORKER_B, "chromium"):
                tail = test.processes.log_tail(name, 8)
                if tail:
                    log(f"--- last lines of {name}.log ---\n{tail}")
        if args.keep or not ok:
            log(f"logs and data kept in {work}")
        else:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    log(f"{'passed' if ok else 'FAILED'} in {elapsed:.1f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
