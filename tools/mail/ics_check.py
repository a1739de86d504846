"""Parses calendar objects with the icalendar package and prints each event as JSON lines:
uid, sequence, method, status, start and end in UTC, and the attendees. Reads the files named
on the command line (raw .ics, or .eml messages whose text/calendar part is taken)."""

import email
import json
import sys
from datetime import timezone

import icalendar


def calendars(path):
    data = open(path, "rb").read()
    if path.endswith(".eml"):
        msg = email.message_from_bytes(data)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                yield part.get_payload(decode=True)
    else:
        yield data


for path in sys.argv[1:]:
    for raw in calendars(path):
        cal = icalendar.Calendar.from_ical(raw)
        for ev in cal.walk("VEVENT"):
            start = ev.decoded("DTSTART")
            end = ev.decoded("DTEND")
            attendees = ev.get("ATTENDEE", [])
            if not isinstance(attendees, list):
                attendees = [attendees]
            print(json.dumps({
                "file": path,
                "method": str(cal.get("METHOD", "")),
                "uid": str(ev.get("UID")),
                "sequence": int(ev.get("SEQUENCE", 0)),
                "status": str(ev.get("STATUS", "")),
                "start_utc": start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end_utc": end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tzid": str(ev["DTSTART"].params.get("TZID", "")),
                "attendees": [str(x) for x in attendees],
                "organizer": str(ev.get("ORGANIZER", "")),
                "location": str(ev.get("LOCATION", "")),
            }))
