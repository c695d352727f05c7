#!/usr/bin/env python3
"""Measures which managed methods the agent runs, and writes the NativeAOT method order from it.

    scripts/method-order.py [--out src/NodeStorageAgent/method-order.txt]

Why: a page fault on the executable maps the pages around it too (fault-around, 64 KiB), and the compiler's default
layout scatters the few thousand methods a daemon runs across all of its 4 MB of code, so the idle agent ended up
with nearly the whole binary resident. ILC's explicit layout (`--order`, `--method-layout:explicit`; the csproj passes
this file as IlcOrderFile) puts the listed methods first, in the listed order: the daemon's methods, then those only
the `status` and `probe` commands run, then everything else. docs/benchmarks.md has what it buys.

How: a publish with symbols; one uprobe per managed method (tracefs uprobe_events; its hit counts in uprobe_profile);
then the daemon's life on a sandboxed node, the way systemd runs it (unit environment, NOTIFY_SOCKET, WATCHDOG_USEC,
journald socket): boot and READY, idle probes and resyncs, an edit that restarts CRI-O, a FUSE store that hangs and
comes back, SIGTERM; then `status` and `probe`. A method counts if it ran at least once. The file holds raw symbol
names, one per line (the compiler ignores names it does not know: after a framework or package update the order
degrades, nothing breaks; scripts/publish-aot.sh says how much of it still matches). Run it again after such an
update, or after a change to what the daemon does at idle.

Needs root, tracefs with CONFIG_UPROBE_EVENTS, bindfs (scripts/install-test-deps.sh) and the .NET SDK. Every wait
on the agent and on bindfs is bounded. 6 to 10 minutes on 2 cores: 30 s to publish, 1 minute of the daemon's life
and `status` and `probe`; the rest is the kernel placing 23,000 uprobes (0.5 to 4 minutes) and taking them away
again (3 to 4 minutes).
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACEFS = "/sys/kernel/tracing"
GROUP = "nsa_method_order"
JOURNAL_SOCKET = "/run/systemd/journal/socket"


def run(*args, **kw):
    return subprocess.run(args, check=True, text=True, **kw)


def publish_with_symbols(work):
    """The shipped build's code, with its symbol table (the native intermediates kept apart from the shipped ones)."""
    out = os.path.join(work, "publish")
    run("dotnet", "publish", os.path.join(REPO, "src", "NodeStorageAgent"), "-c", "Release", "-r", "linux-x64",
        "-o", out, "--nologo", "-v", "q", "-p:StripSymbols=false", "-p:IlcOrderFile=",
        f"-p:NativeIntermediateOutputPath={os.path.join(work, 'native')}/", stdout=sys.stderr)
    return os.path.join(out, "node-storage-agent")


def managed_methods(binary):
    """(file offset, size, symbol) of every managed method body, one per address (folded bodies share one)."""
    start = end = None
    for line in run("readelf", "-SW", binary, capture_output=True).stdout.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == "__managedcode":
            address, offset, size = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
            start, end, delta = address, address + size, address - offset
    if start is None:
        sys.exit(f"method-order: {binary} has no __managedcode section")
    bodies = {}  # address -> (size, names): a folded body has several names; the list gets them all
    for line in run("nm", "--defined-only", "-S", binary, capture_output=True).stdout.splitlines():
        fields = line.split(maxsplit=3)
        if len(fields) != 4 or fields[2] not in ("t", "T", "W"):
            continue
        address = int(fields[0], 16)
        if start <= address < end:
            bodies.setdefault(address, (int(fields[1], 16), []))[1].append(fields[3])
    return [(address - delta, size, names) for address, (size, names) in sorted(bodies.items())]


class Uprobes:
    """One uprobe per method; hits() reads how often each ran so far."""

    def __init__(self, binary, methods):
        if not os.path.isdir(os.path.join(TRACEFS, "events")):
            run("mount", "-t", "tracefs", "nodev", TRACEFS)
        self._count = len(methods)
        self._binary = binary
        with open(os.path.join(TRACEFS, "tracing_on")) as f:
            self._tracing_on = f.read().strip()
        self._remove()
        try:
            fd = os.open(os.path.join(TRACEFS, "uprobe_events"), os.O_WRONLY | os.O_APPEND)
            try:
                for i, (offset, _, _) in enumerate(methods):
                    os.write(fd, f"p:{GROUP}/m{i} {binary}:0x{offset:x}\n".encode())
            finally:
                os.close(fd)
            with open(os.path.join(TRACEFS, "tracing_on"), "w") as f:
                f.write("0")  # hit counts only: nothing goes to the ring buffer
            with open(os.path.join(TRACEFS, "events", GROUP, "enable"), "w") as f:
                f.write("1")
        except BaseException:
            self.close()
            raise

    def hits(self):
        counts = [0] * self._count
        with open(os.path.join(TRACEFS, "uprobe_profile")) as f:
            for line in f:
                fields = line.split()
                if len(fields) == 3 and fields[1].startswith("m") and fields[0] == self._binary:
                    counts[int(fields[1][1:])] = int(fields[2])
        return counts

    def _remove(self):
        if not os.path.isdir(os.path.join(TRACEFS, "events", GROUP)):
            return
        with open(os.path.join(TRACEFS, "events", GROUP, "enable"), "w") as f:
            f.write("0")
        events = os.path.join(TRACEFS, "uprobe_events")
        with open(events) as f:
            others = [line for line in f if not line.startswith(f"p:{GROUP}/")]
        if not others:  # only ours: truncating drops them at once (one by one costs minutes for 23,000)
            os.close(os.open(events, os.O_WRONLY | os.O_TRUNC))
            return
        fd = os.open(events, os.O_WRONLY | os.O_APPEND)
        try:
            for name in os.listdir(os.path.join(TRACEFS, "events", GROUP)):
                if name.startswith("m"):
                    os.write(fd, f"-:{GROUP}/{name}\n".encode())
        finally:
            os.close(fd)

    def close(self):
        self._remove()
        with open(os.path.join(TRACEFS, "tracing_on"), "w") as f:
            f.write(self._tracing_on)


def step(what):
    print(f"method-order: {time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"method-order: timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


class Node:
    """A sandboxed node (--root) with the integration tests' systemctl stand-in, as the benchmarks use."""

    def __init__(self, work):
        self.dir = os.path.join(work, "node")
        self.root = os.path.join(self.dir, "root")
        self.bin = os.path.join(self.dir, "bin")
        os.makedirs(self.bin)
        shutil.copy(os.path.join(REPO, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "standins", "systemctl"), self.bin)
        self.write(os.path.join(self.bin, "state"), "inactive\n")  # a boot: CRI-O starts after READY
        for path in ("/mnt/images/overlay-images", "/mnt/images/overlay-layers", "/mnt/models/artifacts", "/mnt/fuse",
                     "/etc/node-storage-agent", "/fuse-source/overlay-images", "/fuse-source/overlay-layers"):
            os.makedirs(self.host(path))
        # The node's own files, as on a real node: the admin's storage.conf (its additionalimagestores rewritten in
        # place) and a CRI-O drop-in beside ours.
        for source, target in (("storage.conf", "/etc/containers/storage.conf"), ("00-default", "/etc/crio/crio.conf.d/00-default")):
            os.makedirs(os.path.dirname(self.host(target)), exist_ok=True)
            shutil.copy(os.path.join(REPO, "packaging", "sandbox", source), self.host(target))
        self.bindfs = subprocess.Popen(["bindfs", "-f", self.host("/fuse-source"), self.host("/mnt/fuse")])
        wait_until(lambda: os.path.ismount(self.host("/mnt/fuse")), 10, "the bindfs store")
        self.desire(["/mnt/images", "/mnt/fuse"], ["/mnt/models"])

    def host(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    @staticmethod
    def write(path, text):
        with open(path + ".new", "w") as f:
            f.write(text)
        os.replace(path + ".new", path)

    def desire(self, images, artifacts):
        text = "".join(f'[[additionalImageStores]]\npath = "{p}"\n\n' for p in images)
        text += "".join(f'[[additionalArtifactStores]]\npath = "{p}"\n\n' for p in artifacts)
        self.write(self.host("/etc/node-storage-agent/desired-state.toml"), text)

    def calls(self):
        path = os.path.join(self.bin, "calls.log")
        return open(path).read().splitlines() if os.path.exists(path) else []

    def summary(self):
        path = self.host("/run/node-storage-agent/status.json")
        try:
            return open(path).read()
        except OSError:
            return ""

    def close(self):
        if self.bindfs.poll() is None:
            self.bindfs.send_signal(signal.SIGCONT)
            subprocess.run(["fusermount3", "-u", self.host("/mnt/fuse")], check=False, timeout=30)
            try:
                self.bindfs.wait(10)
            except subprocess.TimeoutExpired:
                self.bindfs.kill()
                self.bindfs.wait(10)
        if os.path.ismount(self.host("/mnt/fuse")):
            subprocess.run(["fusermount3", "-uz", self.host("/mnt/fuse")], check=False, timeout=30)


def unit_environment():
    env = {"PATH": os.environ["PATH"]}
    with open(os.path.join(REPO, "systemd", "node-storage-agent.service")) as f:
        for line in f:
            if line.startswith("Environment="):
                for pair in line[len("Environment="):].split():
                    key, value = pair.split("=", 1)
                    env[key] = value
    return env


class Datagrams:
    """A bound datagram socket read until closed, as systemd reads its sockets: the agent's sends never block."""

    def __init__(self, path):
        self.path = path
        self.received = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(path)
        self._socket.settimeout(0.2)
        self._open = True
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self):
        while self._open:
            try:
                self.received.extend(self._socket.recv(65536).split(b"\n"))
            except (socket.timeout, OSError):
                pass

    def close(self):
        self._open = False
        self._thread.join(5)
        self._socket.close()
        os.unlink(self.path)


def daemon_life(binary, node, work):
    """Boot to READY, idle, an edit, a FUSE store that hangs and recovers, SIGTERM: what a node's agent lives."""
    notify = Datagrams(os.path.join(work, "notify.sock"))
    journal = None
    if not os.path.exists(JOURNAL_SOCKET):  # no systemd here: a socket that reads and drops the journal entries
        if not os.path.isdir(os.path.dirname(JOURNAL_SOCKET)):
            sys.exit(f"method-order: no {os.path.dirname(JOURNAL_SOCKET)}: create it (the agent logs to journald when it exists)")
        journal = Datagrams(JOURNAL_SOCKET)
    env = unit_environment() | {"NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "60000000", "INVOCATION_ID": "0" * 32}
    agent = subprocess.Popen([binary, "run", "--root", node.root, "--systemctl", os.path.join(node.bin, "systemctl"),
                              "--resync-interval", "15s", "--restart-min-interval", "10s"], cwd=node.dir, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: b"READY=1" in notify.received or agent.poll() is not None, 60, "READY=1")
        if agent.poll() is not None:
            sys.exit(f"method-order: the agent exited with {agent.returncode} before READY")
        node.write(os.path.join(node.bin, "state"), "active\n")
        time.sleep(35)  # probes every 5 s, two resyncs, watchdog pings, journal entries, CRI-O's first restart
        restarts = sum(1 for c in node.calls() if c.startswith("restart"))
        node.desire(["/mnt/images", "/mnt/fuse"], [])
        wait_until(lambda: sum(1 for c in node.calls() if c.startswith("restart")) > restarts, 60, "a CRI-O restart after the edit")
        node.bindfs.send_signal(signal.SIGSTOP)
        wait_until(lambda: '"1/2 stores healthy;' in node.summary(), 90, "the hung store left out")
        node.bindfs.send_signal(signal.SIGCONT)
        wait_until(lambda: "2/2 stores healthy" in node.summary(), 90, "the store put back")
        agent.send_signal(signal.SIGTERM)
        agent.wait(30)
    finally:
        node.bindfs.send_signal(signal.SIGCONT)  # an agent blocked on the stopped store could not be reaped
        if agent.poll() is None:
            agent.kill()
            agent.wait(10)
        notify.close()
        if journal is not None:
            journal.close()


def status_and_probe(binary, node):
    for args in (["--help"], ["status", "--root", node.root], ["probe", "--root", node.root]):
        subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill still runs the clean-up
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "src", "NodeStorageAgent", "method-order.txt"))
    out = parser.parse_args().out
    work = tempfile.mkdtemp(prefix="nsa-method-order-")
    node = probes = None
    try:
        step("publishing with symbols")
        binary = publish_with_symbols(work)
        methods = managed_methods(binary)
        step(f"one uprobe on each of {len(methods)} methods")
        probes = Uprobes(binary, methods)
        node = Node(work)
        before = probes.hits()
        step("the daemon's life")
        daemon_life(binary, node, work)
        after_daemon = probes.hits()
        step("status and probe")
        status_and_probe(binary, node)
        after_commands = probes.hits()
    finally:
        try:
            if node is not None:
                node.close()
        finally:
            step("removing the uprobes")
            if probes is not None:
                probes.close()
            shutil.rmtree(work, ignore_errors=True)
    daemon = [i for i in range(len(methods)) if after_daemon[i] > before[i]]
    cli = [i for i in range(len(methods)) if after_commands[i] > after_daemon[i] and after_daemon[i] == before[i]]
    if len(daemon) < 1000:
        sys.exit(f"method-order: the daemon ran only {len(daemon)} methods: the uprobes did not fire; {out} is unchanged")
    with open(out, "w") as f:
        f.writelines(name + "\n" for i in daemon + cli for name in methods[i][2])

    def size(ids):
        return sum(methods[i][1] for i in ids) / 1024

    print(f"method-order: {len(methods)} managed methods ({size(range(len(methods))):.0f} KiB); the daemon ran "
          f"{len(daemon)} ({size(daemon):.0f} KiB), the commands {len(cli)} more ({size(cli):.0f} KiB); wrote {out}")


if __name__ == "__main__":
    main()
