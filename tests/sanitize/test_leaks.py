"""The leak hunt: every scenario of leak_scenarios.yaml, run with generated secrets, shows no derived form.

Each scenario runs the CLI in a subprocess as a user does, once with
``--debug --log-format json`` and once with ``--debug``. The exit code is
checked first, so a scenario that fails for another reason than the one it
induces does not pass unnoticed. Then stdout, stderr and every ``*.log`` file
in the work directory are searched for every derived form of the secret.

Scenarios of ``deploy``, ``history`` and ``rollback`` run against the session's
control plane and node simulator (tests/support/cluster.py), each example in a
namespace and release of its own that is deleted afterwards.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import pty
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kubeship.sanitize import MASK, MIN_SECRET_LENGTH, derived_forms
from tests.support.cli import REPO_ROOT, kubeship_env, read_terminal, run_kubeship
from tests.support.cluster import unique_namespace
from tests.support.registry import SESSION_IMAGE, free_port, start_registry

SCENARIOS = yaml.safe_load((Path(__file__).parent / "leak_scenarios.yaml").read_text())
LOG_MODES = {"json": ["--debug", "--log-format", "json"], "text": ["--debug"]}
PROBE_COMMAND = "leak-probe"

# Runs tests/sanitize/leak_probe.py's command through the real kubeship.cli.main.
PROBE_BOOTSTRAP = (
    "import importlib, sys\n"
    "cli = importlib.import_module('kubeship.cli.app')\n"
    "from tests.sanitize import leak_probe\n"
    "leak_probe.register(cli.app)\n"
    "sys.argv = ['kubeship', *sys.argv[1:]]\n"
    "cli.main()\n"
)

# Forms shorter than this are not searched in a command's product (rendered manifests), where an
# image digest or another base64 value can contain a 3- to 5-character form by chance.
PRODUCT_MIN_FORM_LENGTH = 6

SPECIAL_CHARACTERS = ['"', "'", "\\", "\n", "\t", "$", "%", ":", "{", "}", "+", "/", "=", "&", "<", " ", "é", "日", "😀", "@", "#"]
# Characters that files, environment variables and YAML keep as they are: no control
# characters (except the newline and tab above), surrogates, line separators or BOMs.
PLAIN_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"))
# A short ASCII secret such as "000" also occurs in ordinary output ("127.0.0.1:5000") logged
# before the secret is known, so secrets shorter than this contain a non-ASCII character.
SHORT_SECRET_LENGTH = 8


def _searchable(secret: str) -> bool:
    if len(secret) < MIN_SECRET_LENGTH or "\x85" in secret:
        return False
    return len(secret) >= SHORT_SECRET_LENGTH or not secret.isascii()


SECRETS = (
    st.text(alphabet=st.one_of(PLAIN_CHARACTERS, st.sampled_from(SPECIAL_CHARACTERS)), min_size=MIN_SECRET_LENGTH, max_size=120)
    .map(str.strip)
    .filter(_searchable)
)
# Secrets every scenario tries before the generated ones: quoting characters, a long one, a short one.
FIXED_SECRETS = ['a"b\\c$d:e%f\ng ü', "x" * 150 + "$%:", "é$%"]

# A registry password is stored as a bcrypt hash in htpasswd, and bcrypt takes at most 72 bytes
# (the bcrypt package raises ValueError for more), so a secret-registry scenario gets shorter secrets.
BCRYPT_MAX_BYTES = 72
SECRET_REGISTRY_USER = "leak-user"
HARNESS_EXAMPLE = REPO_ROOT / "examples" / "harness-default"


def fits_bcrypt(secret: str) -> bool:
    return len(secret.encode()) <= BCRYPT_MAX_BYTES


@functools.cache
def registered_commands() -> frozenset[str]:
    """Return the command names that ``kubeship --help`` lists."""
    result = run_kubeship(["--help"], env={"COLUMNS": "200"})
    names = set()
    for line in result.stdout.splitlines():
        words = line.strip("│ ").split()
        if words:
            names.add(words[0])
    return frozenset(names)


def command_available(name: str) -> bool:
    if name == PROBE_COMMAND:
        return True
    return name in registered_commands() and run_kubeship([name, "--help"]).returncode == 0


def fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def prepare_workdir(scenario: dict, workdir: Path, values: dict[str, str]) -> None:
    for relative, content in (scenario.get("files") or {}).items():
        path = workdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(content, values), encoding="utf-8")
    for relative in scenario.get("executables") or []:
        (workdir / relative).chmod(stat.S_IRWXU)


# Control sequences a terminal program may write around text: CSI sequences and OSC titles.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")


def run_scenario(scenario: dict, log_args: list[str], workdir: Path, values: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [fill(arg, values) for arg in scenario["command"]]
    stdin = fill(scenario["stdin"], values) if "stdin" in scenario else None
    env = {name: fill(value, values) for name, value in (scenario.get("env") or {}).items()}
    if scenario.get("terminal"):
        return run_on_terminal([sys.executable, "-m", "kubeship", *command, *log_args], stdin, kubeship_env(env), workdir)
    if command[0] != PROBE_COMMAND:
        return run_kubeship([*command, *log_args], stdin=stdin, env=env, cwd=workdir)

    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "src"), str(REPO_ROOT)])
    return subprocess.run(
        [sys.executable, "-c", PROBE_BOOTSTRAP, *command, *log_args],
        input=stdin,
        capture_output=True,
        text=True,
        env=kubeship_env(env),
        cwd=workdir,
        timeout=120,
    )


def run_on_terminal(args: list[str], stdin: str | None, env: dict[str, str], workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``args`` with standard output on a pseudo-terminal; stdin and stderr go through files."""
    stdin_path = workdir / ".stdin"
    stderr_path = workdir / ".stderr"
    stdin_path.write_text(stdin or "", encoding="utf-8")
    primary, secondary = pty.openpty()
    with stdin_path.open("rb") as stdin_file, stderr_path.open("wb") as stderr_file:
        process = subprocess.Popen(args, stdin=stdin_file, stdout=secondary, stderr=stderr_file, env=env, cwd=workdir)
    os.close(secondary)

    printed = read_terminal(primary)
    os.close(primary)
    returncode = process.wait(timeout=120)

    stdout = printed.decode("utf-8", errors="replace").replace("\r\n", "\n")
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    stdin_path.unlink()
    stderr_path.unlink()
    return subprocess.CompletedProcess(args, returncode, ANSI_ESCAPE.sub("", stdout), stderr)


def without_secret_values(manifests: str) -> str:
    """Return the manifests with each Secret ``data`` and ``stringData`` value blanked, dumped again."""
    documents = []
    for document in yaml.safe_load_all(manifests):
        if isinstance(document, dict) and document.get("kind") == "Secret":
            for field_name in ("data", "stringData"):
                if isinstance(document.get(field_name), dict):
                    document[field_name] = {key: "" for key in document[field_name]}
        documents.append(document)
    return yaml.safe_dump_all(documents, allow_unicode=True, width=float("inf"))


def find_leaks(secret: str, outputs: dict[str, str], min_length: int = MIN_SECRET_LENGTH) -> list[str]:
    """Return ``where: form`` for each derived form of ``secret`` found in ``outputs``."""
    forms = [form for form in derived_forms(secret) if len(form) >= min_length]
    hits = []
    for where, text in outputs.items():
        # A mask is not a leak, even for a secret made of asterisks.
        text = text.replace(MASK, "\x00")
        hits.extend(f"{where}: {form!r}" for form in forms if form in text)
    return hits


def check_scenario(scenario: dict, secret: str, workdir: Path, values: dict[str, str]) -> None:
    values = {
        **values,
        "secret": secret,
        "secret_json": json.dumps(secret, ensure_ascii=False),
        "auth": base64.b64encode(f"leak-user:{secret}".encode()).decode(),
        "workdir": str(workdir),
    }
    prepare_workdir(scenario, workdir, values)

    # Steps that create what the command works on, such as the release that history lists.
    for number, step in enumerate(scenario.get("before") or [], start=1):
        step = {"env": scenario.get("env"), **step}
        result = run_scenario(step, LOG_MODES["text"], workdir, values)
        check_run(step, result, f"{scenario['name']} (before step {number})", secret, workdir)

    for mode, log_args in LOG_MODES.items():
        result = run_scenario(scenario, log_args, workdir, values)
        where = f"{scenario['name']} ({mode} logs)"
        check_run(scenario, result, where, secret, workdir)
        if mode == "json":
            _check_json_lines(result.stderr, where)


def check_run(step: dict, result: subprocess.CompletedProcess[str], where: str, secret: str, workdir: Path) -> None:
    """Check one run's exit code and expected output, then search its output and the log files for ``secret``."""
    assert result.returncode in step["exit"], (
        f"{where}: exit code {result.returncode}, expected one of {step['exit']}; "
        f"stderr (masked by kubeship, secret not shown here):\n{_masked_for_report(result.stderr, secret)}"
    )

    expected = step.get("expect_output") or []
    for text in [expected] if isinstance(expected, str) else expected:
        assert text in result.stdout + result.stderr, (
            f"{where}: output does not mention {text!r}; stderr (masked):\n{_masked_for_report(result.stderr, secret)}"
        )

    outputs = {"stderr": result.stderr}
    for log_file in sorted(workdir.rglob("*.log")):
        outputs[str(log_file.relative_to(workdir))] = log_file.read_text(errors="replace")
    if step.get("product") == "manifests" and result.returncode == 0:
        product_hits = find_leaks(secret, {"stdout": without_secret_values(result.stdout)}, PRODUCT_MIN_FORM_LENGTH)
        assert product_hits == [], f"{where}: secret outside Secret values in the product: {product_hits}"
    else:
        outputs["stdout"] = result.stdout

    hits = find_leaks(secret, outputs)
    assert hits == [], f"{where}: {len(hits)} leaked forms: {hits}"


def _check_json_lines(stderr: str, where: str) -> None:
    # With --log-format json, every log line on stderr is one JSON object.
    for line in stderr.splitlines():
        if line.startswith("{"):
            assert isinstance(json.loads(line), dict), f"{where}: not a JSON log record: {line[:80]}"


def _masked_for_report(text: str, secret: str) -> str:
    for form in sorted(derived_forms(secret), key=len, reverse=True):
        text = text.replace(form, "<FORM>")
    return text[-3000:]


@contextlib.contextmanager
def secret_registry(tmp_path_factory: pytest.TempPathFactory, secret: str) -> Iterator[str]:
    """Run a registry that contains team/web:1.4.2 and has ``secret`` as the password of ``leak-user``; yield its host."""
    # The registry's folder is outside the scenario's work directory, whose *.log files are searched.
    with start_registry(tmp_path_factory.mktemp("leak-registry"), users={SECRET_REGISTRY_USER: secret}) as registry:
        registry.push_image(*SESSION_IMAGE, username=SECRET_REGISTRY_USER)
        yield registry.host


def delete_namespace(kube, name: str) -> None:
    """Delete a namespace and so its pods, which would otherwise keep the node simulator pulling."""
    from kubernetes.client.rest import ApiException

    try:
        kube.core.delete_namespace(name)
    except ApiException as error:
        if error.status != 404:
            raise


def scenario_marks(scenario: dict) -> list[pytest.MarkDecorator]:
    requirements = scenario.get("requires") or []
    marks = []
    if "cluster" in requirements:
        marks.append(pytest.mark.cluster)
    if {"registry", "secret-registry"} & set(requirements):
        marks.append(pytest.mark.registry)
    return marks


def expected_texts(scenario: dict) -> list[str]:
    """Return every text that the scenario's steps expect in their output."""
    texts = []
    for step in [*(scenario.get("before") or []), scenario]:
        expected = step.get("expect_output") or []
        texts.extend([expected] if isinstance(expected, str) else expected)
    return texts


def secrets_for(scenario: dict) -> tuple[st.SearchStrategy[str], list[str]]:
    """Return the generated and the fixed secrets a scenario runs with.

    A generated secret that occurs in an expected text (such as "Succeeded") is left out,
    because kubeship masks it there too and the expected text could not be found.
    """
    texts = expected_texts(scenario)

    def not_in_expected_text(secret: str) -> bool:
        return not any(form in text for form in derived_forms(secret) for text in texts)

    fixed = FIXED_SECRETS[: scenario.get("fixed_examples", len(FIXED_SECRETS))]
    generated = SECRETS.filter(not_in_expected_text)
    if "secret-registry" in (scenario.get("requires") or []):
        return generated.filter(fits_bcrypt), [secret for secret in fixed if fits_bcrypt(secret)]
    return generated, fixed


@pytest.mark.parametrize(
    "scenario",
    [pytest.param(scenario, id=scenario["name"], marks=scenario_marks(scenario)) for scenario in SCENARIOS],
)
def test_no_secret_in_output(scenario, request, tmp_path_factory):
    command = scenario["command"][0]
    if not command_available(command):
        pytest.skip(f"kubeship {command} is not registered on this branch yet")
    requirements = scenario.get("requires") or []
    values = {"python": sys.executable, "closed_port": str(free_port()), "example": str(HARNESS_EXAMPLE)}
    if "registry" in requirements:
        registry = request.getfixturevalue("registry")
        values["registry"] = registry.host
    else:
        values["registry"] = f"127.0.0.1:{values['closed_port']}"
    kube = None
    if "cluster" in requirements:
        values["kubeconfig"] = str(request.getfixturevalue("control_plane").kubeconfig)
        request.getfixturevalue("node")
        kube = request.getfixturevalue("kube")

    def check(secret: str) -> None:
        workdir = tmp_path_factory.mktemp(scenario["name"])
        values["path"] = os.pathsep.join([str(workdir / "bin"), os.environ.get("PATH", "")])
        with contextlib.ExitStack() as cleanup:
            if kube is not None:
                values["namespace"] = unique_namespace()
                values["release"] = "release-" + values["namespace"]
                cleanup.callback(delete_namespace, kube, values["namespace"])
            if "secret-registry" in requirements:
                values["secret_registry"] = cleanup.enter_context(secret_registry(tmp_path_factory, secret))
            check_scenario(scenario, secret, workdir, values)

    generated, fixed = secrets_for(scenario)
    for secret in fixed:
        check = example(secret=secret)(check)
    check = given(secret=generated)(check)
    check = settings(
        max_examples=scenario.get("examples", 4),
        # Shrinking reruns a failing cluster scenario for minutes, waiting for deploys each time.
        phases=[Phase.explicit, Phase.generate] if kube is not None else tuple(Phase),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(check)
    check()


def test_find_leaks_sees_base64_form():
    secret = "pa$$word"
    outputs = {"stderr": "auth cGEkJHdvcmQ= end"}

    assert find_leaks(secret, outputs) != []


def test_find_leaks_ignores_masks():
    assert find_leaks("*****", {"stderr": f"password {MASK}"}) == []


def test_product_keeps_non_secret_fields():
    manifests = "kind: Secret\nmetadata:\n  name: leak-me\nstringData:\n  token: hidden\n"

    dumped = without_secret_values(manifests)

    assert "leak-me" in dumped
    assert "hidden" not in dumped
