"""The limits every theory shares, stated once (a theory or quantity may lower them).

* ``MAX_DPS``: the most decimal digits a result may ask for;
* ``MAX_SEED``: seeds are NumPy's 32-bit range.
"""
MAX_DPS = 10000
MAX_SEED = 2**32 - 1
