"""Lexer: split template text into items, as Go's ``text/template/parse/lex.go`` does.

Positions are character offsets into the text (the error formatter converts
them to Go's byte offsets); lines count from 1.  The lexer scans the whole
text at once and stops after the first error item, which the parser reports
when it reaches it, as Go's lazy lexer would.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum
from typing import NamedTuple

from kubeship.gotemplate import quote
from kubeship.gotemplate.quote import quote as go_quote


class ItemType(IntEnum):
    """Item types; keywords come after ``KEYWORD`` as in Go."""

    ERROR = 0
    BOOL = 1
    CHAR = 2
    CHAR_CONSTANT = 3
    COMMENT = 4
    COMPLEX = 5
    ASSIGN = 6
    DECLARE = 7
    EOF = 8
    FIELD = 9
    IDENTIFIER = 10
    LEFT_DELIM = 11
    LEFT_PAREN = 12
    NUMBER = 13
    PIPE = 14
    RAW_STRING = 15
    RIGHT_DELIM = 16
    RIGHT_PAREN = 17
    SPACE = 18
    STRING = 19
    TEXT = 20
    VARIABLE = 21
    KEYWORD = 22
    BLOCK = 23
    BREAK = 24
    CONTINUE = 25
    DOT = 26
    DEFINE = 27
    ELSE = 28
    END = 29
    IF = 30
    NIL = 31
    RANGE = 32
    TEMPLATE = 33
    WITH = 34


KEYWORDS = {
    ".": ItemType.DOT,
    "block": ItemType.BLOCK,
    "break": ItemType.BREAK,
    "continue": ItemType.CONTINUE,
    "define": ItemType.DEFINE,
    "else": ItemType.ELSE,
    "end": ItemType.END,
    "if": ItemType.IF,
    "range": ItemType.RANGE,
    "nil": ItemType.NIL,
    "template": ItemType.TEMPLATE,
    "with": ItemType.WITH,
}

SPACE_CHARS = " \t\r\n"
LEFT_COMMENT = "/*"
RIGHT_COMMENT = "*/"
TERMINATORS = frozenset(" \t\r\n.,|:)(")


class Item(NamedTuple):
    """One lexical item: its type, start offset, text and line."""

    type: ItemType
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        if self.type == ItemType.EOF:
            return "EOF"
        if self.type == ItemType.ERROR:
            return self.val
        if self.type > ItemType.KEYWORD:
            return f"<{self.val}>"
        if len(self.val.encode("utf-8", "surrogateescape")) > 10:
            return go_quote_prefix(self.val, 10) + "..."
        return go_quote(self.val)


def go_quote_prefix(text: str, limit: int) -> str:
    """Quote the first ``limit`` characters as Go's ``%.10q`` does (its precision counts runes)."""
    return go_quote(text[:limit])


def is_print(char: str) -> bool:
    """Return whether Go's ``unicode.IsPrint`` accepts ``char``."""
    return quote.is_print(ord(char))


def is_alphanumeric(char: str) -> bool:
    """Return whether Go's lexer accepts ``char`` inside an identifier: ``_``, a letter or a digit."""
    if char == "_":
        return True
    if char.isascii():
        return char.isalnum()
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


def format_rune(char: str) -> str:
    """Format a character as Go's ``%#U`` does: ``U+0021 '!'``."""
    code = ord(char)
    text = f"U+{code:04X}"
    if is_print(char):
        text += f" '{char}'"
    return text


class Lexer:
    """Scans template text into ``Item`` s; ``items()`` returns them all."""

    def __init__(self, text: str, left: str = "", right: str = "", *,
                 break_ok: bool = True, continue_ok: bool = True) -> None:
        self.input = text
        self.left_delim = left or "{{"
        self.right_delim = right or "}}"
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.paren_depth = 0
        self.out: list[Item] = []
        self.failed = False

    def items(self) -> list[Item]:
        """Return every item up to and including EOF or the first error."""
        state = self.lex_text
        while state is not None and not self.failed:
            state = state()
        if not self.failed:
            self.out.append(Item(ItemType.EOF, self.pos, "EOF", self.start_line))
        return self.out

    # -- helpers

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def emit(self, item_type: ItemType) -> None:
        self.out.append(Item(item_type, self.start, self.input[self.start:self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.input.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def advance(self, count: int) -> None:
        """Move forward ``count`` characters, counting newlines (Go's ``next``)."""
        self.line += self.input.count("\n", self.pos, self.pos + count)
        self.pos += count

    def error(self, message: str) -> None:
        self.out.append(Item(ItemType.ERROR, self.start, message, self.start_line))
        self.failed = True

    def at_terminator(self) -> bool:
        char = self.peek()
        if char == "" or char in TERMINATORS:
            return True
        return self.input.startswith(self.right_delim, self.pos)

    def has_left_trim(self, at: int) -> bool:
        text = self.input
        return at + 1 < len(text) and text[at] == "-" and text[at + 1] in SPACE_CHARS

    def has_right_trim(self, at: int) -> bool:
        text = self.input
        return at + 1 < len(text) and text[at] in SPACE_CHARS and text[at + 1] == "-"

    def at_right_delim(self) -> tuple[bool, bool]:
        if self.has_right_trim(self.pos) and self.input.startswith(self.right_delim, self.pos + 2):
            return True, True
        if self.input.startswith(self.right_delim, self.pos):
            return True, False
        return False, False

    # -- states

    def lex_text(self):
        found = self.input.find(self.left_delim, self.pos)
        if found < 0:
            self.pos = len(self.input)
            if self.pos > self.start:
                self.line += self.input.count("\n", self.start, self.pos)
                self.emit(ItemType.TEXT)
            return None
        if found > self.pos:
            self.pos = found
            trim = 0
            if self.has_left_trim(found + len(self.left_delim)):
                segment = self.input[self.start:self.pos]
                trim = len(segment) - len(segment.rstrip(SPACE_CHARS))
            self.pos -= trim
            self.line += self.input.count("\n", self.start, self.pos)
            text = self.input[self.start:self.pos]
            item = Item(ItemType.TEXT, self.start, text, self.start_line)
            self.start = self.pos
            self.start_line = self.line
            self.pos += trim
            self.ignore()
            if text:
                self.out.append(item)
        return self.lex_left_delim

    def lex_left_delim(self):
        self.pos += len(self.left_delim)
        trim = self.has_left_trim(self.pos)
        after_marker = 2 if trim else 0
        if self.input.startswith(LEFT_COMMENT, self.pos + after_marker):
            self.pos += after_marker
            self.ignore()
            return self.lex_comment
        self.emit(ItemType.LEFT_DELIM)
        self.pos += after_marker
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):
        self.pos += len(LEFT_COMMENT)
        found = self.input.find(RIGHT_COMMENT, self.pos)
        if found < 0:
            self.error("unclosed comment")
            return None
        self.pos = found + len(RIGHT_COMMENT)
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return None
        self.line += self.input.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line
        if trim:
            self.pos += 2
        self.pos += len(self.right_delim)
        if trim:
            self.pos += self._left_trim_length(self.pos)
        self.ignore()
        return self.lex_text

    def _left_trim_length(self, at: int) -> int:
        rest = self.input[at:]
        return len(rest) - len(rest.lstrip(SPACE_CHARS))

    def lex_right_delim(self):
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(self.right_delim)
        self.emit(ItemType.RIGHT_DELIM)
        if trim:
            self.pos += self._left_trim_length(self.pos)
            self.ignore()
        return self.lex_text

    def lex_inside_action(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            self.error("unclosed left paren")
            return None
        char = self.peek()
        if char == "":
            self.error("unclosed action")
            return None
        if char in SPACE_CHARS:
            return self.lex_space
        self.advance(1)
        simple = _SINGLE_CHAR_ITEMS.get(char)
        if simple is not None:
            self.emit(simple)
            return self.lex_inside_action
        handler = _CHAR_HANDLERS.get(char)
        if handler is not None:
            return handler(self)
        return self.lex_other(char)

    def lex_other(self, char: str):
        if char == ".":
            following = self.peek()
            if following != "" and not ("0" <= following <= "9"):
                return self.lex_field_or_variable(ItemType.FIELD)
        if char == "." or char in "+-" or "0" <= char <= "9":
            self.pos -= 1
            return self.lex_number
        if is_alphanumeric(char):
            self.pos -= 1
            return self.lex_identifier
        if char == "(":
            self.paren_depth += 1
            self.emit(ItemType.LEFT_PAREN)
            return self.lex_inside_action
        if char == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error("unexpected right paren")
                return None
            self.emit(ItemType.RIGHT_PAREN)
            return self.lex_inside_action
        if ord(char) <= 0x7F and is_print(char):
            self.emit(ItemType.CHAR)
            return self.lex_inside_action
        self.error(f"unrecognized character in action: {format_rune(char)}")
        return None

    def lex_declare(self):
        if self.peek() != "=":
            if self.peek():
                self.advance(1)
            self.error("expected :=")
            return None
        self.advance(1)
        self.emit(ItemType.DECLARE)
        return self.lex_inside_action

    def lex_space(self):
        count = 0
        while self.peek() != "" and self.peek() in SPACE_CHARS:
            self.advance(1)
            count += 1
        if self.has_right_trim(self.pos - 1) and self.input.startswith(self.right_delim, self.pos + 1):
            self.pos -= 1  # Before the space.
            if self.input[self.pos] == "\n":
                self.line -= 1
            if count == 1:
                return self.lex_right_delim
        self.emit(ItemType.SPACE)
        return self.lex_inside_action

    def lex_identifier(self):
        while is_alphanumeric(self.peek()):
            self.pos += 1
        word = self.input[self.start:self.pos]
        if not self.at_terminator():
            return self._bad_character()
        keyword = KEYWORDS.get(word)
        if keyword is not None and keyword > ItemType.KEYWORD:
            if (keyword == ItemType.BREAK and not self.break_ok) or (
                keyword == ItemType.CONTINUE and not self.continue_ok
            ):
                self.emit(ItemType.IDENTIFIER)
            else:
                self.emit(keyword)
        elif word[0] == ".":
            self.emit(ItemType.FIELD)
        elif word in ("true", "false"):
            self.emit(ItemType.BOOL)
        else:
            self.emit(ItemType.IDENTIFIER)
        return self.lex_inside_action

    def _bad_character(self):
        char = self.peek()
        self.error(f"bad character {format_rune(char) if char else 'U+FFFFFFFF'}")
        return None

    def lex_variable(self):
        if self.at_terminator():
            self.emit(ItemType.VARIABLE)
            return self.lex_inside_action
        return self.lex_field_or_variable(ItemType.VARIABLE)

    def lex_field_or_variable(self, item_type: ItemType):
        if self.at_terminator():
            self.emit(ItemType.VARIABLE if item_type == ItemType.VARIABLE else ItemType.DOT)
            return self.lex_inside_action
        while is_alphanumeric(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            return self._bad_character()
        self.emit(item_type)
        return self.lex_inside_action

    def lex_quote(self, closing: str, message: str):
        while True:
            char = self.peek()
            if char == "\\":
                self.advance(1)
                char = self.peek()
                if char not in ("", "\n"):
                    self.advance(1)
                    continue
            if char in ("", "\n"):
                self.error(message)
                return None
            self.advance(1)
            if char == closing:
                return self.lex_inside_action

    def lex_string(self):
        state = self.lex_quote('"', "unterminated quoted string")
        if state is not None:
            self.emit(ItemType.STRING)
        return state

    def lex_char(self):
        state = self.lex_quote("'", "unterminated character constant")
        if state is not None:
            self.emit(ItemType.CHAR_CONSTANT)
        return state

    def lex_raw_string(self):
        found = self.input.find("`", self.pos)
        if found < 0:
            self.advance(len(self.input) - self.pos)
            self.error("unterminated raw quoted string")
            return None
        self.advance(found + 1 - self.pos)
        self.emit(ItemType.RAW_STRING)
        return self.lex_inside_action

    def lex_number(self):
        if not self.scan_number():
            self.error(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
            return None
        if self.peek() in ("+", "-") and self.peek() != "":
            if not self.scan_number() or self.input[self.pos - 1] != "i":
                self.error(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
                return None
            self.emit(ItemType.COMPLEX)
            return self.lex_inside_action
        self.emit(ItemType.NUMBER)
        return self.lex_inside_action

    def accept(self, valid: str) -> bool:
        char = self.peek()
        if char != "" and char in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if is_alphanumeric(self.peek()):
            self.advance(1)
            return False
        return True


_SINGLE_CHAR_ITEMS = {"=": ItemType.ASSIGN, "|": ItemType.PIPE}
_CHAR_HANDLERS = {
    ":": Lexer.lex_declare,
    '"': Lexer.lex_string,
    "`": Lexer.lex_raw_string,
    "$": Lexer.lex_variable,
    "'": Lexer.lex_char,
}
