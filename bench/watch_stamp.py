#!/usr/bin/env python3
"""Reads `hardock watch` alerts (JSON lines) on stdin as they are written and stamps each with
the time it arrived; at EOF prints the event-to-alert latency (arrival minus the event's
timeNano) of the first alert of each event and of every alert: count, p50, p99, max.

  hardock watch ... -o - | bench/watch_stamp.py
"""
import json
import sys
import time

first = {}
every = []
for line in sys.stdin:
    now = time.time_ns()
    try:
        alert = json.loads(line)
    except ValueError:
        continue
    event = alert.get("event", {})
    nano = event.get("time_nano")
    if not isinstance(nano, int) or event.get("type") == "process":
        continue
    latency = (now - nano) / 1e6
    every.append(latency)
    key = (event.get("id"), event.get("action"), nano)
    first.setdefault(key, latency)


def summary(values):
    if not values:
        return {"count": 0}
    values = sorted(values)
    pick = lambda q: round(values[min(len(values) - 1, int(q * len(values)))], 2)
    return {"count": len(values), "p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "max_ms": round(values[-1], 2)}


print(json.dumps({"first_alert_per_event": summary(list(first.values())),
                  "every_alert": summary(every)}))
