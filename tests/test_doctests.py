"""The >>> examples in the public docstrings run and hold."""

import doctest
import importlib

import pytest

MODULES = ["advisor.engine", "advisor.parsing", "advisor.glossary", "advisor.catalog",
           "advisor.loader", "advisor.requirements"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS |
                             doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
