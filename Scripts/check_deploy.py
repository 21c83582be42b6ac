#!/usr/bin/env python3
"""Checks of Deploy/ that need no container engine or cluster; run by Scripts/check-deploy.sh.

    check_deploy.py REPO PRESSWORK_BIN

Prints one line per check and exits 1 if any failed.
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import yaml

REPO = Path(sys.argv[1]).resolve()
BIN = sys.argv[2]
DEPLOY = REPO / "Deploy"
# The worker's --timeout comes with the client connection options and means nothing to a worker,
# so it is no configuration key.
NOT_KEYS = {"help", "version", "config", "print-config"}
NOT_WORKER_KEYS = {"timeout"}
# A drain longer than this would outlive every stop timeout below.
DRAIN_TIMEOUT = 30
# Flags of the configuration-file interface, tolerated while the binary predates it.
CONFIG_FLAGS = {"config", "print-config"}
SUBCOMMANDS = ("coordinator", "worker", "status", "keygen", "submit", "show", "export", "dead", "process", "langid")

failures = []


def report(name, problems, detail=""):
    if problems:
        failures.append(name)
        print(f"FAIL {name}")
        for problem in problems:
            print(f"     - {problem}")
    else:
        print(f"ok   {name}{': ' + detail if detail else ''}")


def clean_environment():
    # PRESSWORK_* variables of the caller would change what --print-config reports.
    return {k: v for k, v in os.environ.items() if not k.startswith("PRESSWORK_")}


def run(arguments, **kwargs):
    return subprocess.run(arguments, capture_output=True, text=True, timeout=20, env=clean_environment(), **kwargs)


_help = {}


def options(subcommand):
    """Long options in `presswork SUBCOMMAND --help`."""
    if subcommand not in _help:
        text = run([BIN, subcommand, "--help"]).stdout
        _help[subcommand] = set(re.findall(r"^\s+(?:-\w, )?--([a-z][a-z0-9-]*)", text, re.M))
    return _help[subcommand]


def seconds(value):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(ms|s|m|min)?", str(value).strip())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number * {"ms": 0.001, "s": 1, "m": 60, "min": 60}[unit]


# MARK: - (b) YAML


def load_yaml(path):
    return [document for document in yaml.safe_load_all(path.read_text()) if document is not None]


def by_kind(documents, kind):
    return [d for d in documents if d.get("kind") == kind]


def pod_checks(name, spec, problems):
    """What every Presswork pod needs: resources, a non-root user, presswork containers."""
    for container in spec.get("containers", []):
        resources = container.get("resources", {})
        if not resources.get("requests") or not resources.get("limits"):
            problems.append(f"{name}: container {container.get('name')} lacks resources.requests/limits")
    if not spec.get("securityContext", {}).get("runAsNonRoot"):
        problems.append(f"{name}: pod securityContext.runAsNonRoot is not true")


def check_kubernetes(documents):
    problems = []
    kinds = {}
    for file, docs in documents.items():
        for doc in docs:
            kinds.setdefault(doc.get("kind"), []).append((file, doc))
    for kind in ("StatefulSet", "Service", "Deployment", "Secret", "ConfigMap"):
        if kind not in kinds:
            problems.append(f"no {kind} under Deploy/kubernetes")
    if problems:
        return problems
    secrets = {doc["metadata"]["name"] for _, doc in kinds["Secret"]}
    config_maps = {doc["metadata"]["name"]: doc for _, doc in kinds["ConfigMap"]}
    services = {doc["metadata"]["name"]: doc for _, doc in kinds["Service"]}

    def volume_references(name, spec):
        for volume in spec.get("volumes", []):
            if "secret" in volume and volume["secret"]["secretName"] not in secrets:
                problems.append(f"{name}: Secret {volume['secret']['secretName']} is not in secrets.example.yaml")
            if "configMap" in volume and volume["configMap"]["name"] not in config_maps:
                problems.append(f"{name}: ConfigMap {volume['configMap']['name']} is not defined")

    for _, statefulset in kinds["StatefulSet"]:
        name = f"StatefulSet {statefulset['metadata']['name']}"
        spec = statefulset["spec"]
        if spec.get("replicas") != 1:
            problems.append(f"{name}: replicas must be 1 (one coordinator per store)")
        claims = [claim["metadata"]["name"] for claim in spec.get("volumeClaimTemplates", [])]
        if not claims:
            problems.append(f"{name}: no volumeClaimTemplates")
        if spec.get("serviceName") not in services:
            problems.append(f"{name}: serviceName {spec.get('serviceName')} is not a Service here")
        template = spec["template"]
        annotations = template.get("metadata", {}).get("annotations", {})
        expected = {"prometheus.io/scrape": "true", "prometheus.io/port": "9090", "prometheus.io/path": "/metrics"}
        for key, value in expected.items():
            if annotations.get(key) != value:
                problems.append(f"{name}: pod annotation {key} should be {value!r}, is {annotations.get(key)!r}")
        pod = template["spec"]
        pod_checks(name, pod, problems)
        volume_references(name, pod)
        for container in pod["containers"]:
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            if mounts.get("/var/lib/presswork") not in claims:
                problems.append(f"{name}: /var/lib/presswork is not on a volumeClaimTemplate")
            for probe in ("readinessProbe", "livenessProbe"):
                path = container.get(probe, {}).get("httpGet", {}).get("path")
                if path != "/healthz":
                    problems.append(f"{name}: {probe} is not httpGet /healthz")
            if "--http=0.0.0.0:9090" not in container.get("args", []):
                problems.append(f"{name}: the probes need --http=0.0.0.0:9090")
        for mount in (m for c in pod["containers"] for m in c.get("volumeMounts", [])):
            volume = next((v for v in pod.get("volumes", []) if v["name"] == mount["name"]), {})
            if "secret" in volume and not mount.get("readOnly"):
                problems.append(f"{name}: secret volume {mount['name']} is not mounted readOnly")
    ports = {p["port"] for s in services.values() for p in s["spec"]["ports"]}
    if 7700 not in ports:
        problems.append(f"Service ports {sorted(ports)} lack 7700")
    # The unauthenticated HTTP endpoint is not offered through a Service; a NetworkPolicy admits only
    # monitoring pods to it.
    if 9090 in ports:
        problems.append("a Service offers 9090 (the HTTP endpoint has no authentication)")
    policies = [policy for _, policy in kinds.get("NetworkPolicy", [])]
    guarded = any(
        rule.get("from") and {p.get("port") for p in rule.get("ports", [])} == {9090}
        for policy in policies for rule in policy["spec"].get("ingress", []))
    if not guarded:
        problems.append("no NetworkPolicy limits who reaches 9090")

    for _, deployment in kinds["Deployment"]:
        name = f"Deployment {deployment['metadata']['name']}"
        pod = deployment["spec"]["template"]["spec"]
        pod_checks(name, pod, problems)
        volume_references(name, pod)
        grace = pod.get("terminationGracePeriodSeconds", 30)
        if grace <= DRAIN_TIMEOUT:
            problems.append(f"{name}: terminationGracePeriodSeconds {grace} is not above the {DRAIN_TIMEOUT} s drain")
        for container in pod["containers"]:
            connect = [a for a in container.get("args", []) if a.startswith("--connect=")]
            host = re.match(r"--connect=tcp://([^:]+):", connect[0]).group(1) if connect else None
            if host not in services:
                problems.append(f"{name}: --connect does not name a Service defined here ({host})")
    for _, hpa in kinds.get("HorizontalPodAutoscaler", []):
        target = hpa["spec"]["scaleTargetRef"]
        if target["kind"] != "Deployment" or target["name"] not in {d["metadata"]["name"] for _, d in kinds["Deployment"]}:
            problems.append(f"HorizontalPodAutoscaler targets {target['kind']} {target['name']}, not a worker Deployment")
    for name, config_map in config_maps.items():
        text = config_map.get("data", {}).get("presswork.toml")
        if text is None:
            problems.append(f"ConfigMap {name} has no presswork.toml")
            continue
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            problems.append(f"ConfigMap {name}: presswork.toml is not TOML: {error}")
    kustomization = DEPLOY / "kubernetes" / "kustomization.yaml"
    if kustomization.exists():
        for resource in yaml.safe_load(kustomization.read_text()).get("resources", []):
            if not (kustomization.parent / resource).exists():
                problems.append(f"kustomization.yaml lists missing {resource}")
    return problems


def check_compose(path, documents):
    problems = []
    compose = documents[0]
    services = compose.get("services", {})
    if path.name != "compose.yaml":  # an override file: its services must exist in compose.yaml
        base = yaml.safe_load((path.parent / "compose.yaml").read_text())
        for name in services:
            if name not in base.get("services", {}):
                problems.append(f"{path.name}: service {name} is not in compose.yaml")
        for name, secret in compose.get("secrets", {}).items():
            if "file" not in secret:
                problems.append(f"{path.name}: secret {name} has no file")
        return problems
    for name in ("coordinator", "worker"):
        if name not in services:
            problems.append(f"{path.name}: no service {name}")
            continue
        grace = seconds(services[name].get("stop_grace_period", "10s"))
        if "stop_grace_period" not in services[name]:
            problems.append(f"{path.name}: {name} has no stop_grace_period")
        elif name == "worker" and grace <= DRAIN_TIMEOUT:
            problems.append(f"{path.name}: worker stop_grace_period is not above the {DRAIN_TIMEOUT} s drain")
    if problems:
        return problems
    named_volumes = compose.get("volumes") or {}
    store = [v for v in services["coordinator"].get("volumes", []) if str(v).split(":")[1:2] == ["/var/lib/presswork"]]
    if not store or str(store[0]).split(":")[0] not in named_volumes:
        problems.append(f"{path.name}: the coordinator's /var/lib/presswork is not a named volume")
    if "container_name" in services["worker"]:
        problems.append(f"{path.name}: worker has a container_name, so it cannot be scaled")
    command = services["coordinator"].get("command", [])
    binds_everywhere = any("0.0.0.0" in argument for argument in command)
    if binds_everywhere and "--insecure" not in command and not any(a.startswith("--server-key") for a in command):
        problems.append(f"{path.name}: the coordinator binds 0.0.0.0 without --insecure or --server-key")
    return problems


def check_yaml():
    problems, count = [], 0
    kubernetes = {}
    for path in sorted(DEPLOY.rglob("*.y*ml")):
        count += 1
        try:
            documents = load_yaml(path)
        except yaml.YAMLError as error:
            problems.append(f"{path.relative_to(REPO)}: {error}")
            continue
        if path.parent.name == "kubernetes":
            if path.name != "kustomization.yaml":
                kubernetes[path] = documents
        elif path.name.startswith("compose"):
            problems += check_compose(path, documents)
    if kubernetes:
        problems += check_kubernetes(kubernetes)
    report("(b) YAML parses and has the expected keys", problems, f"{count} files")


# MARK: - (c) flags


def command_lines():
    """(file, subcommand, [arguments]) for every presswork invocation in Deploy/."""
    found = []

    def add(file, arguments):
        if arguments and arguments[0] in SUBCOMMANDS:
            found.append((file, arguments[0], arguments[1:]))

    for path in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in path.read_text().splitlines():
            if line.startswith("ExecStart="):
                words = shlex.split(line.partition("=")[2])
                if words[0].endswith("/presswork"):
                    add(path, words[1:])
    containerfile = DEPLOY / "container" / "Containerfile"
    if containerfile.exists():
        for line in containerfile.read_text().splitlines():
            if line.startswith("CMD ["):
                add(containerfile, yaml.safe_load(line[4:]))
    for path in sorted(DEPLOY.rglob("*.y*ml")):
        for document in load_yaml(path):
            for service in (document.get("services") or {}).values():
                if isinstance(service.get("command"), list):
                    add(path, service["command"])
            template = (document.get("spec") or {}).get("template", {})
            for container in template.get("spec", {}).get("containers", []):
                if "presswork" in container.get("image", "") and "args" in container:
                    add(path, container["args"])
    # Commands written out in comments and examples, e.g. `presswork status --json`.
    pattern = re.compile(r"\bpresswork\s+(" + "|".join(SUBCOMMANDS) + r")\b([^#`|;&)]*)")
    for path in sorted(p for p in DEPLOY.rglob("*") if p.is_file() and p.suffix not in {".md"}):
        for line in path.read_text().splitlines():
            for match in pattern.finditer(line):
                add(path, [match.group(1)] + match.group(2).split())
    return found


def check_flags():
    problems, pending, count = [], set(), 0
    has_config = "print-config" in options("coordinator")
    for path, subcommand, arguments in command_lines():
        known = options(subcommand)
        if not known:
            problems.append(f"{path.relative_to(REPO)}: `presswork {subcommand} --help` lists no options")
            continue
        for argument in arguments:
            if not argument.startswith("--"):
                continue
            flag = argument[2:].split("=", 1)[0].rstrip(".,'\"")
            count += 1
            if flag in known:
                continue
            if flag in CONFIG_FLAGS and not has_config:
                pending.add(f"--{flag}")
                continue
            problems.append(f"{path.relative_to(REPO)}: presswork {subcommand} has no --{flag}")
    detail = f"{count} uses"
    if pending:
        detail += f"; {', '.join(sorted(pending))} not in this binary yet (configuration-file interface)"
    report("(c) every --flag exists for its subcommand", problems, detail)


# MARK: - (d) configuration keys


def documented_keys():
    """Keys of Deploy/presswork.toml per section, set or commented out."""
    keys, section = {}, None
    for line in (DEPLOY / "presswork.toml").read_text().splitlines():
        if match := re.match(r"^\[([a-z]+)\]", line):
            section = match.group(1)
            keys[section] = {}
        elif section and (match := re.match(r"^#? ?([a-z][a-z0-9-]*) = (.+)$", line)):
            keys[section][match.group(1)] = match.group(2)
    return keys


def check_keys():
    problems = []
    try:
        tomllib.loads((DEPLOY / "presswork.toml").read_text())
    except tomllib.TOMLDecodeError as error:
        problems.append(f"Deploy/presswork.toml is not TOML: {error}")
    keys = documented_keys()
    for section in ("coordinator", "worker"):
        expected = options(section) - NOT_KEYS - (NOT_WORKER_KEYS if section == "worker" else set())
        documented = set(keys.get(section, {}))
        for key in sorted(expected - documented):
            problems.append(f"[{section}] does not document --{key}")
        for key in sorted(documented - options(section)):
            problems.append(f"[{section}] documents {key}, which presswork {section} does not have")
    report("(d) presswork.toml documents every option as a key", problems)


def every_key_set(directory):
    """Deploy/presswork.toml with every commented-out key set, file paths pointing at real keys."""
    keygen = [BIN, "keygen", "--out", str(directory)]
    for name in ("coordinator", "worker"):
        run(keygen + ["--name", name], check=True)
    for role in ("workers", "clients"):
        (directory / role).mkdir()
    real = {
        "data": directory / "data",
        "server-key": directory / "coordinator.key",
        "worker-keys": directory / "workers",
        "client-keys": directory / "clients",
        "key": directory / "worker.key",
        "server-public-key": directory / "coordinator.pub",
    }
    lines = []
    for line in (DEPLOY / "presswork.toml").read_text().splitlines():
        if match := re.match(r"^# ([a-z][a-z0-9-]*) = (.+)$", line):
            key, value = match.groups()
            value = f'"{real[key]}"' if key in real else value
            line = f"{key} = {value}"
        lines.append(line)
    path = directory / "every-key.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def check_print_config():
    name = "(e) presswork accepts every key (--print-config)"
    if "print-config" not in options("coordinator"):
        print(f"skip {name}: {BIN} has no --print-config yet")
        return
    problems = []
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        every = every_key_set(directory)
        set_keys = {s: set(v) for s, v in tomllib.loads(every.read_text()).items()}
        config_map = yaml.safe_load((DEPLOY / "kubernetes" / "configmap.yaml").read_text())
        from_config_map = directory / "configmap.toml"
        from_config_map.write_text(config_map["data"]["presswork.toml"])
        for file, label in (
            (DEPLOY / "presswork.toml", "Deploy/presswork.toml"),
            (every, "Deploy/presswork.toml, every key set"),
            (from_config_map, "the ConfigMap's presswork.toml"),
        ):
            for section in ("coordinator", "worker"):
                result = run([BIN, section, "--config", str(file), "--print-config"], cwd=directory)
                if result.returncode != 0:
                    message = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
                    problems.append(f"{label}: presswork {section} exited {result.returncode}: {message[0]}")
                    continue
                if file != every:
                    continue
                # Every key set in the file must come back marked as coming from the file.
                sources = dict(re.findall(r"^([a-z][a-z0-9-]*) = .*#\s*(\w+)\s*$", result.stdout, re.M))
                for key in sorted(set_keys.get(section, set())):
                    if sources.get(key) != "file":
                        problems.append(f"{label}: [{section}] {key} is reported as {sources.get(key)!r}, not 'file'")
    report(name, problems, "3 files x 2 roles")


# MARK: - stop timeouts


def check_stop_timeouts():
    problems = []
    worker = (DEPLOY / "systemd" / "presswork-worker@.service").read_text()
    settings = dict(re.findall(r"^(\w+)=(.*)$", worker, re.M))
    if settings.get("KillMode") != "mixed":
        problems.append("presswork-worker@.service: KillMode must be mixed (the worker stops its slots itself)")
    timeout = seconds(settings.get("TimeoutStopSec", "90s"))
    if timeout is None or timeout <= DRAIN_TIMEOUT:
        problems.append(f"presswork-worker@.service: TimeoutStopSec is not above the {DRAIN_TIMEOUT} s drain")
    report("(a) worker unit: KillMode=mixed, TimeoutStopSec above the drain", problems)


check_stop_timeouts()
check_yaml()
check_flags()
check_keys()
check_print_config()
sys.exit(1 if failures else 0)
