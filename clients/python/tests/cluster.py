"""Starts real coordinator and worker processes from PRESSWORK_BIN for the tests."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import presswork


def presswork_bin() -> str:
    path = os.environ.get("PRESSWORK_BIN") or shutil.which("presswork")
    if not path or not os.access(path, os.X_OK):
        raise unittest.SkipTest("set PRESSWORK_BIN to a built presswork binary")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A coordinator on a free loopback port in a temporary directory, and its workers."""

    def __init__(self, name: str = "cluster"):
        self.bin = presswork_bin()
        self.dir = tempfile.mkdtemp(prefix="pw-py-%s-" % name)
        self.port = free_port()
        self.endpoint = "tcp://127.0.0.1:%d" % self.port
        self.processes = []
        self.logs = []

    def path(self, *parts: str) -> str:
        return os.path.join(self.dir, *parts)

    def _spawn(self, name: str, args) -> subprocess.Popen:
        log = open(self.path(name + ".log"), "wb")
        process = subprocess.Popen([self.bin] + list(args), stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=self.dir)
        log.close()
        self.processes.append(process)
        self.logs.append(self.path(name + ".log"))
        return process

    def run(self, *args) -> str:
        return subprocess.run([self.bin] + list(args), check=True, capture_output=True, cwd=self.dir,
                              timeout=30).stdout.decode()

    def keygen(self, name: str, out: str = "keys") -> str:
        """Makes NAME.key and NAME.pub under DIR/out; returns the directory."""
        directory = self.path(out)
        self.run("keygen", "--out", directory, "--name", name)
        return directory

    def start_coordinator(self, *extra, client_options=None) -> None:
        self.coordinator = self._spawn("coordinator", ["coordinator", "--data", self.path("data"), "--bind",
                                                       self.endpoint, "--min-free-disk-mib", "1"] + list(extra))
        def probe():
            with self.client(timeout=0.5, **(client_options or {})) as client:
                return client.status()

        self.wait_until(probe, "coordinator up")

    def kill_coordinator(self) -> None:
        """kill -9 of the coordinator (its journal survives)."""
        self.coordinator.kill()
        self.coordinator.wait()
        self.processes.remove(self.coordinator)

    def restart_coordinator(self, client_options=None) -> None:
        """Starts the coordinator again with the same arguments, data and endpoint."""
        args = list(self.coordinator.args[1:])
        self.coordinator = self._spawn("coordinator-again", args)

        def probe():
            with self.client(timeout=0.5, **(client_options or {})) as client:
                return client.status()

        self.wait_until(probe, "coordinator up again")

    def start_worker(self, worker_id: str, *extra) -> None:
        self._spawn("worker-" + worker_id, ["worker", "--connect", self.endpoint, "--concurrency", "1",
                                            "--id", worker_id] + list(extra))

    def client(self, timeout: float = 10.0, **options) -> presswork.Client:
        return presswork.Client(self.endpoint, timeout=timeout, **options)

    def wait_until(self, probe, what: str, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise AssertionError("%s exited with %s while waiting for %s\n%s"
                                         % (process.args[1], process.returncode, what, self.tail()))
            try:
                value = probe()
                if value:
                    return value
            except presswork.PressworkError as error:
                last = error
            time.sleep(0.1)
        raise AssertionError("timed out waiting for %s (%s)\n%s" % (what, last, self.tail()))

    def wait_for_worker(self, worker_id: str, client_options=None) -> dict:
        def probe():
            with self.client(timeout=1.0, **(client_options or {})) as client:
                for worker in client.status().get("workers", []):
                    if worker.get("id") == worker_id and worker.get("state") == "up":
                        return worker
            return None

        return self.wait_until(probe, "worker %s registered" % worker_id)

    def tail(self, lines: int = 15) -> str:
        out = []
        for path in self.logs:
            try:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", "replace").splitlines()[-lines:]
            except OSError:
                continue
            out.append("--- %s\n%s" % (os.path.basename(path), "\n".join(text)))
        return "\n".join(out)

    def stop(self) -> None:
        for process in reversed(self.processes):  # workers first, then the coordinator
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 5
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        if os.environ.get("PRESSWORK_KEEP_TEST_DIRS"):
            print("kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
