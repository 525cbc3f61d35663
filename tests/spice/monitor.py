#!/usr/bin/env python3
# monitor.py SOCKET COMMAND...: run QEMU human-monitor commands on a UNIX
# socket monitor and print what QEMU answers (prompts and escapes removed).
import re
import socket
import sys
import time


def read_reply(sock):
    data = b""
    deadline = time.monotonic() + 3
    while not data.rstrip().endswith(b"(qemu)") and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", data.decode(errors="replace"))
    return [l for l in text.splitlines() if l.strip() and not l.strip().startswith("(qemu)")]


def main():
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(1)
    sock.connect(sys.argv[1])
    read_reply(sock)  # the banner
    for command in sys.argv[2:]:
        sock.sendall(command.encode() + b"\n")
        lines = read_reply(sock)
        print("\n".join(l for l in lines if l.strip() != command))


main()
