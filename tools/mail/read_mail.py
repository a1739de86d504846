"""Prints the messages an smtp_sink.py directory holds, as one JSON list: for each, the file,
envelope recipients, the main headers, and the decoded text, HTML and calendar parts."""

import email
import email.policy
import json
import os
import sys

out = []
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".eml"):
        continue
    msg = email.message_from_bytes(open(os.path.join(d, name), "rb").read(), policy=email.policy.default)
    parts = {"text/plain": None, "text/html": None, "text/calendar": None}
    for part in msg.walk():
        ct = part.get_content_type()
        if ct in parts and parts[ct] is None:
            parts[ct] = part.get_content()
            if ct == "text/calendar":
                parts["calendar_method"] = part.get_param("method")
    out.append({
        "file": os.path.join(d, name),
        "envelope_to": msg.get("X-Envelope-To", ""),
        "from": str(msg.get("From", "")),
        "to": str(msg.get("To", "")),
        "cc": str(msg.get("Cc", "")),
        "reply_to": str(msg.get("Reply-To", "")),
        "subject": str(msg.get("Subject", "")),
        "message_id": str(msg.get("Message-ID", "")),
        "date": str(msg.get("Date", "")),
        "list_unsubscribe": str(msg.get("List-Unsubscribe", "")),
        "list_unsubscribe_post": str(msg.get("List-Unsubscribe-Post", "")),
        "content_type": msg.get_content_type(),
        "text": parts["text/plain"],
        "html": parts["text/html"],
        "calendar": parts["text/calendar"],
        "calendar_method": parts.get("calendar_method"),
    })
json.dump(out, sys.stdout)
