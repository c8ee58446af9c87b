"""Masking throughput on a large log with 10, 1,000 and 10,000 registered secrets.

Run: PYTHONPATH=src python bench/masking.py [--megabytes 100] [--repeat 3]

The log is generated from a fixed seed: kubeship-style log lines (apply
progress, HTTP requests, image digests) with a base64 debug dump every 20
lines, and a secret in a random derived form planted every 2,000 lines. Each
case streams the log through a StreamMasker in 1 MiB chunks, the way the
stdout and stderr wrappers do. Times are the process CPU time of the best of
``--repeat`` runs, so other load on the machine counts less. The masking
engine is single-threaded, so this is the speed of one core.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import string
import sys
import time

from kubeship.sanitize import MASK, SecretRegistry, derived_forms
from kubeship.sanitize import engine

SECRET_COUNTS = (10, 1_000, 10_000)
CHUNK_CHARS = 1 << 20
SECRET_ALPHABET = string.ascii_letters + string.digits + "!$%:/+=@#-_.\"\\"

WORDS = ["apply", "Deployment", "web", "ConfigMap", "Secret", "namespace", "prod", "ready", "waiting",
         "rollout", "replicas", "updated", "available", "pulled", "image", "release", "steady", "state"]


def make_secret(rng: random.Random) -> str:
    return "".join(rng.choice(SECRET_ALPHABET) for _ in range(rng.randint(12, 40)))


def make_log(megabytes: int, planted: list[str], rng: random.Random) -> str:
    lines: list[str] = []
    size = 0
    target = megabytes * 1_000_000
    number = 0
    while size < target:
        number += 1
        stamp = f"2025-03-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:{(number * 7) % 60:02d}.{number % 1000:03d}Z"
        kind = number % 20
        if kind == 0:
            blob = base64.b64encode(rng.randbytes(rng.randint(60, 300))).decode()
            line = f"{stamp} DEBUG kubeship.render: data .dockercfg: {blob}\n"
        elif kind % 3 == 0:
            line = (f'{stamp} DEBUG httpx: HTTP Request: GET https://127.0.0.1:6443/apis/apps/v1/namespaces/prod/'
                    f'deployments/web-{number % 97} "HTTP/1.1 200 OK"\n')
        elif kind % 3 == 1:
            digest = rng.randbytes(32).hex()
            line = f"{stamp} INFO kubeship.doctor: registry.example.com:5000/team/web@sha256:{digest} pull ok\n"
        else:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))
            line = f"{stamp} INFO kubeship.cluster: {words} (revision {number % 50})\n"
        if number % 2000 == 0:
            line = line.rstrip("\n") + f" leaked={rng.choice(planted)}\n"
        lines.append(line)
        size += len(line)
    return "".join(lines)


def mask_log(registry: SecretRegistry, log: str) -> tuple[float, str]:
    start = time.process_time()
    stream = registry.stream_masker()
    pieces = [stream.feed(log[offset:offset + CHUNK_CHARS]) for offset in range(0, len(log), CHUNK_CHARS)]
    pieces.append(stream.flush())
    return time.process_time() - start, "".join(pieces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100, help="size of the generated log in MB (10^6 characters)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the fastest counts")
    parser.add_argument(
        "--dfa-max-forms",
        type=int,
        default=engine.DFA_MAX_FORMS,
        help="largest form count searched with a DFA instead of the contiguous NFA (0: NFA only)",
    )
    options = parser.parse_args()
    engine.DFA_MAX_FORMS = options.dfa_max_forms

    rng = random.Random(20250301)
    secrets = [make_secret(rng) for _ in range(max(SECRET_COUNTS))]
    # Plant derived forms of the first 10 secrets, so every case has the same matches to replace.
    planted = [rng.choice(sorted(derived_forms(secret))) for secret in secrets[:10] for _ in range(3)]
    log = make_log(options.megabytes, planted, rng)
    megabytes = len(log.encode()) / 1e6
    print(f"log: {megabytes:.1f} MB, {log.count(chr(10)):,} lines, {len(planted)} planted forms")
    print(f"automaton: DFA up to {engine.DFA_MAX_FORMS:,} forms, contiguous NFA above")

    results: dict[int, float] = {}
    for count in SECRET_COUNTS:
        registry = SecretRegistry()
        build_start = time.process_time()
        for secret in secrets[:count]:
            registry.register(secret)
        masker = registry.masker()
        build_seconds = time.process_time() - build_start

        best = min(mask_log(registry, log)[0] for _ in range(options.repeat))
        _, masked = mask_log(registry, log)
        leaks = [form for form in planted if form in masked and form not in MASK]
        results[count] = megabytes / best
        print(
            f"{count:>6} secrets: {masker.pattern_count:>7,} forms, registry built in {build_seconds:5.2f} s, "
            f"{results[count]:7.1f} MB/s, {masked.count(MASK):,} masks, {len(leaks)} planted forms left"
        )
        if leaks:
            print(f"error: planted forms survived masking with {count} secrets", file=sys.stderr)
            return 1

    ratio = results[min(SECRET_COUNTS)] / results[max(SECRET_COUNTS)]
    print(f"time ratio 10,000 / 10 secrets: {ratio:.2f} (target below 1.5)")
    print(f"1,000 secrets: {results[1_000]:.1f} MB/s (target at least 100)")
    print(json.dumps({"mb_per_s": results, "ratio_10000_to_10": round(ratio, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
