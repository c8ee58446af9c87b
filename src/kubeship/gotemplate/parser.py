"""Parser: build parse trees from lexer items, as Go's ``text/template/parse/parse.go`` does.

``parse(name, text, ...)`` returns the trees of one parse: the top-level
template and each ``define``/``block``, keyed by name.  Error messages and
the line they report follow Go's parser token for token.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Container, Iterator

from kubeship.gotemplate import gofmt
from kubeship.gotemplate.errors import TemplateParseError
from kubeship.gotemplate.lexer import Item, ItemType, Lexer
from kubeship.gotemplate.literals import LiteralError, parse_number, unquote
from kubeship.gotemplate.nodes import (
    ActionNode, BoolNode, BranchNode, BreakNode, ChainNode, CommandNode, CommentNode, ContinueNode,
    DotNode, ElseNode, EndNode, FieldNode, IdentifierNode, IfNode, ListNode, NilNode, Node,
    NumberNode, PipeNode, RangeNode, StringNode, TemplateNode, TextNode, VariableNode, WithNode,
    is_empty_tree,
)

# Go's limit on nested parenthesized pipelines.
MAX_STACK_DEPTH = 10000

_OPERAND_STARTS = frozenset({
    ItemType.BOOL, ItemType.CHAR_CONSTANT, ItemType.COMPLEX, ItemType.DOT, ItemType.FIELD,
    ItemType.IDENTIFIER, ItemType.NUMBER, ItemType.NIL, ItemType.RAW_STRING, ItemType.STRING,
    ItemType.VARIABLE, ItemType.LEFT_PAREN,
})


class _ParseFailure(Exception):
    """Internal: carries a finished Go parse error message out of the recursion."""

    def __init__(self, message: str, name: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.line = line


class _Stream:
    """The item source shared by a tree and the trees of its definitions."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.index = 0

    def next_item(self) -> Item:
        item = self.items[self.index]
        if self.index < len(self.items) - 1:
            self.index += 1
        return item


class Tree:
    """A parsed template: ``root`` and the text it came from, for error positions.

    ``parse_name`` is the name of the top-level template being parsed when
    this tree was defined; error locations use it, as Go's do.
    """

    def __init__(self, name: str, text: str, parse_name: str, has_function: Callable[[str], bool],
                 tree_set: dict[str, Tree], stream: _Stream) -> None:
        self.name = name
        self.text = text
        self.parse_name = parse_name
        self.root: ListNode | None = None
        self.has_function = has_function
        self.tree_set = tree_set
        self.stream = stream
        self.token: list[Item] = [Item(ItemType.EOF, 0, "", 1)] * 3
        self.peek_count = 0
        self.vars = ["$"]
        self.action_line = 0
        self.range_depth = 0
        self.stack_depth = 0

    # -- token handling, mirroring Go's three-token lookahead

    def next(self) -> Item:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.stream.next_item()
        return self.token[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, t1: Item) -> None:
        self.token[1] = t1
        self.peek_count = 2

    def backup3(self, t2: Item, t1: Item) -> None:
        self.token[1] = t1
        self.token[2] = t2
        self.peek_count = 3

    def peek(self) -> Item:
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.stream.next_item()
        return self.token[0]

    def next_non_space(self) -> Item:
        while True:
            token = self.next()
            if token.type != ItemType.SPACE:
                return token

    def peek_non_space(self) -> Item:
        token = self.next_non_space()
        self.backup()
        return token

    # -- errors

    def errorf(self, format_text: str, *args: object) -> None:
        """Raise Go's parse error; the name goes into the format unescaped, as in Go's ``Tree.errorf``."""
        self.root = None
        line = self.token[0].line
        message = gofmt.sprintf(f"template: {self.parse_name}:{line}: {format_text}", *args)
        raise _ParseFailure(message, self.parse_name, line)

    def expect(self, expected: ItemType, context: str) -> Item:
        token = self.next_non_space()
        if token.type != expected:
            self.unexpected(token, context)
        return token

    def expect_one_of(self, first: ItemType, second: ItemType, context: str) -> Item:
        token = self.next_non_space()
        if token.type != first and token.type != second:
            self.unexpected(token, context)
        return token

    def unexpected(self, token: Item, context: str) -> None:
        if token.type == ItemType.ERROR:
            extra = ""
            if self.action_line != 0 and self.action_line != token.line:
                extra = f" in action started at {self.parse_name}:{self.action_line}"
                if token.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.errorf("%s%s", str(token), extra)
        self.errorf("unexpected %s in %s", str(token), context)

    # -- structure

    def sub_tree(self, name: str) -> Tree:
        """Return a tree for a ``define`` or ``block`` body that reads from the same items."""
        tree = Tree(name, self.text, self.parse_name, self.has_function, self.tree_set, self.stream)
        return tree

    def add(self) -> None:
        existing = self.tree_set.get(self.name)
        if existing is None or is_empty_tree(existing.root):
            self.tree_set[self.name] = self
            return
        if not is_empty_tree(self.root):
            self.errorf("template: multiple definition of template %q", self.name)

    def parse(self) -> None:
        self.root = ListNode(self.peek().pos, self)
        while self.peek().type != ItemType.EOF:
            if self.peek().type == ItemType.LEFT_DELIM:
                delim = self.next()
                if self.next_non_space().type == ItemType.DEFINE:
                    definition = self.sub_tree("definition")
                    definition.parse_definition()
                    continue
                self.backup2(delim)
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                self.errorf("unexpected %s", str(node))
            self.root.nodes.append(node)

    def parse_definition(self) -> None:
        context = "define clause"
        name = self.expect_one_of(ItemType.STRING, ItemType.RAW_STRING, context)
        self.name = self.unquote(name.val)
        self.expect(ItemType.RIGHT_DELIM, context)
        self.root, end = self.item_list()
        if not isinstance(end, EndNode):
            self.errorf("unexpected %s in %s", str(end), context)
        self.add()

    def unquote(self, text: str) -> str:
        try:
            return unquote(text)
        except LiteralError as error:
            self.errorf("%s", str(error))
            raise

    def item_list(self) -> tuple[ListNode, Node]:
        node_list = ListNode(self.peek_non_space().pos, self)
        while self.peek_non_space().type != ItemType.EOF:
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                return node_list, node
            node_list.nodes.append(node)
        self.errorf("unexpected EOF")
        raise AssertionError("unreachable")

    def text_or_action(self) -> Node:
        token = self.next_non_space()
        if token.type == ItemType.TEXT:
            return TextNode(token.pos, self, token.val)
        if token.type == ItemType.LEFT_DELIM:
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        if token.type == ItemType.COMMENT:
            return CommentNode(token.pos, self, token.val)
        self.unexpected(token, "input")
        raise AssertionError("unreachable")

    def action(self) -> Node:
        token = self.next_non_space()
        handler = _ACTION_KEYWORDS.get(token.type)
        if handler is not None:
            return handler(self, token)
        self.backup()
        token = self.peek()
        return ActionNode(token.pos, self, token.line, self.pipeline("command", ItemType.RIGHT_DELIM))

    def break_control(self, keyword: Item) -> Node:
        token = self.next_non_space()
        if token.type != ItemType.RIGHT_DELIM:
            self.unexpected(token, "{{break}}")
        if self.range_depth == 0:
            self.errorf("{{break}} outside {{range}}")
        return BreakNode(keyword.pos, self, keyword.line)

    def continue_control(self, keyword: Item) -> Node:
        token = self.next_non_space()
        if token.type != ItemType.RIGHT_DELIM:
            self.unexpected(token, "{{continue}}")
        if self.range_depth == 0:
            self.errorf("{{continue}} outside {{range}}")
        return ContinueNode(keyword.pos, self, keyword.line)

    # -- pipelines

    def pipeline(self, context: str, end: ItemType) -> PipeNode:
        token = self.peek_non_space()
        pipe = PipeNode(token.pos, self, token.line)
        self.declarations(pipe, context)
        while True:
            token = self.next_non_space()
            if token.type == end:
                self.check_pipeline(pipe, context)
                return pipe
            if token.type in _OPERAND_STARTS:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(token, context)

    def declarations(self, pipe: PipeNode, context: str) -> None:
        while True:
            variable = self.peek_non_space()
            if variable.type != ItemType.VARIABLE:
                return
            self.next()
            token_after_variable = self.peek()
            following = self.peek_non_space()
            if following.type in (ItemType.ASSIGN, ItemType.DECLARE):
                pipe.is_assign = following.type == ItemType.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, self, variable.val))
                self.vars.append(variable.val)
                return
            if following.type == ItemType.CHAR and following.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, self, variable.val))
                self.vars.append(variable.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().type in (ItemType.VARIABLE, ItemType.RIGHT_DELIM,
                                                      ItemType.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf("too many declarations in %s", context)
            if token_after_variable.type == ItemType.SPACE:
                self.backup3(variable, token_after_variable)
            else:
                self.backup2(variable)
            return

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf("missing value for %s", context)
        for index, command in enumerate(pipe.cmds[1:]):
            if isinstance(command.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                self.errorf("non executable command in pipeline stage %d", index + 2)

    def parse_control(self, context: str) -> tuple[int, int, PipeNode, ListNode, ListNode | None]:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(context, ItemType.RIGHT_DELIM)
            if context == "range":
                self.range_depth += 1
            body, following = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list = None
            if isinstance(following, ElseNode):
                else_list = self.parse_else(context, following)
            return pipe.pos, pipe.line, pipe, body, else_list
        finally:
            del self.vars[mark:]

    def parse_else(self, context: str, else_node: ElseNode) -> ListNode:
        if context == "if" and self.peek().type == ItemType.IF:
            self.next()
            else_list = ListNode(else_node.pos, self)
            else_list.nodes.append(self.if_control(None))
            return else_list
        if context == "with" and self.peek().type == ItemType.WITH:
            self.next()
            else_list = ListNode(else_node.pos, self)
            else_list.nodes.append(self.with_control(None))
            return else_list
        else_list, following = self.item_list()
        if not isinstance(following, EndNode):
            self.errorf("expected end; found %s", str(following))
        return else_list

    def if_control(self, _keyword: Item | None) -> Node:
        return IfNode(*self._branch("if"))

    def range_control(self, _keyword: Item | None) -> Node:
        return RangeNode(*self._branch("range"))

    def with_control(self, _keyword: Item | None) -> Node:
        return WithNode(*self._branch("with"))

    def _branch(self, context: str) -> tuple:
        pos, line, pipe, body, else_list = self.parse_control(context)
        return pos, self, line, pipe, body, else_list

    def end_control(self, _keyword: Item) -> Node:
        return EndNode(self.expect(ItemType.RIGHT_DELIM, "end").pos, self)

    def else_control(self, _keyword: Item) -> Node:
        peek = self.peek_non_space()
        if peek.type in (ItemType.IF, ItemType.WITH):
            return ElseNode(peek.pos, self, peek.line)
        token = self.expect(ItemType.RIGHT_DELIM, "else")
        return ElseNode(token.pos, self, token.line)

    def block_control(self, _keyword: Item) -> Node:
        context = "block clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = self.pipeline(context, ItemType.RIGHT_DELIM)
        block = self.sub_tree(name)
        block.root, end = block.item_list()
        if not isinstance(end, EndNode):
            self.errorf("unexpected %s in %s", str(end), context)
        block.add()
        return TemplateNode(token.pos, self, token.line, name, pipe)

    def template_control(self, _keyword: Item) -> Node:
        context = "template clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = None
        if self.next_non_space().type != ItemType.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, ItemType.RIGHT_DELIM)
        return TemplateNode(token.pos, self, token.line, name, pipe)

    def parse_template_name(self, token: Item, context: str) -> str:
        if token.type in (ItemType.STRING, ItemType.RAW_STRING):
            return self.unquote(token.val)
        self.unexpected(token, context)
        raise AssertionError("unreachable")

    # -- commands and operands

    def command(self) -> CommandNode:
        command = CommandNode(self.peek_non_space().pos, self)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            token = self.next()
            if token.type == ItemType.SPACE:
                continue
            if token.type in (ItemType.RIGHT_DELIM, ItemType.RIGHT_PAREN):
                self.backup()
            elif token.type != ItemType.PIPE:
                self.unexpected(token, "operand")
            break
        if not command.args:
            self.errorf("empty command")
        return command

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().type == ItemType.FIELD:
            chain = ChainNode(self.peek().pos, self, node)
            while self.peek().type == ItemType.FIELD:
                chain.add(self.next().val)
            if isinstance(node, FieldNode):
                return FieldNode(chain.pos, self, str(chain))
            if isinstance(node, VariableNode):
                return VariableNode(chain.pos, self, str(chain))
            if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
                self.errorf("unexpected . after term %q", str(node))
            return chain
        return node

    def term(self) -> Node | None:
        token = self.next_non_space()
        kind = token.type
        if kind == ItemType.IDENTIFIER:
            if not self.has_function(token.val):
                self.errorf("function %q not defined", token.val)
            return IdentifierNode(token.pos, self, token.val)
        if kind == ItemType.DOT:
            return DotNode(token.pos, self)
        if kind == ItemType.NIL:
            return NilNode(token.pos, self)
        if kind == ItemType.VARIABLE:
            return self.use_var(token)
        if kind == ItemType.FIELD:
            return FieldNode(token.pos, self, token.val)
        if kind == ItemType.BOOL:
            return BoolNode(token.pos, self, token.val == "true")
        if kind in (ItemType.CHAR_CONSTANT, ItemType.COMPLEX, ItemType.NUMBER):
            return self.number(token)
        if kind == ItemType.LEFT_PAREN:
            return self.parenthesized()
        if kind in (ItemType.STRING, ItemType.RAW_STRING):
            return StringNode(token.pos, self, token.val, self.unquote(token.val))
        self.backup()
        return None

    def parenthesized(self) -> PipeNode:
        if self.stack_depth >= MAX_STACK_DEPTH:
            self.errorf("max expression depth exceeded")
        self.stack_depth += 1
        try:
            return self.pipeline("parenthesized pipeline", ItemType.RIGHT_PAREN)
        finally:
            self.stack_depth -= 1

    def number(self, token: Item) -> NumberNode:
        try:
            value = parse_number(token.val, token.type == ItemType.CHAR_CONSTANT,
                                 token.type == ItemType.COMPLEX)
        except LiteralError as error:
            self.errorf("%s", str(error))
            raise
        return NumberNode(token.pos, self, token.val, value)

    def use_var(self, token: Item) -> VariableNode:
        variable = VariableNode(token.pos, self, token.val)
        if variable.ident[0] not in self.vars:
            self.errorf("undefined variable %q", variable.ident[0])
        return variable


_ACTION_KEYWORDS: dict[ItemType, Callable[[Tree, Item], Node]] = {
    ItemType.BLOCK: Tree.block_control,
    ItemType.BREAK: Tree.break_control,
    ItemType.CONTINUE: Tree.continue_control,
    ItemType.ELSE: Tree.else_control,
    ItemType.END: Tree.end_control,
    ItemType.IF: Tree.if_control,
    ItemType.RANGE: Tree.range_control,
    ItemType.TEMPLATE: Tree.template_control,
    ItemType.WITH: Tree.with_control,
}


def parse(name: str, text: str, left: str, right: str, functions: Container[str]) -> dict[str, Tree]:
    """Parse ``text`` as template ``name``; return the trees it defines, keyed by name.

    ``functions`` contains the names of the callable functions (user and builtin).
    Raises ``TemplateParseError`` with Go's message.
    """
    items = Lexer(text, left, right, break_ok="break" not in functions,
                  continue_ok="continue" not in functions).items()
    tree_set: dict[str, Tree] = {}
    tree = Tree(name, text, name, functions.__contains__, tree_set, _Stream(items))
    try:
        with recursion_headroom():
            tree.parse()
            tree.add()
    except _ParseFailure as failure:
        raise TemplateParseError(failure.message, name=failure.name, line=failure.line) from None
    return tree_set


@contextlib.contextmanager
def recursion_headroom() -> Iterator[None]:
    """Raise Python's recursion limit for walking trees as deep as Go's parser allows.

    Nested parentheses take about six Python frames a level in the parser,
    the compiler and ``str(node)``, up to Go's limit of 10000 levels.
    """
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, MAX_STACK_DEPTH * 8 + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous_limit)


BRANCH_TYPES = (IfNode, RangeNode, WithNode, BranchNode)
