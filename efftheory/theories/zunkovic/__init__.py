"""TRANSITION: replaced by the paper package."""
from ..paper import Paper

PAPER = Paper(key="zunkovic", citation="", short="", package=__name__, models={"zunkovic-1d": "efftheory.theories.zunkovic_1d", "zunkovic-ball": "efftheory.theories.zunkovic_ball"}, claims="TRANSITION")
