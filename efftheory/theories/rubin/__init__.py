"""TRANSITION: replaced by the paper package."""
from ..paper import Paper

PAPER = Paper(key="rubin", citation="", short="", package=__name__, models={"rubin-cubic": "efftheory.theories.rubin_cubic", "rubin-modular": "efftheory.theories.rubin_modular"}, claims="TRANSITION")
