"""The exceptions of efftheory: one class per failure mode.

Every exception derives from :class:`EffTheoryError`. The command line maps
:class:`InputError` (and its subclasses) to exit status 2 and
:class:`ComputationError` (and its subclasses) to exit status 3.
"""

__all__ = [
    "EffTheoryError",
    "InputError",
    "UnknownTheoryError",
    "UnknownParameterError",
    "ParameterDomainError",
    "UnknownQuantityError",
    "NotBuiltError",
    "ComputationError",
    "ConvergenceError",
    "PrecisionError",
    "UnboundSymbolError",
    "DerivationCheckError",
    "AmbiguousKeyError",
]


class EffTheoryError(Exception):
    """Base class of every error raised by efftheory."""


class InputError(EffTheoryError, ValueError):
    """The user asked for something ill-formed (exit status 2)."""


class UnknownTheoryError(InputError):
    """A theory name that is not registered."""


class UnknownParameterError(InputError):
    """A parameter name that the theory does not have."""


class ParameterDomainError(InputError):
    """A parameter value that is not a number of the parameter's domain."""


class UnknownQuantityError(InputError):
    """A quantity name that the theory does not offer."""


class NotBuiltError(InputError):
    """A feature that is part of the contract but not built yet."""


class ComputationError(EffTheoryError, ArithmeticError):
    """A computation failed (exit status 3); the message says what was tried."""


class ConvergenceError(ComputationError):
    """An iterative method did not converge."""


class PrecisionError(ComputationError):
    """The requested number of verified digits could not be reached."""


class UnboundSymbolError(ComputationError, TypeError):
    """An expression was compiled with a free symbol that is not an argument."""


class DerivationCheckError(ComputationError):
    """A step of a derivation failed its check."""


class AmbiguousKeyError(EffTheoryError, KeyError):
    """A key that names several items (``result["spinodal"]`` with two spinodals); the message
    names them and how to index one."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""
