"""Masking throughput on a large log with 10, 1,000 and 10,000 registered secrets.

Run: PYTHONPATH=src python bench/masking.py [--megabytes 100] [--repeat 3] [--no-hyperscan]

The log is generated from a fixed seed: kubeship-style log lines (apply
progress, HTTP requests, image digests) with a base64 debug dump every 20
lines, and a secret in a random derived form planted every 2,000 lines. Each
case streams the log through a StreamMasker in 1 MiB chunks, the way the
stdout and stderr wrappers do. Times are the process CPU time of the best of
``--repeat`` runs, so other load on the machine counts less. The masking
engine is single-threaded, so this is the speed of one core.

With 10 secrets the forms stay in the registry's recent set, searched by
Aho-Corasick, until the masker has searched 64 KB per form. The registry then
compiles them into Hyperscan, during the first run, so the best run shows the
speed after that. ``--no-hyperscan`` searches that set with an Aho-Corasick DFA (a
contiguous NFA above 10,000 forms), as kubeship did before Hyperscan.

Last, it registers 1,000 secrets one at a time and masks a log line after
each, the way the CLI registers credentials while it logs, and prints the time.
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
from kubeship.sanitize import engine, searchers

SECRET_COUNTS = (10, 1_000, 10_000)
ONE_AT_A_TIME_COUNT = 1_000
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


def register_one_at_a_time(secrets: list[str]) -> float:
    """Return the CPU seconds to register ``secrets`` one at a time, masking a log line after each."""
    registry = SecretRegistry()
    start = time.process_time()
    for secret in secrets:
        registry.register(secret)
        registry.mask("INFO kubeship.cluster: apply Deployment web (revision 3)\n")
    return time.process_time() - start


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
        default=searchers.DFA_MAX_FORMS,
        help="largest form count that Aho-Corasick searches with a DFA instead of the contiguous NFA (0: NFA only)",
    )
    parser.add_argument("--no-hyperscan", action="store_true", help="search the base form set with Aho-Corasick instead of Hyperscan")
    options = parser.parse_args()
    searchers.DFA_MAX_FORMS = options.dfa_max_forms
    engine.USE_HYPERSCAN = not options.no_hyperscan

    rng = random.Random(20250301)
    secrets = [make_secret(rng) for _ in range(max(SECRET_COUNTS))]
    # Plant derived forms of the first 10 secrets, so every case has the same matches to replace.
    planted = [rng.choice(sorted(derived_forms(secret))) for secret in secrets[:10] for _ in range(3)]
    log = make_log(options.megabytes, planted, rng)
    megabytes = len(log.encode()) / 1e6
    print(f"log: {megabytes:.1f} MB, {log.count(chr(10)):,} lines, {len(planted)} planted forms")
    if engine.USE_HYPERSCAN and searchers.hyperscan_module() is None:
        print("error: the hyperscan package is not installed; run with --no-hyperscan", file=sys.stderr)
        return 1
    print(f"Aho-Corasick: DFA up to {searchers.DFA_MAX_FORMS:,} forms, contiguous NFA above")
    print(f"base form set: {'Hyperscan' if engine.USE_HYPERSCAN else 'Aho-Corasick'}")

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
        searched_with = "; ".join(form_set.describe() for form_set in registry.masker().form_sets)
        print(
            f"{count:>6} secrets: {masker.pattern_count:>7,} forms, registry built in {build_seconds:5.2f} s, "
            f"{results[count]:7.1f} MB/s, {masked.count(MASK):,} masks, {len(leaks)} planted forms left "
            f"({searched_with})"
        )
        if leaks:
            print(f"error: planted forms survived masking with {count} secrets", file=sys.stderr)
            return 1

    one_at_a_time = register_one_at_a_time(secrets[:ONE_AT_A_TIME_COUNT])
    print(f"{ONE_AT_A_TIME_COUNT:,} secrets registered one at a time, a log line masked after each: {one_at_a_time:.2f} s")

    ratio = results[min(SECRET_COUNTS)] / results[max(SECRET_COUNTS)]
    print(f"time ratio 10,000 / 10 secrets: {ratio:.2f} (target below 1.5)")
    print(f"1,000 secrets: {results[1_000]:.1f} MB/s (target at least 100)")
    print(json.dumps({
        "mb_per_s": results,
        "ratio_10000_to_10": round(ratio, 3),
        "one_at_a_time_seconds": round(one_at_a_time, 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
