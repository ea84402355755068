-- What the runtime protection saw: authorization decisions (hardock authz) and alerts
-- (hardock watch), one row each, kept with the JSON line that was written for it.
CREATE TABLE runtime_events (
  id {{ID}},
  host TEXT NOT NULL,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_name TEXT NOT NULL,
  checks TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX runtime_events_by_time ON runtime_events (at, id);
