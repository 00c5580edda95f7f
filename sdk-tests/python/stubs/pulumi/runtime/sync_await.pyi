# Test stub (see ../__init__.pyi): what the generated _utilities.py uses.
from typing import Awaitable, TypeVar

T = TypeVar("T")

def _sync_await(awaitable: Awaitable[T]) -> T: ...
