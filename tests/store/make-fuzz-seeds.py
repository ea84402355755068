#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/store_codec_fuzz.cpp (tests/data/store/fuzz): a run's findings
and check outcomes in the store's binary form (store/codec.cpp: findings in format 2, and in
format 1 as runs stored before acceptances were), plain and as zstd frames (the zstd command), and
a few broken ones.

Usage: tests/store/make-fuzz-seeds.py [DIR]"""

import os
import subprocess
import sys


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def text(s):
    b = s.encode()
    return varint(len(b)) + b


def finding(i):
    return (text("%032x" % (i * 7919)) + text("HDK-C-004") + text("privileged-container") +
            text("Container runs privileged") + varint(4) + varint(0) + varint(2) +
            text("id%d" % i) + text("web%d" % i) + text("HostConfig.Privileged=true") +
            text("" if i % 2 else "22/tcp") + text("drop --privileged") + text("5.4") +
            text("DSS05.03") + varint(0) + text("Dockerfile" if i % 3 == 0 else "") +
            varint(i) + varint(1) + varint(0) + varint(0))


def findings(n):
    """Format 1: no acceptance."""
    return b"\x01" + varint(n) + b"".join(finding(i) for i in range(n))


def acceptance(i):
    if i % 2:
        return b"\x00"
    return (b"\x01" + text("alice") + text("2030-01-31") + text("legacy app, see RISK-%d" % i) +
            text("store #%d" % (i + 1)))


def findings_v2(n):
    """Format 2: each finding's acceptance follows it (every other one accepted)."""
    return b"\x02" + varint(n) + b"".join(finding(i) + acceptance(i) for i in range(n))


def checks(n):
    return b"\x01" + varint(n) + b"".join(
        text("HDK-C-%03d" % i) + text(["pass", "fail", "error", "not-run"][i % 4]) +
        text("" if i % 4 != 3 else "no engine was read") for i in range(n))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "data", "store", "fuzz")
    os.makedirs(out, exist_ok=True)
    seeds = {
        "findings-0": findings(0), "findings-1": findings(1), "findings-5": findings(5),
        "checks-4": checks(4), "checks-0": checks(0),
        "findings-truncated": findings(3)[:-7], "findings-count-lie": b"\x01\xff\xff\x03",
        "unknown-format": b"\x09\x00",
        "findings-v2-4": findings_v2(4), "findings-v2-bad-flag": b"\x02\x01" + finding(0) + b"\x07",
        "bad-enum": findings(1)[:-20] + b"\x09" + findings(1)[-19:],
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    for name in ("findings-5", "findings-v2-4", "checks-4"):
        plain = os.path.join(out, name)
        subprocess.run(["zstd", "-q", "-f", "-3", plain, "-o", plain + ".zst"], check=True)


if __name__ == "__main__":
    main()
