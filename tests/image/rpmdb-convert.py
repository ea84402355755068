#!/usr/bin/env python3
"""Writes the header blobs of an rpm sqlite database (rpmdb.sqlite, as Debian's rpm 4.18 writes
it) in the two other rpm database formats, for hardock's fixtures:

  rpmdb-convert.py DIR...   for each DIR/rpmdb.sqlite, writes beside it
    Packages.dump      db_load input for a little-endian Berkeley DB hash Packages (key: hnum)
    Packages-be.dump   the same for a big-endian one
    Packages.db        rpm's ndb package database
    headers/<hnum>.hdr each header blob alone

  rpmdb-convert.py --small SQLITE OUT
    the three smallest headers of SQLITE as a compact database in every format (an sqlite file
    with 512-byte pages, Packages.dump, Packages.db) and alone (OUT/headers): fuzz seeds

(One run for all: the interpreter starts once.)

Debian's rpm reads Berkeley DB (backend bdb_ro) but writes only sqlite, so the fixture script
loads the dump with db5.3_load and checks it with `rpm -qa --define '_db_backend bdb_ro'`. It
cannot write ndb at all: the writer below follows the layout of rpm's lib/backend/ndb/rpmpkg.c
(a 32-byte header and 16-byte slots in 4 KiB slot pages, then 16-byte blocks holding each blob
between a "BlbS" head and an adler32 + "BlbE" tail; all numbers little-endian).
"""
import os
import sqlite3
import struct
import sys
import time
import zlib


def blobs(path):
    # rpm keeps the database in WAL mode: open read-only through the URI so nothing is written.
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = con.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
    con.close()
    return rows


def bdb_dump(path, byteorder, out_path):
    out = ["VERSION=3", "format=bytevalue", "type=hash", "HEADER=END"]
    # Key 0 is rpm's reserved record (the next free header instance in old databases): readers
    # skip it.
    records = [(0, struct.pack("<I" if byteorder == "little" else ">I", 1000))]
    records += [(hnum, blob) for hnum, blob in blobs(path)]
    for hnum, value in records:
        out.append(" " + hnum.to_bytes(4, byteorder).hex())
        out.append(" " + bytes(value).hex())
    out.append("DATA=END")
    with open(out_path, "w") as dump:
        dump.write("\n".join(out) + "\n")


SLOT_SIZE = 16
BLK_SIZE = 16
PAGE_SIZE = 4096


def ndb(path, out_path):
    rows = blobs(path)
    slots_per_page = PAGE_SIZE // SLOT_SIZE
    # Slots 0 and 1 are the 32-byte file header.
    slot_pages = max(1, (len(rows) + 2 + slots_per_page - 1) // slots_per_page)
    data = bytearray()
    slots = []
    blkoff = slot_pages * PAGE_SIZE // BLK_SIZE
    stamp = int(time.time())
    for hnum, blob in rows:
        blob = bytes(blob)
        head = struct.pack("<4sIII", b"BlbS", hnum, stamp, len(blob))
        blkcnt = (16 + len(blob) + 12 + BLK_SIZE - 1) // BLK_SIZE
        pad = blkcnt * BLK_SIZE - (16 + len(blob) + 12)
        body = head + blob + b"\0" * pad
        tail = struct.pack("<II4s", zlib.adler32(body), len(blob), b"BlbE")
        data += body + tail
        slots.append((hnum, blkoff, blkcnt))
        blkoff += blkcnt
    header = struct.pack("<4sIIII", b"RpmP", 0, 1, slot_pages, max([r[0] for r in rows] + [0]) + 1)
    page = bytearray(header + b"\0" * (32 - len(header)))
    for index in range(2, slot_pages * slots_per_page):
        slot_index = index - 2
        if slot_index < len(slots):
            page += struct.pack("<4sIII", b"Slot", *slots[slot_index])
        else:
            page += struct.pack("<4sIII", b"Slot", 0, 0, 0)
    with open(out_path, "wb") as out:
        out.write(page)
        out.write(data)


def blob_files(path, directory):
    os.makedirs(directory, exist_ok=True)
    for hnum, blob in blobs(path):
        with open(f"{directory}/{hnum}.hdr", "wb") as out:
            out.write(bytes(blob))


def small(path, out):
    rows = sorted(blobs(path), key=lambda row: len(row[1]))[:3]
    os.makedirs(os.path.join(out, "headers"), exist_ok=True)
    database = os.path.join(out, "rpmdb.sqlite")
    con = sqlite3.connect(database)
    con.execute("PRAGMA page_size = 512")
    con.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
    con.executemany("INSERT INTO Packages VALUES (?, ?)", rows)
    con.commit()
    con.close()
    bdb_dump(database, "little", os.path.join(out, "Packages.dump"))
    ndb(database, os.path.join(out, "Packages.db"))
    blob_files(database, os.path.join(out, "headers"))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--small":
        small(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for directory in sys.argv[1:]:
        database = os.path.join(directory, "rpmdb.sqlite")
        bdb_dump(database, "little", os.path.join(directory, "Packages.dump"))
        bdb_dump(database, "big", os.path.join(directory, "Packages-be.dump"))
        ndb(database, os.path.join(directory, "Packages.db"))
        blob_files(database, os.path.join(directory, "headers"))


if __name__ == "__main__":
    main()
