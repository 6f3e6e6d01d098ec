"""Every registered theory loads, and every registered claim is well formed (ids unique,
owned by its theory, its paper's short citation, its source stated)."""
import pytest

import efftheory
from efftheory.theories import PAPERS, all_models, get, get_paper, names, papers
from efftheory.errors import UnknownTheoryError

MODELS = all_models()
CLAIMS = [(m, c) for m in MODELS for c in m.claims()]


def test_public_names_are_unchanged():
    assert efftheory.theory_names() == ["landau-sextic", "rubin-cubic", "rubin-modular", "two-layer",
                                        "zunkovic-1d", "zunkovic-ball", "liu-addition"]
    assert [p.key for p in papers()] == list(PAPERS)


@pytest.mark.parametrize("model", MODELS, ids=[m.name for m in MODELS])
def test_theory_loads_with_its_paper(model):
    owner = next(p for p in papers() if model.name in p.theory_names())
    assert model.paper.startswith(owner.reference)
    assert get(model.name) is model
    theory = model.theory(model.resolve({}))
    assert theory.action is not None
    assert model.derivation(model.resolve({})).steps


def test_claim_ids_are_unique():
    ids = [c.id for _, c in CLAIMS]
    assert len(ids) == len(set(ids)) and len(ids) >= 50


@pytest.mark.parametrize("model,claim", CLAIMS, ids=[c.id for _, c in CLAIMS])
def test_claim_is_well_formed(model, claim):
    owner = next(p for p in papers() if model.name in p.theory_names())
    assert claim.id.startswith(model.name + "/") and claim.theory == model.name
    assert claim.paper == owner.short
    assert claim.source.strip(), f"{claim.id}: where the expected value or statement comes from is not stated"
    assert claim.expect in ("agrees", "differs")


def test_kept_claim_ids():
    ids = {c.id for _, c in CLAIMS}
    assert "zunkovic-ball/eq68-separable" in ids
    assert any(i.startswith("zunkovic-ball/fig14-") for i in ids)


def test_unknown_names_are_clear_errors():
    with pytest.raises(UnknownTheoryError, match="known theories"):
        get("no-such-theory")
    with pytest.raises(UnknownTheoryError, match="known papers"):
        get_paper("no-such-paper")
    assert set(names()) == {m.name for m in MODELS}
