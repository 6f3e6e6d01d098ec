"""Prose with formulas: ASCII mathematics in derivation text (``sigma_a^2``, ``N->bN``,
``E_k_a``) recognised and set as LaTeX math (pure Python)."""
from __future__ import annotations

import re

from .printing import _GREEK_TEXT

__all__ = ["prose_math", "math_of_ascii"]


_WORDS = set(_GREEK_TEXT) - {"ell"} | {"eps", "oo", "ell", "nabla"}
_OPS = {"->": r"\to", "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "+-": r"\pm", "~": r"\sim", "...": r"\dots",
        "<-": r"\leftarrow", "=>": r"\Rightarrow"}
_FUNCS = {"exp", "log", "sin", "cos", "tanh", "det", "min", "max", "lim", "ln", "sum", "prod", "int", "dim", "ker"}
_TOK = re.compile(r"(->|<=|>=|!=|\+-|\.\.\.|<-|=>)|([A-Za-z]+)|(\d+(?:\.\d+)?)|(.)")


def _ident(word: str) -> str:
    if word == "eps":
        return r"\varepsilon"
    if word == "oo":
        return r"\infty"
    if word == "perp":
        return r"\perp"
    if word in _WORDS:
        return "\\" + word
    if word in _FUNCS:
        return "\\" + word
    if word in ("erf", "sign", "tr", "Var", "Cov"):
        return r"\operatorname{" + word + "}"
    if len(word) == 1:
        return word
    if len(word) == 2 and word[1] in "0123456789":
        return word
    return r"\mathrm{" + word + "}"


def math_of_ascii(word: str) -> str:
    """An ASCII formula (``sigma_a^2/(d sigma^2)``, ``N->bN``, ``E_k_a``) as LaTeX math."""
    toks = [m.group(0) for m in _TOK.finditer(word)]
    out, i = [], 0

    def group(j):
        """The script group starting at toks[j]; returns (latex, next index)."""
        if j < len(toks) and toks[j] == "(":
            depth, k = 0, j
            while k < len(toks):
                depth += toks[k] == "("
                depth -= toks[k] == ")"
                if depth == 0:
                    break
                k += 1
            return "".join(conv(t) for t in toks[j:k + 1]), k + 1
        if j < len(toks) and toks[j] == "-" and j + 1 < len(toks):
            inner, k = group(j + 1)
            return "-" + inner, k
        if j < len(toks):
            return conv(toks[j]), j + 1
        return "", j

    def conv(t):
        if t in _OPS:
            return _OPS[t] + " "
        if t[0].isalpha():
            return _ident(t) + (" " if t[0].isalpha() and len(t) > 1 else "")
        if t in "{}%#&$":
            return "\\" + t
        if t == "*":
            return "^{*}"
        if t == "\\":
            return r"\backslash "
        return t

    while i < len(toks):
        t = toks[i]
        if t == "sqrt" and i + 1 < len(toks) and toks[i + 1] == "(":
            g, i = group(i + 1)
            out.append(r"\sqrt{" + g[1:-1] + "}")
        elif t == "_" and i + 1 < len(toks) and toks[i + 1] in ("hat", "bar", "tilde") and out:
            out[-1] = "\\" + toks[i + 1] + "{" + out[-1].strip() + "}"
            i += 2
        elif t == "_":
            parts, j = [], i + 1
            while True:
                g, j = group(j)
                parts.append(g.strip())
                if j < len(toks) and toks[j] == "_":
                    j += 1
                    continue
                break
            out.append("_{" + ",".join(parts) + "}")
            i = j
        elif t == "^":
            g, i = group(i + 1)
            out.append("^{" + g.strip() + "}")
        else:
            out.append(conv(t))
            i += 1
    return "".join(out).strip()


def _is_mathy(word: str) -> bool:
    core = word.strip("(),;:.")
    return bool(core) and (bool(re.search(r"[_^=<>~]|->|\+-|\*", core)) or core in _WORDS
                           or core.split("(")[0] in _WORDS | {"sqrt"})


def prose_math(text: str) -> list[tuple[bool, str]]:
    """Split prose into (is_math, piece): ASCII formulas become LaTeX math pieces.

    A word is a formula when it has a script (``_``, ``^``), a relation or arrow, or is a
    Greek name; a single letter or number next to a formula joins it (``c = eps``)."""
    if "$" in text:
        return [(False, text)]
    words = text.split(" ")
    flags = [_is_mathy(w) for w in words]
    ops = [w in ("=", "<", ">", "<=", ">=", "->", "~", "!=", "+", "-", "/", "*") for w in words]
    for _ in range(2):
        for k, w in enumerate(words):
            core = w.strip(",;:.")
            near = (k > 0 and (ops[k - 1] or flags[k - 1])) or (k + 1 < len(words) and (ops[k + 1] or flags[k + 1]))
            short = (len(core) == 1 or re.fullmatch(r"-?\d+(/\d+)?", core) or re.fullmatch(r"[A-Za-z]\d?", core)
                     or re.fullmatch(r"[A-Za-z]{1,3}\(.*", core))
            if not flags[k] and short and core not in ("a", "A", "I") and near and (
                    (k > 0 and ops[k - 1]) or (k + 1 < len(words) and ops[k + 1])):
                flags[k] = True
            if ops[k] and k > 0 and k + 1 < len(words) and (flags[k - 1] or flags[k + 1]):
                flags[k] = True
    pieces, k = [], 0
    while k < len(words):
        if not flags[k]:
            pieces.append((False, words[k] + " "))
            k += 1
            continue
        j = k
        while j + 1 < len(words) and flags[j + 1] and not re.search(r"[,;:]$", words[j]):
            j += 1
        run = " ".join(words[k:j + 1])
        lead = re.match(r"^\(*", run).group(0) if run.count("(") > run.count(")") else ""
        run = run[len(lead):]
        tail = re.search(r"[,;:.]*$", run).group(0)
        run = run[:len(run) - len(tail)] if tail else run
        extra = ""
        while run.endswith(")") and run.count(")") > run.count("("):
            run, extra = run[:-1], ")" + extra
        if lead:
            pieces.append((False, lead))
        pieces.append((True, math_of_ascii(run)))
        pieces.append((False, extra + tail + " "))
        k = j + 1
    if pieces:
        last = pieces[-1]
        pieces[-1] = (last[0], last[1].rstrip(" ") if not last[0] else last[1])
    return pieces
