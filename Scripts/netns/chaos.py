#!/usr/bin/env python3
"""The Presswork fault harness: a real cluster on namespaced hosts, faults injected, every job accounted for.

Run it through Scripts/chaos.sh, which makes the hosts (Scripts/netns/hosts.sh) and always removes them.
By hand, with the hosts up:

    Scripts/netns/chaos.py --scenario partition-worker --articles 300 --seed 7 --json-out result.json

The coordinator runs in $PREFIX-coord, one worker each in $PREFIX-w1 and $PREFIX-w2, and every client
command (submit, status, export, dead, show) in $PREFIX-client, so all traffic crosses the bridge that
hosts.sh can cut. Faults:

    partition-worker       w1 cut off from the network mid-batch, healed after --hold seconds
    partition-coordinator  the coordinator cut off mid-batch, healed after --hold seconds
    kill-workers           SIGKILL a random worker three times mid-batch, restarted after a moment
    restart-coordinator    SIGKILL the coordinator mid-batch, restarted on the same data directory
    mixed                  all of the above at random moments over the whole run
    all                    each of the first four in turn, each on a fresh cluster and store

At the end it reads the store (export, dead, show) and the processes' logs and counts: jobs acknowledged,
results stored, results stored twice, jobs lost (acknowledged, neither done nor dead), jobs executed more
than once, and per fault the time to detect it and to recover. Exit status 1 if a job was lost, a result
stored twice, a job unfinished at --timeout, a process crashed, or a worker never came back.

Python 3 standard library only: the CI machine is a fresh Debian with nothing but python3 and iproute2.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
HOSTS_SH = os.path.join(HERE, "hosts.sh")
PORT = 7700
WORKERS = ("w1", "w2")
SCENARIOS = ("partition-worker", "partition-coordinator", "kill-workers", "restart-coordinator", "mixed")


def log(message: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def find_binary() -> str:
    """PRESSWORK_BIN, else a build already in .build, else a debug build (Scripts/presswork-bin.sh built)."""
    found = subprocess.run(
        [os.path.join(REPO, "Scripts", "presswork-bin.sh"), "built"], stdout=subprocess.PIPE, text=True, check=False
    )
    if found.returncode != 0 or not found.stdout.strip():
        sys.exit("chaos: no presswork binary: set PRESSWORK_BIN or build one (swift build -c release)")
    return found.stdout.strip()


# MARK: - Articles

# Sentence templates per language; {city}, {n}, {m} and {thing} are filled in at random, and every article
# also carries its own serial number, so no two texts are alike (distinct content hashes). Several
# languages and scripts so that the workers run the whole pipeline (CLD2, ICU segmentation, stemming).
LANGUAGES = {
    "en": {
        "cities": ["Millbrook", "Ashford", "Riverton", "Kingsbridge", "Fairhaven"],
        "things": ["the library", "the bus line", "the market", "the bridge", "the school"],
        "title": "{city} council approves new plan for {thing} (report {serial})",
        "sentences": [
            "The council of {city} voted on Tuesday to renovate {thing}, a project expected to cost {n} million pounds.",
            "Residents had asked for the change for more than {m} years, according to the local newspaper.",
            "Work will begin in the spring and should be finished within {m} months, officials said.",
            "The mayor said that {thing} would stay open during most of the construction.",
            "About {n} hundred people attended the public meeting, and many of them spoke in favour of the plan.",
            "Critics argued that the money could have been spent on roads and housing instead.",
        ],
    },
    "de": {
        "cities": ["Leipzig", "Freiburg", "Kassel", "Rostock", "Augsburg"],
        "things": ["die Bibliothek", "die Buslinie", "der Markt", "die Brücke", "die Schule"],
        "title": "{city}: Stadtrat beschließt neuen Plan für {thing} (Bericht {serial})",
        "sentences": [
            "Der Stadtrat von {city} hat am Dienstag beschlossen, {thing} für {n} Millionen Euro zu sanieren.",
            "Die Anwohner hatten die Änderung seit mehr als {m} Jahren gefordert, berichtet die Lokalzeitung.",
            "Die Arbeiten beginnen im Frühjahr und sollen nach {m} Monaten abgeschlossen sein.",
            "Die Bürgermeisterin sagte, dass {thing} während der Bauarbeiten weitgehend geöffnet bleibe.",
            "Rund {n} hundert Menschen kamen zur Bürgerversammlung, viele sprachen sich für den Plan aus.",
            "Kritiker meinten, das Geld wäre besser in Straßen und Wohnungen investiert worden.",
        ],
    },
    "fr": {
        "cities": ["Lyon", "Nantes", "Rennes", "Grenoble", "Dijon"],
        "things": ["la bibliothèque", "la ligne de bus", "le marché", "le pont", "l'école"],
        "title": "{city} : le conseil municipal adopte un nouveau projet pour {thing} (dépêche {serial})",
        "sentences": [
            "Le conseil municipal de {city} a voté mardi la rénovation de {thing}, pour un coût de {n} millions d'euros.",
            "Les habitants réclamaient ce changement depuis plus de {m} ans, selon le journal local.",
            "Les travaux commenceront au printemps et devraient durer {m} mois, ont précisé les élus.",
            "La maire a assuré que {thing} resterait ouvert pendant la plus grande partie du chantier.",
            "Environ {n} cents personnes ont assisté à la réunion publique, la plupart favorables au projet.",
            "Les opposants estiment que cet argent aurait dû servir aux routes et au logement.",
        ],
    },
    "es": {
        "cities": ["Valencia", "Sevilla", "Bilbao", "Zaragoza", "Málaga"],
        "things": ["la biblioteca", "la línea de autobús", "el mercado", "el puente", "la escuela"],
        "title": "{city}: el ayuntamiento aprueba un nuevo plan para {thing} (informe {serial})",
        "sentences": [
            "El ayuntamiento de {city} aprobó el martes la reforma de {thing}, con un coste de {n} millones de euros.",
            "Los vecinos llevaban más de {m} años pidiendo el cambio, según el diario local.",
            "Las obras empezarán en primavera y durarán unos {m} meses, explicaron los responsables.",
            "La alcaldesa dijo que {thing} seguirá abierto durante casi toda la obra.",
            "Unas {n} cientos de personas acudieron a la reunión pública y muchas apoyaron el plan.",
            "Los críticos afirman que el dinero debería haberse invertido en calles y vivienda.",
        ],
    },
    "ru": {
        "cities": ["Зареченск", "Тверь", "Казань", "Самара", "Пермь"],
        "things": ["библиотеку", "автобусный маршрут", "рынок", "мост", "школу"],
        "title": "{city}: городской совет утвердил новый план, отчёт {serial}",
        "sentences": [
            "Городской совет города {city} во вторник проголосовал за ремонт, который обойдётся в {n} миллионов рублей.",
            "Жители просили об этом более {m} лет, сообщает местная газета.",
            "Работы начнутся весной и продлятся около {m} месяцев, сказали в администрации.",
            "Мэр пообещал, что объект будет открыт почти всё время ремонта.",
            "На публичные слушания пришли около {n} сотен человек, многие поддержали план.",
            "Критики считают, что деньги лучше было бы потратить на дороги и жильё.",
        ],
    },
    "tr": {
        "cities": ["İzmir", "Bursa", "Eskişehir", "Trabzon", "Konya"],
        "things": ["kütüphane", "otobüs hattı", "pazar yeri", "köprü", "okul"],
        "title": "{city} belediyesi {thing} için yeni planı onayladı (haber {serial})",
        "sentences": [
            "{city} belediye meclisi salı günü {thing} için {n} milyon liralık yenileme projesini onayladı.",
            "Yerel gazeteye göre mahalle sakinleri bu değişikliği {m} yıldan uzun süredir istiyordu.",
            "Çalışmalar ilkbaharda başlayacak ve yaklaşık {m} ay sürecek.",
            "Belediye başkanı, inşaat süresince hizmetin büyük ölçüde devam edeceğini söyledi.",
            "Halka açık toplantıya yaklaşık {n} yüz kişi katıldı ve çoğu planı destekledi.",
            "Eleştirmenler paranın yollara ve konutlara harcanması gerektiğini savundu.",
        ],
    },
}


def make_articles(count: int, seed: int, paragraphs: int) -> list[dict]:
    """`count` distinct articles, ids chaos-SEED-NNNNNN, as JSON Lines batch objects."""
    rng = random.Random(seed)
    codes = sorted(LANGUAGES)
    articles = []
    for serial in range(count):
        code = codes[serial % len(codes)]
        lang = LANGUAGES[code]

        def fill(template: str) -> str:
            return template.format(
                city=rng.choice(lang["cities"]), thing=rng.choice(lang["things"]),
                n=rng.randint(2, 90), m=rng.randint(2, 30), serial=f"{seed}-{serial}")

        body = [fill(lang["title"])]
        for _ in range(rng.randint(max(1, paragraphs // 2), paragraphs)):
            body.append(" ".join(fill(rng.choice(lang["sentences"])) for _ in range(rng.randint(2, 4))))
        article_id = f"chaos-{seed}-{serial:06d}"
        articles.append({
            "id": article_id, "url": f"https://example.org/{code}/{article_id}", "lang": code,
            "text": "\n\n".join(body),
        })
    return articles


# MARK: - Logs


def parse_time(text: str) -> float:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Logs:
    """Every process's JSON log lines, read incrementally, as (time, process, message, metadata) events.

    Each process incarnation writes its own file (coordinator-2.log after the first restart), so a
    restarted process never truncates what its predecessor said."""

    def __init__(self, directory: str):
        self.directory = directory
        self.offsets: dict[str, int] = {}
        self.partial: dict[str, str] = {}
        self.events: list[tuple[float, str, str, dict]] = []
        self.done_jobs: dict[str, tuple[float, str]] = {}  # job id -> (time, worker) of the first "job done"
        self.lock = threading.Lock()

    def scan(self) -> None:
        with self.lock:
            for name in sorted(os.listdir(self.directory)):
                if not name.endswith(".log"):
                    continue
                path = os.path.join(self.directory, name)
                with open(path, "rb") as handle:
                    handle.seek(self.offsets.get(name, 0))
                    chunk = handle.read()
                    self.offsets[name] = handle.tell()
                text = self.partial.get(name, "") + chunk.decode("utf-8", "replace")
                lines = text.split("\n")
                self.partial[name] = lines.pop()  # an unfinished last line waits for the next scan
                process = name[: -len(".log")]
                for line in lines:
                    if not line.startswith("{"):
                        continue
                    try:
                        entry = json.loads(line)
                        at = parse_time(entry["timestamp"])
                    except (ValueError, KeyError):
                        continue
                    message = entry.get("message", "")
                    meta = {k: v for k, v in entry.items() if k not in ("timestamp", "message")}
                    self.events.append((at, process, message, meta))
                    if message == "job done":
                        job = meta.get("presswork.job.id", "")
                        self.done_jobs.setdefault(job, (at, meta.get("presswork.worker.id", "")))

    def first(self, message: str, after: float, process_prefix: str = "", **meta: str) -> float | None:
        """The time of the first event with this message after `after`, from a matching process."""
        with self.lock:
            for at, process, text, fields in self.events:
                if at >= after and text == message and process.startswith(process_prefix) and all(
                        fields.get(k) == v for k, v in meta.items()):
                    return at
        return None

    def all(self, message: str) -> list[tuple[float, str, dict]]:
        with self.lock:
            return [(at, process, fields) for at, process, text, fields in self.events if text == message]


# MARK: - Cluster


class ProcessCrashed(Exception):
    pass


class Cluster:
    """The coordinator, the workers and the client commands, each in its namespace."""

    def __init__(self, args, workdir: str):
        self.args = args
        self.binary = args.binary
        self.prefix = args.prefix
        self.workdir = workdir
        self.data = os.path.join(workdir, "data")
        self.logdir = os.path.join(workdir, "logs")
        os.makedirs(self.logdir, exist_ok=True)
        self.endpoint = f"tcp://{self.address('coord')}:{PORT}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.incarnations: collections.Counter = collections.Counter()
        self.killed: set[int] = set()  # pids we killed on purpose: their exit is not a crash
        self.cut_hosts: set[str] = set()
        self.logs = Logs(self.logdir)

    def namespace(self, host: str) -> str:
        return f"{self.prefix}-{host}"

    def address(self, host: str) -> str:
        return subprocess.run([HOSTS_SH, "addr", host], check=True, capture_output=True, text=True,
                              env=self.hosts_env()).stdout.strip()

    def hosts_env(self) -> dict:
        return dict(os.environ, PW_NETNS_PREFIX=self.prefix)

    def spawn(self, name: str, host: str, arguments: list[str]) -> subprocess.Popen:
        self.incarnations[name] += 1
        logfile = open(os.path.join(self.logdir, f"{name}-{self.incarnations[name]}.log"), "wb")
        # `ip netns exec` execs the command after entering the namespace, so the pid is presswork's own
        # and SIGKILL hits it directly. A new session keeps a Ctrl-C on the terminal away from it: the
        # harness decides when its processes die.
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace(host), self.binary] + arguments,
            stdin=subprocess.DEVNULL, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
        logfile.close()
        self.processes[name] = process
        return process

    def timing(self) -> list[str]:
        return ["--heartbeat", str(self.args.heartbeat), "--liveness", str(self.args.liveness),
                "--log-level", "debug", "--log-format", "json"]

    def start_coordinator(self) -> None:
        self.spawn("coordinator", "coord", [
            "coordinator", "--bind", self.endpoint, "--insecure", "--data", self.data,
            "--retries", str(self.args.retries)] + self.timing())

    def start_worker(self, worker: str) -> None:
        self.spawn(worker, worker, [
            "worker", "--connect", self.endpoint, "--id", worker,
            "--concurrency", str(self.args.concurrency)] + self.timing())

    def kill(self, name: str) -> None:
        process = self.processes.get(name)
        if process and process.poll() is None:
            self.killed.add(process.pid)
            process.send_signal(signal.SIGKILL)
            process.wait()

    def check_alive(self) -> None:
        """A process that exited without being killed by us crashed: that is a finding, stop at once."""
        for name, process in self.processes.items():
            if process.poll() is not None and process.pid not in self.killed:
                raise ProcessCrashed(f"{name} exited with status {process.returncode} (log: "
                                     f"{self.logdir}/{name}-{self.incarnations[name]}.log)")

    def cut(self, host: str) -> None:
        subprocess.run([HOSTS_SH, "cut", host], check=True, env=self.hosts_env())
        self.cut_hosts.add(host)

    def heal(self, host: str) -> None:
        subprocess.run([HOSTS_SH, "heal", host], check=True, env=self.hosts_env())
        self.cut_hosts.discard(host)

    def client(self, arguments: list[str], timeout: float = 5, deadline: float = 120) -> subprocess.CompletedProcess:
        command = ["ip", "netns", "exec", self.namespace("client"), self.binary] + arguments + [
            "--connect", self.endpoint, "--timeout", str(timeout)]
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=deadline)
        except subprocess.TimeoutExpired as expired:
            return subprocess.CompletedProcess(command, 124, expired.stdout or "", expired.stderr or "")

    def status(self) -> dict | None:
        result = self.client(["status", "--json"], timeout=1, deadline=10)
        if result.returncode != 0:
            return None
        try:
            return json.loads(result.stdout)
        except ValueError:
            return None

    def stop(self) -> None:
        for host in list(self.cut_hosts):
            self.heal(host)
        for name in list(self.processes):
            self.kill(name)


# MARK: - Submitting


class Submitter(threading.Thread):
    """Submits the articles from the client host in chunks, keeping at most --backlog unfinished, so that
    in long runs faults also hit submissions. What a `submit` printed was acknowledged; the rest of an
    interrupted chunk is not resubmitted: an article whose acknowledgement was lost may still be in the
    journal, and submitting it again would store it twice by design (submit is not idempotent). Such
    articles are counted as "not acknowledged" and, if they were journaled, "stored without ack"."""

    def __init__(self, cluster: Cluster, articles: list[dict], chunk: int, backlog: int, rate: float):
        super().__init__(daemon=True)
        self.cluster, self.articles, self.backlog, self.rate = cluster, articles, backlog, rate
        # With a rate, about one submit a second: a steady stream rather than bursts.
        self.chunk = min(chunk, max(1, int(rate))) if rate > 0 else chunk
        self.acknowledged: list[str] = []
        self.interrupted_chunks = 0
        self.unacknowledged = 0
        # Each failed submit: when, its exit status and the article ids it did not get acknowledged,
        # to tell afterwards which of them were journaled anyway.
        self.failed_submits: list[dict] = []
        self.stop_requested = False
        self.error: str | None = None

    def run(self) -> None:
        began = time.time()
        try:
            for start in range(0, len(self.articles), self.chunk):
                batch = self.articles[start:start + self.chunk]
                while not self.stop_requested and (
                        len(self.acknowledged) - len(self.cluster.logs.done_jobs) > self.backlog
                        or (self.rate > 0 and time.time() < began + start / self.rate)):
                    time.sleep(0.1)
                if self.stop_requested:
                    return
                path = os.path.join(self.cluster.workdir, f"batch-{start:06d}.jsonl")
                with open(path, "w", encoding="utf-8") as handle:
                    for article in batch:
                        handle.write(json.dumps(article, ensure_ascii=False) + "\n")
                result = self.cluster.client(["submit", path], timeout=5, deadline=120)
                os.unlink(path)
                ids = [line.strip() for line in result.stdout.splitlines() if line.strip()]
                self.acknowledged += ids
                if result.returncode != 0 or len(ids) != len(batch):
                    self.interrupted_chunks += 1
                    self.unacknowledged += len(batch) - len(ids)
                    # Acknowledgements come in input order: the unacknowledged are the tail of the chunk.
                    self.failed_submits.append({
                        "endedAt": time.time(), "exit": result.returncode,
                        "articles": [a["id"] for a in batch[len(ids):]]})
                    log(f"submit interrupted (exit {result.returncode}): {len(ids)}/{len(batch)} acknowledged; "
                        f"{result.stderr.strip().splitlines()[-1:] if result.stderr.strip() else ''}")
                    if result.returncode == 2:
                        self.error = f"submit refused the batch as invalid: {result.stderr.strip()}"
                        return
                    time.sleep(1)  # the coordinator is probably down: give it a moment
        except Exception as error:  # reported by the main thread
            self.error = repr(error)


# MARK: - Faults


class Run:
    """One scenario on a fresh cluster: start, submit, inject faults, wait, account."""

    def __init__(self, args, scenario: str, seed: int):
        self.args, self.scenario, self.seed = args, scenario, seed
        self.rng = random.Random(seed)
        self.workdir = tempfile.mkdtemp(prefix=f"presswork-chaos-{scenario}-")
        self.cluster = Cluster(args, self.workdir)
        self.faults: list[dict] = []
        self.articles = make_articles(args.articles, seed, args.paragraphs)
        self.started = 0.0

    # Waiting, with the checks every wait must do.

    def tick(self) -> None:
        self.cluster.logs.scan()
        self.cluster.check_alive()
        if self.submitter.error:
            raise RuntimeError(self.submitter.error)

    def sleep(self, seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            self.tick()
            time.sleep(min(0.2, max(0.0, end - time.time())))

    def done_fraction(self) -> float:
        return len(self.cluster.logs.done_jobs) / max(1, len(self.articles))

    def wait_for_progress(self, fraction: float) -> bool:
        """Waits until that fraction of the articles is done; False if the run ends first."""
        while self.done_fraction() < fraction:
            if self.finished():
                return False
            self.sleep(0.2)
        return True

    def finished(self) -> bool:
        if self.submitter.is_alive():
            return False
        acknowledged = set(self.submitter.acknowledged)
        return acknowledged <= set(self.cluster.logs.done_jobs) or self.all_final_by_status()

    def all_final_by_status(self) -> bool:
        # Dead jobs never log "job done"; the coordinator's counts settle that case.
        status = self.cluster.status()
        if not status:
            return False
        queue = status["queue"]
        return queue["queued"] + queue["leased"] + queue.get("delayed", 0) == 0

    def wait_for_workers(self, timeout: float = 30) -> None:
        end = time.time() + timeout
        while time.time() < end:
            self.tick()
            status = self.cluster.status()
            if status and {w["id"] for w in status["workers"] if w["state"] == "up"} >= set(WORKERS):
                return
            time.sleep(0.2)
        raise RuntimeError("workers did not register")

    # Fault primitives: each records what it did and when; detection and recovery come from the logs.

    def partition(self, host: str, hold: float) -> None:
        log(f"fault: cut {host} off for {hold:.1f} s")
        fault = {"kind": "partition-coordinator" if host == "coord" else "partition-worker", "target": host,
                 "injectedAt": time.time(), "holdSeconds": round(hold, 2)}
        self.cluster.cut(host)
        self.faults.append(fault)
        self.sleep(hold)
        self.cluster.heal(host)
        fault["endedAt"] = time.time()

    def wait_until_busy(self, worker: str | None, timeout: float = 3) -> None:
        """Waits (briefly) for a moment when the worker, or for None the cluster, has jobs in flight: a
        kill of an idle process tests little. Gives up after `timeout`: the kill then happens anyway."""
        end = time.time() + timeout
        while time.time() < end:
            self.tick()
            status = self.cluster.status()
            if status and (status["queue"]["leased"] > 0 if worker is None else any(
                    w["id"] == worker and w["busy"] > 0 for w in status["workers"])):
                return
            time.sleep(0.05)

    def kill_worker(self, worker: str, down: float) -> None:
        self.wait_until_busy(worker)
        log(f"fault: SIGKILL {worker}, restart after {down:.1f} s")
        fault = {"kind": "kill-worker", "target": worker, "injectedAt": time.time(), "holdSeconds": round(down, 2)}
        self.cluster.kill(worker)
        self.faults.append(fault)
        self.sleep(down)
        self.cluster.start_worker(worker)
        fault["endedAt"] = time.time()

    def restart_coordinator(self, down: float) -> None:
        self.wait_until_busy(None)
        log(f"fault: SIGKILL the coordinator, restart after {down:.1f} s")
        fault = {"kind": "restart-coordinator", "target": "coord", "injectedAt": time.time(),
                 "holdSeconds": round(down, 2)}
        self.cluster.kill("coordinator")
        self.faults.append(fault)
        self.sleep(down)
        self.cluster.start_coordinator()
        fault["endedAt"] = time.time()

    # Scenarios.

    def inject(self) -> None:
        hold = self.args.hold
        if self.scenario == "partition-worker":
            if self.wait_for_progress(0.2):
                self.partition("w1", hold)
        elif self.scenario == "partition-coordinator":
            if self.wait_for_progress(0.2):
                self.partition("coord", hold)
        elif self.scenario == "kill-workers":
            for fraction in (0.15, 0.4, 0.65):
                if self.wait_for_progress(fraction):
                    self.kill_worker(self.rng.choice(WORKERS), self.rng.uniform(0.5, 3))
        elif self.scenario == "restart-coordinator":
            if self.wait_for_progress(0.25):
                self.restart_coordinator(self.rng.uniform(0.5, 2))
        elif self.scenario == "mixed":
            # Random faults at random moments until 90 % is done; partitions sometimes shorter than the
            # liveness window (nothing should be declared dead then), sometimes much longer.
            while not self.finished() and self.done_fraction() < 0.9:
                self.sleep(self.rng.uniform(self.args.gap / 2, self.args.gap * 1.5))
                if self.finished() or self.done_fraction() >= 0.9:
                    break
                kind = self.rng.choice(["partition-worker", "partition-coordinator", "kill-worker",
                                        "restart-coordinator"])
                if kind == "partition-worker":
                    self.partition(self.rng.choice(WORKERS), self.rng.uniform(1, hold * 1.5))
                elif kind == "partition-coordinator":
                    self.partition("coord", self.rng.uniform(1, hold * 1.5))
                elif kind == "kill-worker":
                    self.kill_worker(self.rng.choice(WORKERS), self.rng.uniform(0.2, 4))
                else:
                    self.restart_coordinator(self.rng.uniform(0.2, 3))

    def execute(self) -> dict:
        log(f"scenario {self.scenario}: {len(self.articles)} articles, seed {self.seed}, work dir {self.workdir}")
        self.cluster.start_coordinator()
        for worker in WORKERS:
            self.cluster.start_worker(worker)
        self.submitter = Submitter(self.cluster, self.articles, self.args.chunk, self.args.backlog, self.args.rate)
        failure = None
        try:
            self.wait_for_workers()
            self.started = time.time()
            self.submitter.start()
            self.inject()
            last_fault_end = max([f.get("endedAt", 0) for f in self.faults] + [time.time()])
            deadline = self.started + self.args.timeout
            while not self.finished():
                if time.time() > deadline:
                    failure = f"not every acknowledged job finished within {self.args.timeout} s"
                    break
                self.sleep(0.5)
            finished_at = time.time()
            # Every worker must be back and registered, however its fault ended.
            rejoin_deadline = max(time.time(), last_fault_end) + self.args.rejoin_timeout
            missing = set(WORKERS)
            while time.time() < rejoin_deadline:
                status = self.cluster.status()
                if status:
                    missing = set(WORKERS) - {w["id"] for w in status["workers"] if w["state"] == "up"}
                    if not missing:
                        break
                self.sleep(0.5)
            if missing:
                failure = (failure + "; " if failure else "") + (
                    f"worker(s) {sorted(missing)} not registered {self.args.rejoin_timeout} s after the last fault")
        except ProcessCrashed as crash:
            failure = f"process crashed: {crash}"
            finished_at = time.time()
        except RuntimeError as error:
            failure = str(error)
            finished_at = time.time()
        finally:
            self.submitter.stop_requested = True
        if self.submitter.ident is not None:  # started
            self.submitter.join(timeout=150)
        self.cluster.logs.scan()
        result = self.account(finished_at)
        if failure:
            result["failures"].insert(0, failure)
        return result

    # Accounting.

    def account(self, finished_at: float) -> dict:
        cluster = self.cluster
        exported = os.path.join(self.workdir, "export.jsonl")
        result = cluster.client(["export", "--output", exported], timeout=30, deadline=300)
        documents = []
        if result.returncode == 0:
            with open(exported, encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        document = json.loads(line)
                        documents.append({"id": document["id"], "articleId": document.get("articleId"),
                                          "attempts": document.get("processing", {}).get("attempts", 1),
                                          "worker": document.get("processing", {}).get("worker")})
            os.unlink(exported)  # tens of megabytes in long runs; the figures are what we keep
        dead_result = cluster.client(["dead", "--json"], timeout=30)
        dead = {job["id"] for job in json.loads(dead_result.stdout)} if dead_result.returncode == 0 else set()

        acknowledged = set(self.submitter.acknowledged)
        stored_ids = collections.Counter(d["id"] for d in documents)
        by_article = collections.defaultdict(set)
        for document in documents:
            by_article[document["articleId"]].add(document["id"])
        twice_job = sorted(job for job, n in stored_ids.items() if n > 1)
        twice_article = sorted(article for article, jobs in by_article.items() if len(jobs) > 1)
        stored = set(stored_ids)
        lost = sorted(acknowledged - stored - dead)
        lost_detail = {}
        for job in lost[:20]:
            shown = cluster.client(["show", job, "--json"], timeout=5)
            lost_detail[job] = (shown.stdout or shown.stderr).strip()[:400]
        # Executed more than once: workers log "job started" each time a slot starts a job, so count
        # those. Binaries from before that line existed leave only clues: a document from attempt > 1 (an
        # earlier attempt was leased, perhaps run, elsewhere) and "report ignored" (a late second result).
        starts = collections.Counter(fields.get("presswork.job.id") for _, _, fields in cluster.logs.all("job started"))
        redelivered = {d["id"] for d in documents if d["attempts"] > 1}
        ignored = {fields.get("presswork.job.id") for _, _, fields in cluster.logs.all("report ignored")}
        if starts:
            executed_twice = {job for job, count in starts.items() if count > 1 and job in acknowledged}
        else:
            executed_twice = redelivered | (ignored & acknowledged)
        worker_lost = cluster.logs.all("worker lost")

        # Whatever happens after the next fault starts belongs to that fault.
        horizons = [f["injectedAt"] for f in self.faults[1:]] + [float("inf")]
        faults = [self.measure(fault, horizon) for fault, horizon in zip(self.faults, horizons)]
        # Job ids begin with the journaling time in milliseconds (JobIdGenerator): it tells whether an
        # unacknowledged submit was journaled before its client gave up or only afterwards.
        unacked_stored = {d["articleId"]: int(d["id"][:11], 16) / 1000 for d in documents
                          if d["id"] not in acknowledged}
        failed_submits = []
        for failed in self.submitter.failed_submits:
            during = [f for f in self.faults if f["injectedAt"] <= failed["endedAt"]]
            journaled = [unacked_stored[a] for a in failed["articles"] if a in unacked_stored]
            failed_submits.append({
                "atSecond": round(failed["endedAt"] - self.started, 1), "exit": failed["exit"],
                "notAcknowledged": len(failed["articles"]), "storedAnyway": len(journaled),
                "journaledAtSecond": round(min(journaled) - self.started, 1) if journaled else None,
                "lastFaultBefore": f"{during[-1]['kind']} at {round(during[-1]['injectedAt'] - self.started, 1)}"
                if during else None})
        failures = []
        if lost:
            failures.append(f"{len(lost)} acknowledged job(s) lost, e.g. {lost[:5]}")
        if twice_job or twice_article:
            failures.append(f"results stored twice: jobs {twice_job[:5]}, articles {twice_article[:5]}")
        if result.returncode != 0:
            failures.append(f"export failed: {result.stderr.strip()[-300:]}")
        return {
            "scenario": self.scenario, "seed": self.seed, "articles": len(self.articles),
            "acknowledged": len(acknowledged), "notAcknowledged": self.submitter.unacknowledged,
            "interruptedSubmits": self.submitter.interrupted_chunks, "failedSubmits": failed_submits,
            "stored": len(stored), "storedWithoutAck": len(stored - acknowledged),
            "storedTwice": len(twice_job) + len(twice_article), "dead": len(dead & acknowledged),
            "lost": len(lost), "lostJobs": lost_detail, "executedMoreThanOnce": len(executed_twice),
            "redelivered": len(redelivered), "lateResultsIgnored": len(ignored),
            "workerLostEvents": len(worker_lost), "seconds": round(finished_at - self.started, 1),
            "throughputPerSecond": round(len(stored) / max(0.1, finished_at - self.started), 1),
            "faults": faults, "failures": failures, "workdir": self.workdir,
        }

    def measure(self, fault: dict, horizon: float) -> dict:
        """Detection: from injection to the first sign that the cluster noticed (the coordinator's
        "worker lost", or for a coordinator fault a worker's "coordinator silent; reconnecting" or
        "coordinator asked to register again").
        Recovery: from the end of the fault (heal, restart) to the first job done by the affected worker
        (any worker for coordinator faults): throughput resumed. None when it never happened: a short
        partition inside the liveness window is not detected, and a fault at the very end may find no
        work left to resume. Rejoin: from the end of the fault to the affected workers' registration,
        only when they had been noticed as gone (an undetected short partition needs no rejoining)."""
        logs, start, end = self.cluster.logs, fault["injectedAt"], fault.get("endedAt", fault["injectedAt"])
        target = fault["target"]
        if target == "coord":
            # A coordinator back within the workers' liveness window is noticed differently: the
            # workers' heartbeats reach a coordinator that does not know them and asks them to register.
            detected = min(filter(None, [
                logs.first("worker lost", start, "coordinator"),
                logs.first("coordinator silent; reconnecting", start, "w"),
                logs.first("coordinator asked to register again", start, "w")]), default=None)
            recovered = logs.first("job done", end, "coordinator")
            rejoined = [logs.first("worker registered", end, "coordinator", **{"presswork.worker.id": w})
                        for w in WORKERS]
            rejoined_at = max(rejoined) if all(rejoined) else None
        else:
            detected = logs.first("worker lost", start, "coordinator", **{"presswork.worker.id": target})
            recovered = logs.first("job done", end, "coordinator", **{"presswork.worker.id": target})
            rejoined_at = logs.first("worker registered", end, "coordinator", **{"presswork.worker.id": target})
        # A detection after the fault ended belongs to the fault only if it came soon (the liveness
        # window was still running); much later it is another event.
        window = self.args.heartbeat * self.args.liveness * 3
        if detected is not None and detected > min(end + window, horizon):
            detected = None
        if detected is None or (rejoined_at is not None and rejoined_at > horizon):
            rejoined_at = None
        if recovered is not None and recovered > horizon:
            recovered = None

        def since(at: float | None, origin: float) -> float | None:
            return None if at is None else round(at - origin, 2)

        return {"kind": fault["kind"], "target": target, "holdSeconds": fault["holdSeconds"],
                "atSecond": round(start - self.started, 1), "detectSeconds": since(detected, start),
                "rejoinSeconds": since(rejoined_at, end), "recoverSeconds": since(recovered, end)}

    def cleanup(self, keep: bool) -> None:
        self.cluster.stop()
        if keep:
            log(f"kept {self.workdir} (logs in {self.cluster.logdir})")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


# MARK: - Report


def summarize(results: list[dict]) -> dict:
    total = {k: sum(r[k] for r in results) for k in (
        "articles", "acknowledged", "notAcknowledged", "stored", "storedWithoutAck", "storedTwice", "dead", "lost",
        "executedMoreThanOnce", "redelivered", "lateResultsIgnored", "workerLostEvents")}
    kinds = {}
    for fault in (f for r in results for f in r["faults"]):
        entry = kinds.setdefault(fault["kind"], {"count": 0, "detected": [], "recovered": [], "rejoined": []})
        entry["count"] += 1
        for key, field in (("detected", "detectSeconds"), ("recovered", "recoverSeconds"),
                           ("rejoined", "rejoinSeconds")):
            if fault[field] is not None:
                entry[key].append(fault[field])
    for entry in kinds.values():
        for key in ("detected", "recovered", "rejoined"):
            values = entry.pop(key)
            entry[key] = {"n": len(values), "median": round(statistics.median(values), 2) if values else None,
                          "max": max(values) if values else None}
    total["faults"] = kinds
    return total


def fmt(value) -> str:
    return "-" if value is None else str(value)


def print_report(results: list[dict], total: dict) -> None:
    # acked: job ids printed by submit; no-ack: articles whose submit failed (not resubmitted); stored:
    # results in the store, "no-ack stored" of them without an acknowledgement (journaled, reply lost).
    columns = ["scenario", "acked", "no-ack", "stored", "no-ack stored", "twice", "lost", "dead", "exec>1",
               "faults", "secs", "jobs/s"]
    keys = ["acknowledged", "notAcknowledged", "stored", "storedWithoutAck", "storedTwice", "lost", "dead",
            "executedMoreThanOnce"]
    rows = [[r["scenario"]] + [r[k] for k in keys] + [len(r["faults"]), r["seconds"], r["throughputPerSecond"]]
            for r in results]
    if len(results) > 1:
        rows.append(["total"] + [total[k] for k in keys] + [
            sum(len(r["faults"]) for r in results), round(sum(r["seconds"] for r in results), 1), ""])
    widths = [max(len(str(x)) for x in [c] + [row[i] for row in rows]) for i, c in enumerate(columns)]
    print()
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)))
    print()
    print("fault kind              count  detect s (n, median, max)  rejoin s (n, median, max)  "
          "recover s (n, median, max)")
    for kind, entry in sorted(total["faults"].items()):
        cells = [f"{entry[k]['n']}, {fmt(entry[k]['median'])}, {fmt(entry[k]['max'])}"
                 for k in ("detected", "rejoined", "recovered")]
        print(f"{kind:<22}  {entry['count']:>5}  {cells[0]:<25}  {cells[1]:<25}  {cells[2]}")
    print()
    print("faults one by one (at s after the first submit; hold = how long the fault lasted):")
    for result in results:
        for f in result["faults"]:
            print(f"  {result['scenario']:<22} {f['kind']:<22} {f['target']:<6} at {f['atSecond']:>6}  "
                  f"hold {f['holdSeconds']:>5}  detect {fmt(f['detectSeconds']):>5}  "
                  f"rejoin {fmt(f['rejoinSeconds']):>5}  recover {fmt(f['recoverSeconds']):>5}")
    for result in results:
        if result["notAcknowledged"] or result["storedWithoutAck"]:
            print(f"  {result['scenario']}: {result['notAcknowledged']} article(s) not acknowledged (submit "
                  f"interrupted by a fault, not resubmitted), {result['storedWithoutAck']} of them journaled anyway")
        for failed in result["failedSubmits"]:
            print(f"  {result['scenario']}: submit failed (exit {failed['exit']}) at {failed['atSecond']} s, after "
                  f"{failed['lastFaultBefore']}: {failed['notAcknowledged']} not acknowledged, "
                  f"{failed['storedAnyway']} of them stored anyway"
                  + (f" (journaled at {failed['journaledAtSecond']} s)" if failed["storedAnyway"] else ""))
        for failure in result["failures"]:
            print(f"FAILED {result['scenario']}: {failure}")
        for job, detail in result["lostJobs"].items():
            print(f"  lost {job}: {detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=SCENARIOS + ("all",), default="all")
    parser.add_argument("--articles", type=int, default=300, help="articles per scenario (default 300)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    parser.add_argument("--json-out", help="write the figures as JSON here")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for all jobs to finish, per scenario")
    parser.add_argument("--rejoin-timeout", type=float, default=30,
                        help="seconds after the last fault within which every worker must be registered again")
    parser.add_argument("--hold", type=float, default=5, help="seconds a partition lasts (mixed: 1 to 1.5x)")
    parser.add_argument("--gap", type=float, default=12, help="mixed: mean seconds between faults")
    parser.add_argument("--paragraphs", type=int, default=12, help="most paragraphs per article")
    parser.add_argument("--chunk", type=int, default=100, help="most articles per submit command")
    parser.add_argument("--rate", type=float, default=20,
                        help="articles submitted per second, so that faults hit a running stream with work "
                             "left after they end (0: as fast as the backlog allows; default 20)")
    parser.add_argument("--backlog", type=int, default=1500, help="most unfinished jobs before submitting more")
    parser.add_argument("--concurrency", type=int, default=2, help="slots per worker")
    parser.add_argument("--heartbeat", type=float, default=0.5)
    parser.add_argument("--liveness", type=int, default=4)
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--prefix", default=os.environ.get("PW_NETNS_PREFIX", "pw"), help="namespace prefix")
    parser.add_argument("--keep", action="store_true", help="keep work directories (logs, store) even on success")
    args = parser.parse_args()
    args.binary = find_binary()
    namespaces = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split()
    if f"{args.prefix}-coord" not in namespaces:
        sys.exit(f"chaos: no namespace {args.prefix}-coord: run Scripts/chaos.sh, or Scripts/netns/hosts.sh up first")
    if args.seed is None:
        args.seed = int(time.time()) % 100000
    log(f"seed {args.seed}, binary {args.binary}")

    # SIGTERM (CI cancelling) unwinds like Ctrl-C, through the cleanup that kills our processes.
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    scenarios = SCENARIOS[:4] if args.scenario == "all" else (args.scenario,)
    results = []
    for index, scenario in enumerate(scenarios):
        run = Run(args, scenario, args.seed + index)
        try:
            result = run.execute()
        except BaseException:
            # Ctrl-C, SIGTERM or a harness bug: nothing worth keeping unless asked.
            run.cleanup(keep=args.keep)
            raise
        results.append(result)
        # A failing run keeps its logs and store for the bug report; a passing one leaves nothing.
        run.cleanup(keep=args.keep or bool(result["failures"]))
    total = summarize(results)
    print_report(results, total)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as handle:
            json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                       "seed": args.seed, "arguments": {k: v for k, v in vars(args).items()},
                       "total": total, "scenarios": results}, handle, indent=2)
    failed = [r for r in results if r["failures"]]
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
