"""Months closed before their lines kept how to name them (Line.text) get it from the text
they were closed with: a package fee line's package name as it was then (so an invoice made
now does not take the package's current name) and its days, a mail cost's item number and
note. The texts are matched against the three languages' wordings as they have been since
billing began (Polish, Slovak, English; dates in any form): a line that matches none is
left as it is and is named as before (a package fee by the package's current name, a mail
cost by its frozen text: selectors.lines_described)."""

import calendar
import datetime as dt
import re

from django.db import migrations

PACKAGE_PART = [
    re.compile(r"^Pakiet (?P<name>.+), od .+ do .+ \((?P<days>\d+) z (?P<all>\d+) dni\)$"),
    re.compile(r"^Balík (?P<name>.+), od .+ do .+ \((?P<days>\d+) z (?P<all>\d+) dní\)$"),
    re.compile(r"^Package (?P<name>.+), .+ to .+ \((?P<days>\d+) of (?P<all>\d+) days\)$"),
]
PACKAGE = re.compile(r"^(?:Pakiet|Balík|Package) (?P<name>.+)$")
MAIL = re.compile(r"^(?:Przesyłka|Zásielka|Mail) (?P<number>[^\s:]+)(?:: (?P<info>.*))?$")


def _package_text(line, period, assignments):
    description = line["description"]
    ref = line.get("ref", "")
    if not ref.startswith("assignment:"):
        return None
    for pattern in PACKAGE_PART:
        match = pattern.match(description)
        if match:
            break
    else:
        match = PACKAGE.match(description)
        if match is None:
            return None
        return {"kind": "package", "name": match["name"]}
    assignment = assignments(int(ref[11:]))
    if assignment is None:
        return None
    last = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    start = max(assignment.starts_on, period)
    end = min(assignment.ends_on or last, last)
    days, all_days = (end - start).days + 1, (last - period).days + 1
    if (days, all_days) != (int(match["days"]), int(match["all"])):
        return None  # the assignment no longer says what the line said: leave it
    return {
        "kind": "package_part",
        "name": match["name"],
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "all": all_days,
    }


def lines_named(apps, schema_editor):
    PeriodClose = apps.get_model("billing", "PeriodClose")
    Assignment = apps.get_model("billing", "Assignment")
    changed_closes = []
    for close in PeriodClose.objects.order_by("pk").iterator(chunk_size=500):
        lines = close.figures.get("lines", [])
        if not any(
            line.get("kind") in ("package", "mail") and not line.get("text") for line in lines
        ):
            continue
        period = close.period
        if isinstance(period, str):
            period = dt.date.fromisoformat(period)

        def assignments(pk, client_id=close.client_id):
            # read only for a part of a month (its days are checked against it)
            return Assignment.objects.filter(pk=pk, client_id=client_id).first()

        changed = False
        for line in lines:
            if line.get("text"):
                continue
            text = None
            if line.get("kind") == "package":
                text = _package_text(line, period, assignments)
            elif line.get("kind") == "mail":
                match = MAIL.match(line["description"])
                if match:
                    text = {"kind": "mail", "number": match["number"], "info": match["info"] or ""}
            if text is not None:
                line["text"] = text
                changed = True
        if changed:
            changed_closes.append(close)
        if len(changed_closes) >= 500:
            PeriodClose.objects.bulk_update(changed_closes, ["figures"])
            changed_closes = []
    PeriodClose.objects.bulk_update(changed_closes, ["figures"])


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_service_name_in_office_language"),
    ]

    operations = [
        migrations.RunPython(lines_named, migrations.RunPython.noop),
    ]
