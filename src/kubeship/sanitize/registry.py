"""The registry of secret values, and the process-wide instance that every component feeds."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections import Counter
from typing import Any

from kubeship.sanitize.engine import FormSet, Masker, StreamMasker
from kubeship.sanitize.forms import derived_forms

log = logging.getLogger(__name__)

# Fields of helper and token-endpoint JSON whose string values are secrets (compared lowercased).
SECRET_FIELD_NAMES = frozenset(
    {
        "secret",
        "password",
        "token",
        "auth",
        "identitytoken",
        "registrytoken",
        "access_token",
        "accesstoken",
        "refresh_token",
        "refreshtoken",
        "id_token",
        "client_secret",
        "private_key",
    }
)


class SecretRegistry:
    """A set of secret values with their derived forms, and the masker built from them.

    Registration is thread-safe. The masker is rebuilt on the first use after a
    registration added a form. New forms go to a small recent set, searched
    with an Aho-Corasick NFA that is cheap to build, so a registration between
    two maskings rebuilds only that automaton. The recent forms join
    the base set, a Hyperscan database, once they exceed a quarter of it, so
    the base set is compiled again only after it grew by a quarter. They also
    join it once the masker has searched :data:`MERGE_BYTES_PER_FORM` per form
    since the recent set last changed, because by then one compilation costs
    less than the second search pass did.
    """

    RECENT_MIN_FORMS = 512
    # On the bench machine Hyperscan compiles 50 to 75 us per form, and the recent set's contiguous NFA
    # costs about 4.5 ms per MB searched (docs/sanitize.md), so a merge pays for itself after about
    # 17 KB per form. At 64 KB a merge costs at most about a quarter of the search time it saves.
    MERGE_BYTES_PER_FORM = 64 * 1024

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._base_forms: set[str] = set()
        self._recent_forms: set[str] = set()
        self._base_set = FormSet((), optimize_search=True)
        self._kinds: Counter[str] = Counter()
        self._masker = Masker()
        self._stale = False

    def register(self, value: str | bytes | None, *, kind: str = "secret") -> bool:
        """Register ``value`` and its derived forms. Return False when it is too short to mask."""
        if value is None:
            return False
        forms = derived_forms(value)
        if not forms:
            return False
        with self._lock:
            new_forms = forms - self._base_forms - self._recent_forms
            if new_forms:
                self._recent_forms |= new_forms
                self._stale = True
            self._kinds[kind] += 1
        return True

    def register_credential(self, username: str | None, password: str | bytes | None, *, kind: str = "credential") -> None:
        """Register a password, ``username:password`` and the base64 of ``username:password``.

        The base64 form is registered as a value of its own, so its base64
        forms cover an ``auth`` field inside a base64 docker config. The
        username alone is not a secret and stays visible.
        """
        if password is None:
            return
        if isinstance(password, bytes):
            password = password.decode("utf-8", errors="replace")
        self.register(password, kind=kind)
        if len(password) < 1:
            return
        pair = f"{username or ''}:{password}"
        self.register(pair, kind=kind)
        self.register(base64.b64encode(pair.encode("utf-8", errors="surrogatepass")).decode("ascii"), kind=kind)

    def register_command_output(
        self, output: str | bytes | None, *, kind: str = "command-output", whole_output: bool = True
    ) -> None:
        """Register the captured output of a program that prints secrets, such as a credential helper.

        With ``whole_output`` the whole output and each of its lines are
        registered, so a message that quotes malformed output shows no secret.
        Without it (for output that is shown as an error message) only the
        secret fields are. The secret fields are the string values of
        :data:`SECRET_FIELD_NAMES` in the output, or in any line of it, that
        parses as JSON, and a ``Username`` with a ``Secret`` as a credential.
        """
        if output is None:
            return
        if isinstance(output, bytes):
            output = output.decode("utf-8", errors="replace")
        if whole_output:
            self.register(output.strip(), kind=kind)
        for text in [output, *output.splitlines()]:
            try:
                document = json.loads(text)
            except ValueError:
                continue
            self._register_secret_fields(document, kind)

    def _register_secret_fields(self, document: Any, kind: str) -> None:
        if isinstance(document, list):
            for item in document:
                self._register_secret_fields(item, kind)
            return
        if not isinstance(document, dict):
            return
        if isinstance(document.get("Username"), str) and isinstance(document.get("Secret"), str):
            self.register_credential(document["Username"], document["Secret"], kind=kind)
        for key, item in document.items():
            if isinstance(item, str) and key.lower() in SECRET_FIELD_NAMES:
                self.register(item, kind=kind)
            else:
                self._register_secret_fields(item, kind)

    def masker(self) -> Masker:
        """Return the masker for the forms registered so far."""
        with self._lock:
            merge_due = self._merge_due()
            if not self._stale and not merge_due:
                return self._masker
            if merge_due or len(self._recent_forms) > max(self.RECENT_MIN_FORMS, len(self._base_forms) // 4):
                self._base_forms |= self._recent_forms
                self._recent_forms = set()
                self._base_set = FormSet(self._base_forms, optimize_search=True)
            self._masker = Masker(form_sets=[self._base_set, FormSet(self._recent_forms)])
            self._stale = False
            masker = self._masker
            secret_count = sum(self._kinds.values())
        # Logged outside the lock, because the log filter masks through this method.
        searchers = "; ".join(form_set.describe() for form_set in masker.form_sets) or "no searcher"
        log.debug("masking %d forms of %d registered secrets: %s", masker.pattern_count, secret_count, searchers)
        return masker

    def _merge_due(self) -> bool:
        if not self._recent_forms:
            return False
        form_count = len(self._base_forms) + len(self._recent_forms)
        return self._masker.searched_bytes >= self.MERGE_BYTES_PER_FORM * form_count

    def mask(self, text: str) -> str:
        return self.masker().mask(text)

    def stream_masker(self) -> StreamMasker:
        return StreamMasker(self.masker)

    def forms(self) -> frozenset[str]:
        """Return every registered form. For tests and diagnostics; never print the result."""
        with self._lock:
            return frozenset(self._base_forms | self._recent_forms)

    def counts(self) -> dict[str, int]:
        """Return how many values were registered, by kind."""
        with self._lock:
            return dict(self._kinds)

    def reset(self) -> None:
        """Forget every registered value."""
        with self._lock:
            self._base_forms = set()
            self._recent_forms = set()
            self._base_set = FormSet((), optimize_search=True)
            self._kinds = Counter()
            self._masker = Masker()
            self._stale = False


DEFAULT_REGISTRY = SecretRegistry()
"""The process-wide registry that the module-level functions of :mod:`kubeship.sanitize` use."""
