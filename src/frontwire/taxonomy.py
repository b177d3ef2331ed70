"""ACLED's event taxonomy: 6 event types, 25 sub-event types, their precedence, inter codes, and the
labels for stories that are news but not political violence.

Why a module of constants: every stage that names a type (trigger lexicon, classifier, exporters,
tests) must spell it exactly as ACLED does, and the choice between two applicable types must follow
one ordering, not one per caller.
"""

from __future__ import annotations

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
OUT_OF_SCOPE = "Out of scope"
"""Event type given to out-of-scope items when a caller asks for them (never an ACLED type)."""

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

OUT_OF_SCOPE_TYPES: tuple[str, ...] = (
    "Natural disaster",
    "Man-made disaster",
    "Organized crime",
    "Diplomatic event",
    "Attribution of responsibility",
)
"""Sub-event labels (event type ``OUT_OF_SCOPE``) for stories that look like conflict news but are
not ACLED events; kept so they are not forced into a conflict type."""

SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)

_PARENT: dict[str, str] = {s: et for et, subs in EVENT_TYPES.items() for s in subs}
_PARENT.update({s: OUT_OF_SCOPE for s in OUT_OF_SCOPE_TYPES})

# When one incident fits several sub-event types, the one listed first wins. The order follows the
# ACLED codebook: a battle in which artillery or air power is used is still a battle; territorial
# change is the more specific battle; civilians hit by a remote weapon is still remote violence (the
# civilians become actor2), while direct violence against civilians outranks protest/riot codes
# (a killing outranks the abduction it ended: "abducted and killed" is an attack);
# strategic developments are recorded only when no violence is reported for the incident, except
# that an interception ("air defence shot down a drone") is coded Disrupted weapons use.
PRECEDENCE: tuple[str, ...] = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
    "Suicide bomb",
    "Chemical weapon",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Excessive force against protesters",
    "Mob violence",
    "Violent demonstration",
    "Protest with intervention",
    "Peaceful protest",
    "Disrupted weapons use",
    "Looting/property destruction",
    "Arrests",
    "Non-violent transfer of territory",
    "Headquarters or base established",
    "Agreement",
    "Change to group/activity",
    "Other",
    *OUT_OF_SCOPE_TYPES,
)
_RANK = {s: i for i, s in enumerate(PRECEDENCE)}

# Rough PLOVER equivalents, for users who mix ACLED-coded data with PLOVER-coded data.
PLOVER: dict[str, str] = {
    "Armed clash": "FIGHT",
    "Government regains territory": "FIGHT",
    "Non-state actor overtakes territory": "FIGHT",
    "Chemical weapon": "FIGHT",
    "Air/drone strike": "FIGHT",
    "Suicide bomb": "FIGHT",
    "Shelling/artillery/missile attack": "FIGHT",
    "Remote explosive/landmine/IED": "FIGHT",
    "Grenade": "FIGHT",
    "Sexual violence": "ASSAULT",
    "Attack": "ASSAULT",
    "Abduction/forced disappearance": "ASSAULT",
    "Peaceful protest": "PROTEST",
    "Protest with intervention": "PROTEST",
    "Excessive force against protesters": "ASSAULT",
    "Violent demonstration": "PROTEST",
    "Mob violence": "ASSAULT",
    "Agreement": "AGREE",
    "Arrests": "COERCE",
    "Change to group/activity": "MOBILIZE",
    "Disrupted weapons use": "COERCE",
    "Headquarters or base established": "MOBILIZE",
    "Looting/property destruction": "COERCE",
    "Non-violent transfer of territory": "RETREAT",
    "Other": "OTHER",
}


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type (or ``OUT_OF_SCOPE``) a sub-event type belongs to.

    Raises ValueError naming the valid labels, so a typo in a lexicon fails loudly at load time.
    """
    try:
        return _PARENT[sub_event_type]
    except KeyError:
        raise ValueError(
            f"unknown sub-event type {sub_event_type!r}; use one of: "
            + ", ".join(SUB_EVENT_TYPES + OUT_OF_SCOPE_TYPES)
        ) from None


def is_out_of_scope(sub_event_type: str) -> bool:
    """True for the labels of non-conflict stories (disasters, crime, diplomacy, attribution)."""
    return _PARENT.get(sub_event_type) == OUT_OF_SCOPE


def rank(sub_event_type: str) -> int:
    """Position in ``PRECEDENCE`` (lower wins); unknown labels rank last."""
    return _RANK.get(sub_event_type, len(_RANK))


def pick(sub_event_types: list[str] | tuple[str, ...] | set[str]) -> str:
    """The sub-event type ACLED would code when one incident fits all of ``sub_event_types``."""
    if not sub_event_types:
        raise ValueError("pick() needs at least one sub-event type")
    return min(sub_event_types, key=rank)
