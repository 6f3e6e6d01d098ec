"""The registered theories, one module per paper model.

Modules are imported lazily, on first use, so that ``import efftheory`` stays cheap.
"""
from __future__ import annotations

import importlib

from ..errors import UnknownTheoryError

__all__ = ["names", "get", "all_models"]

_MODULES = {
    "landau-sextic": "landau_sextic",
    "rubin-cubic": "rubin_cubic",
    "rubin-modular": "rubin_modular",
    "zunkovic-1d": "zunkovic_1d",
    "zunkovic-ball": "zunkovic_ball",
    "liu-addition": "liu_addition",
}


def names() -> list[str]:
    """The registered theory names, in registration order."""
    return list(_MODULES)


def get(name: str):
    """The :class:`~efftheory.theories.base.Model` registered as ``name``."""
    try:
        module = _MODULES[name]
    except KeyError:
        raise UnknownTheoryError(f"unknown theory '{name}'; known theories: {', '.join(_MODULES)}") from None
    return importlib.import_module(f"{__name__}.{module}").MODEL


def all_models():
    return [get(n) for n in _MODULES]
