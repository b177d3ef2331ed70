"""One-sentence summaries of coded events, in the style of ACLED's ``notes`` column.

Why generated rather than copied: the note must say what the coder decided (type, actors, place,
date, count, who claims it), so a reviewer can check the coding against the evidence at a glance.
"""

from __future__ import annotations

from frontwire.records import Event

_VERBS: dict[str, str] = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Chemical weapon": "used a chemical weapon against",
    "Air/drone strike": "carried out an air/drone strike on",
    "Suicide bomb": "carried out a suicide bombing against",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "used a remote explosive against",
    "Grenade": "threw a grenade at",
    "Sexual violence": "committed sexual violence against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "rioted against",
    "Mob violence": "took part in mob violence against",
    "Agreement": "reached an agreement with",
    "Arrests": "arrested",
    "Change to group/activity": "changed activity (relative to",
    "Disrupted weapons use": "disrupted weapons use by",
    "Headquarters or base established": "established a base against",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "transferred territory without fighting to",
    "Other": "was involved in a strategic development with",
}


def summarize(ev: Event) -> str:
    """"On 2023-06-04, A clashed with B in Place, Region; 2 fatalities; claimed by X." """
    when = f"On {ev.event_date.isoformat()}" if ev.event_date else "On an unknown date"
    actor1 = ev.actor1 or "unidentified actors"
    verb = _VERBS.get(ev.sub_event_type, ev.sub_event_type.lower())
    if ev.actor2:
        what = f"{actor1} {verb} {ev.actor2}"
        if verb.endswith("(relative to"):
            what += ")"
    elif verb.endswith(("with", "to", "on", "at", "against", "of", "from", "by", "(relative to")):
        what = f"{actor1}: {ev.sub_event_type.lower()}"
    else:
        what = f"{actor1} {verb}"
    where = ""
    if ev.location:
        region = ev.admin1 if ev.admin1 and ev.admin1 != ev.location else ev.country
        where = f" {'near' if (ev.geo_precision or 1) >= 2 else 'in'} {ev.location}" + (f", {region}" if region else "")
    parts = [f"{when}, {what}{where}"]
    if ev.fatalities:
        parts.append(f"{ev.fatalities} fatalit{'y' if ev.fatalities == 1 else 'ies'}")
    if ev.claimed_by:
        parts.append(f"{'denied' if ev.claim_status == 'denied' else ev.claim_status} by {ev.claimed_by}")
    return "; ".join(parts) + "."
