"""The functions of other stages (actors, claims, fatalities, times) that event building calls.

Injected rather than imported so that tests can build events alone, leaving any stage out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from frontwire.records import Actor, Claim, Fatalities, Place, TimeRef


@dataclass
class Stages:
    """The functions of other stages that event building calls. Tests may leave any of them None
    to exercise event building alone; the fields it would fill then stay empty."""

    find_actors: Callable[..., list[Actor]] | None = None
    interaction: Callable[[int, int], int] | None = None
    localise: Callable[..., Actor] | None = None
    crowd_roles: Callable[..., tuple[Actor | None, Actor | None]] | None = None
    pro_government: Callable[[str], bool] | None = None
    home_country: Callable[[str], str | None] | None = None
    countries_named: Callable[[str], list[str]] | None = None
    attribute: Callable[..., Claim | None] | None = None
    claim_context: Callable[..., Any] | None = None
    responsible_actor: Callable[..., Actor | None] | None = None
    find_fatalities: Callable[..., Fatalities | None] | None = None
    fatalities_in: Callable[[Sequence[tuple[str, int]]], Fatalities | None] | None = None
    claimed_counts: Callable[[Sequence[tuple[str, int]]], list[Fatalities]] | None = None
    event_date: Callable[..., TimeRef | None] | None = None
    coded_point: Callable[[Place], Place] | None = None
    ethnic_militia: Callable[..., Actor] | None = None

    @classmethod
    def default(cls) -> Stages:
        """The package's own actors, claims, fatalities and times stages."""
        from frontwire import actors, claims, fatalities, places, times

        return cls(
            find_actors=actors.find_actors,
            interaction=actors.interaction,
            localise=actors.localise,
            crowd_roles=actors.for_event_pair,
            pro_government=actors.pro_government,
            home_country=actors.home_country,
            countries_named=actors.countries_named,
            attribute=claims.attribute,
            claim_context=claims.claim_context,
            responsible_actor=claims.responsible_actor,
            find_fatalities=fatalities.find_fatalities,
            fatalities_in=fatalities.fatalities_in,
            claimed_counts=fatalities.claimed_counts,
            event_date=times.event_date,
            coded_point=places.acled_point,
            ethnic_militia=actors.as_ethnic_militia,
        )
