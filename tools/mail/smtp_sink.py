"""A real SMTP server on loopback for Tandem's tests and benchmarks (aiosmtpd).

Every accepted message is written to --dir as NNNNNN.eml (the raw message as received,
with X-Envelope-To added). Modes, to see how Tandem copes with a mail server's answers:
  --tempfail-first N   answer the first N messages "451 try again later" (a 4xx)
  --reject PATTERN     answer "550 mailbox unavailable" (a 5xx) to recipients containing PATTERN
  --delay-ms MS        wait this long before accepting each message
Prints "READY <port>" on stdout once it listens, then runs until killed or its stdin closes.
"""

import argparse
import asyncio
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, tempfail_first, reject, delay_ms):
        self.directory = directory
        self.tempfail_left = tempfail_first
        self.reject = reject
        self.delay = delay_ms / 1000.0
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.tempfail_left > 0:
                self.tempfail_left -= 1
                return "451 4.3.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.directory, "%06d.eml" % n)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)
        return "250 2.0.0 Message accepted as %d" % n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", required=True)
    p.add_argument("--tempfail-first", type=int, default=0)
    p.add_argument("--reject", default="")
    p.add_argument("--delay-ms", type=int, default=0)
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    port = a.port
    if port == 0:
        import socket

        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    c = Controller(Sink(a.dir, a.tempfail_first, a.reject, a.delay_ms), hostname="127.0.0.1", port=port)
    c.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()  # returns when the parent closes our stdin (or dies)
    finally:
        c.stop()


if __name__ == "__main__":
    main()
