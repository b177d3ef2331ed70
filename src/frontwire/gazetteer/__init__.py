"""Offline gazetteer: an on-disk SQLite index of GeoNames places, regions and countries, with
name folding and candidate lookup. Disambiguation in context lives in ``frontwire.places``."""

from __future__ import annotations

from frontwire.gazetteer.build import build_index
from frontwire.gazetteer.index import Candidate, Gazetteer, default_path
from frontwire.gazetteer.names import fold, loose

__all__ = ["Candidate", "Gazetteer", "build_index", "default_path", "fold", "loose"]
