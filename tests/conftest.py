"""Session fixtures shared by every test module: spaCy and the whole pipeline load once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The project's English pipeline (stock model + gazetteer/actor entity components)."""
    from frontwire.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def plain_nlp():
    """The project's English pipeline without the actor entity ruler (actors/claims tests)."""
    from frontwire.nlp import load_nlp

    return load_nlp(ruler=False)


@pytest.fixture(scope="session")
def pipeline():
    """The default rules-only ``Pipeline`` (spaCy, gazetteer, lexicons loaded once)."""
    from frontwire.pipeline import default_pipeline

    return default_pipeline()
