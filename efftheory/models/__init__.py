"""Declared models whose theory is derived, not written: a two-layer network from its activation,
Hermite teacher and priors (:mod:`.two_layer_symbolic`, :mod:`.two_layer_derivation`,
:mod:`.two_layer_numeric`), registered as the theory ``two-layer``."""
