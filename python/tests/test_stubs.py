"""The type stubs ship with the package and describe what the extension module really has."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import tactful
import tactful.spark
from tactful import _tactful

PACKAGE = Path(tactful.__file__).resolve().parent


def stub_classes():
    tree = ast.parse((PACKAGE / "_tactful.pyi").read_text(encoding="utf-8"))
    classes = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            classes[node.name] = names - {"__init__"}
    return classes


def test_marker_and_stubs_are_installed():
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "_tactful.pyi").is_file()


def test_every_public_class_and_member_is_in_the_stubs():
    stubs = stub_classes()
    runtime = {n: c for n, c in vars(_tactful).items() if inspect.isclass(c) and not n.startswith("_")}
    assert set(stubs) == set(runtime)
    for name, cls in runtime.items():
        if issubclass(cls, BaseException):
            continue
        public = {m for m in dir(cls) if not m.startswith("_")}
        assert stubs[name] == public, name


def test_public_functions_have_docstrings():
    for name in ("Coach", "Finding", "Signal", "Review", "ConversationFinding", "TranscriptReview"):
        assert getattr(tactful, name).__doc__
    for method in ("review", "review_transcript", "apply_fixes", "review_arrow", "read_transcripts", "detect"):
        assert getattr(tactful.Coach, method).__doc__, method
    assert tactful.spark.review.__doc__ and tactful.spark.__doc__
