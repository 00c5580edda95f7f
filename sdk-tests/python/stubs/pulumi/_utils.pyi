# Test stub (see __init__.pyi): what the generated _utilities.py uses.
from types import ModuleType

def lazy_import(fullname: str) -> ModuleType: ...
