"""Case conversions from huandu/xstrings (v1.5.0), which Sprig uses: ``snakecase``, ``kebabcase``,
``camelcase`` (xstrings' ``ToPascalCase``) and ``shuffle``.

Words are split as xstrings splits them: runs of upper-case letters, letters,
numbers, punctuation and connectors (``-``, ``_`` and white space).
"""

from __future__ import annotations

import random

from kubeship.gotemplate.functions import gounicode
from kubeship.gotemplate.gotypes import go_func

INVALID, NUMBER, UPPER, ALPHABET, CONNECTOR, PUNCT, OTHER = range(7)


def _is_connector(char: str) -> bool:
    return char in "-_" or gounicode.is_space(char)


def _is_alphabet(char: str) -> bool:
    """Report whether ``char`` is a letter outside the common CJK blocks (xstrings' ``isAlphabet``)."""
    if not gounicode.is_letter(char):
        return False
    code = ord(char)
    if code < 0x3400:
        return True
    return not (0x4E00 <= code <= 0x9FCC or 0x3400 <= code <= 0x4D85 or 0x20000 <= code <= 0x2B81D)


def _next_word(text: str) -> tuple[int, str, str]:
    """Split off the next word: its type, its text and the rest (xstrings' ``nextWord``)."""
    if not text:
        return INVALID, "", ""
    char = text[0]
    if _is_connector(char):
        kind, test = CONNECTOR, _is_connector
    elif gounicode.is_punct(char):
        kind, test = PUNCT, gounicode.is_punct
    elif gounicode.is_upper(char):
        return _next_upper_word(text)
    elif _is_alphabet(char):
        end = 1
        while end < len(text) and _is_alphabet(text[end]) and not gounicode.is_upper(text[end]):
            end += 1
        return ALPHABET, text[:end], text[end:]
    elif gounicode.is_number(char):
        kind, test = NUMBER, gounicode.is_number
    else:
        end = 1
        while end < len(text):
            following = text[end]
            if (_is_connector(following) or _is_alphabet(following) or gounicode.is_number(following)
                    or gounicode.is_punct(following)):
                break
            end += 1
        return OTHER, text[:end], text[end:]
    end = 1
    while end < len(text) and test(text[end]):
        end += 1
    return kind, text[:end], text[end:]


def _next_upper_word(text: str) -> tuple[int, str, str]:
    if len(text) == 1:
        return UPPER, text, ""
    second = text[1]
    end = 1
    if gounicode.is_upper(second):
        end = 2
        while end < len(text) and gounicode.is_upper(text[end]):
            end += 1
        # "HTTPServer": the last upper-case letter starts the next word.
        if end < len(text) and _is_alphabet(text[end]):
            end -= 1
    elif _is_alphabet(second):
        end = 2
        while end < len(text) and _is_alphabet(text[end]) and not gounicode.is_upper(text[end]):
            end += 1
    return UPPER, text[:end], text[end:]


def _lower_word(out: list[str], kind: int, word: str, connector: str) -> None:
    if kind not in (UPPER, CONNECTOR):
        out.append(word)
        return
    for char in word:
        if _is_connector(char):
            out.append(connector)
        elif gounicode.is_upper(char):
            out.append(gounicode.to_lower(char))
        else:
            out.append(char)


def camel_to_lower(text: str, connector: str) -> str:
    """Convert to lower-case words joined by ``connector`` (xstrings' ``camelCaseToLowerCase``)."""
    if not text:
        return ""
    out: list[str] = []
    kind, word, rest = _next_word(text)
    while rest:
        if kind != CONNECTOR:
            _lower_word(out, kind, word, connector)
        previous, last = kind, word
        kind, word, rest = _next_word(rest)
        if previous == NUMBER:
            while kind in (ALPHABET, NUMBER):
                _lower_word(out, kind, word, connector)
                kind, word, rest = _next_word(rest)
            if kind not in (INVALID, PUNCT, CONNECTOR):
                out.append(connector)
        elif previous == CONNECTOR:
            _lower_word(out, previous, last, connector)
        elif previous == PUNCT:
            pass
        elif kind != NUMBER:
            if kind not in (CONNECTOR, PUNCT):
                out.append(connector)
        elif rest:
            last = word
            kind, word, rest = _next_word(rest)
            if kind != ALPHABET:
                _lower_word(out, NUMBER, last, connector)
                if kind not in (CONNECTOR, PUNCT):
                    out.append(connector)
            else:
                out.append(connector)
                _lower_word(out, NUMBER, last, connector)
                while kind in (ALPHABET, NUMBER):
                    _lower_word(out, kind, word, connector)
                    kind, word, rest = _next_word(rest)
                if kind not in (INVALID, CONNECTOR, PUNCT):
                    out.append(connector)
    _lower_word(out, kind, word, connector)
    return "".join(out)


def to_camel_case(text: str, upper_first: bool = True) -> str:
    """Convert as xstrings' ``ToPascalCase`` (``ToCamelCase`` without ``upper_first``): connectors removed,
    each word capitalized."""
    change_first = gounicode.to_upper if upper_first else gounicode.to_lower
    if not text:
        return ""
    out: list[str] = []
    index = 0
    first_upper = False
    current = ""
    while index < len(text):
        current = text[index]
        index += 1
        if not _is_connector(current):
            first_upper = gounicode.is_upper(current)
            current = change_first(current)
            break
        out.append(current)
    else:
        return "".join(out)
    while index < len(text):
        previous = current
        current = text[index]
        index += 1
        if _is_connector(current) and _is_connector(previous):
            out.append(previous)
            continue
        if _is_connector(previous):
            first_upper = gounicode.is_upper(current)
            current = gounicode.to_upper(current)
        else:
            if first_upper:
                if gounicode.is_upper(current):
                    current = gounicode.to_lower(current)
                else:
                    first_upper = False
            out.append(previous)
    if first_upper and not upper_first:
        current = gounicode.to_lower(current)
    out.append(current)
    return "".join(out)


@go_func("func(string) string")
def snakecase(text: str) -> str:
    return camel_to_lower(text, "_")


@go_func("func(string) string")
def kebabcase(text: str) -> str:
    return camel_to_lower(text, "-")


@go_func("func(string) string")
def camelcase(text: str) -> str:
    return to_camel_case(text)


@go_func("func(string) string")
def camelcase_v2(text: str) -> str:
    """Sprig v2's ``camelcase`` (xstrings' ``ToCamelCase``): the first letter is lower-cased."""
    return to_camel_case(text, upper_first=False)


@go_func("func(string) string")
def shuffle(text: str) -> str:
    characters = list(text)
    random.shuffle(characters)
    return "".join(characters)


FUNCTIONS = {
    "snakecase": snakecase,
    "kebabcase": kebabcase,
    "camelcase": camelcase,
    "shuffle": shuffle,
}
