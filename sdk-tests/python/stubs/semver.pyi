# Test stub (see pulumi/__init__.pyi): the generated _utilities.py imports
# semver.VersionInfo; only pyright's check of that file needs it.
from typing import Any

def __getattr__(name: str) -> Any: ...
