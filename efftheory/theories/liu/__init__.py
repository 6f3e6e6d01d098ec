"""TRANSITION: replaced by the paper package."""
from ..paper import Paper

PAPER = Paper(key="liu", citation="", short="", package=__name__, models={"liu-addition": "efftheory.theories.liu_addition"}, claims="TRANSITION")
