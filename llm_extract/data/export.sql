-- The tables `llm-extract export -o X.sqlite` fills (created when missing; appending never duplicates a notice).
-- notices: one per record, unique by doc_id and input_hash (the sha256 of the text the record was read from).
CREATE TABLE IF NOT EXISTS notices (
  notice_id   INTEGER PRIMARY KEY,
  doc_id      TEXT NOT NULL,
  input_hash  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  event       TEXT NOT NULL,
  title       TEXT,
  backend     TEXT,
  error       TEXT,
  warnings    TEXT NOT NULL,  -- a JSON array
  sources     TEXT NOT NULL,  -- a JSON array of doc_ids (more than one for a merged record)
  published   DATE,           -- the publication date its input gave (YYYY-MM-DD), if any
  url         TEXT,           -- where it was published, as its input gave it
  issuer      TEXT,           -- the body that sends the teams (中共某市委, 某大学党委)
  level       TEXT,           -- central, provincial, city, county, township, university, enterprise, other
  province    TEXT,           -- the issuer's division, as far down as the text settles it
  city        TEXT,
  county      TEXT,
  region_code TEXT,           -- its official 6-digit division code
  region_reason TEXT,         -- why there is no region, where there is none
  UNIQUE (doc_id, input_hash)
);
-- teams: a notice's teams in order (is_round = 0), and its round (is_round = 1) when the teams are only counted.
CREATE TABLE IF NOT EXISTS teams (
  team_id           INTEGER PRIMARY KEY,
  notice_id         INTEGER NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  is_round          INTEGER NOT NULL DEFAULT 0,
  name              TEXT,
  team_count        INTEGER,
  leader            TEXT,
  deputy_leaders    TEXT,  -- joined with '; '
  start_date        DATE,  -- YYYY-MM-DD; NULL for a date whose year is unknown (its *_year_from says none)
  end_date          DATE,
  duration          TEXT,
  petition_deadline DATE,
  phone_hours       TEXT,  -- joined with '; '
  phone_days        TEXT,
  -- where each date's year came from: written (at the date), period (its period's other end), text (another
  -- date in the text), published (the notice's publication date), reference (the run's), none (unknown)
  start_year_from    TEXT,
  end_year_from      TEXT,
  deadline_year_from TEXT,
  -- each date's month and day as the text gives them (MM-DD), also where its year is unknown
  start_md           TEXT,
  end_md             TEXT,
  deadline_md        TEXT
);
CREATE TABLE IF NOT EXISTS targets (
  target_id INTEGER PRIMARY KEY,
  team_id   INTEGER NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  target    TEXT NOT NULL,
  unit_full TEXT           -- the unit with the division its notice leaves implicit (县财政局 → 平阳县财政局)
);
-- contacts: kind phone (calls), sms (a number for text messages only), mailbox (with its postcode) or email;
-- hours: the team's phone hours, on its phones.
CREATE TABLE IF NOT EXISTS contacts (
  contact_id INTEGER PRIMARY KEY,
  team_id    INTEGER NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('phone', 'sms', 'mailbox', 'email')),
  value      TEXT NOT NULL,
  postcode   TEXT,
  hours      TEXT,
  phone_key  TEXT            -- a phone as dialled inside its area: a local number with its notice's area code
);
-- evidence: where each value was read, as offsets into the notice's original text; team_id NULL for the notice's own.
CREATE TABLE IF NOT EXISTS evidence (
  evidence_id INTEGER PRIMARY KEY,
  notice_id   INTEGER NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
  team_id     INTEGER REFERENCES teams (team_id) ON DELETE CASCADE,
  field       TEXT NOT NULL,
  value       TEXT NOT NULL,
  start       INTEGER NOT NULL,
  "end"       INTEGER NOT NULL,
  text        TEXT NOT NULL,
  support     TEXT,
  confidence  REAL,
  year_from   TEXT,           -- a date's: where its year came from (as teams.*_year_from)
  source      TEXT            -- a merged record's: the doc_id of the record the value was read from
);
-- conflicts: where the sources of a merged record disagree, one row per value with the doc_ids that give it;
-- team NULL for the notice's own fields.
CREATE TABLE IF NOT EXISTS conflicts (
  conflict_id INTEGER PRIMARY KEY,
  notice_id   INTEGER NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
  team        TEXT,
  field       TEXT NOT NULL,
  value       TEXT,           -- the value as JSON
  sources     TEXT NOT NULL   -- a JSON array of doc_ids
);
CREATE INDEX IF NOT EXISTS teams_notice ON teams (notice_id);
CREATE INDEX IF NOT EXISTS targets_team ON targets (team_id);
CREATE INDEX IF NOT EXISTS contacts_team ON contacts (team_id);
CREATE INDEX IF NOT EXISTS contacts_value ON contacts (value);
CREATE INDEX IF NOT EXISTS evidence_notice ON evidence (notice_id);
CREATE INDEX IF NOT EXISTS conflicts_notice ON conflicts (notice_id);
-- team_rows: one row per team (and round), with its notice's fields and its targets and contacts joined.
CREATE VIEW IF NOT EXISTS team_rows AS
SELECT n.doc_id, n.kind, n.event, n.title, n.backend, t.is_round, t.position, t.name, t.team_count, t.leader,
       t.deputy_leaders,
       (SELECT group_concat(target, '; ') FROM (SELECT target FROM targets WHERE team_id = t.team_id ORDER BY position))
         AS targets,
       t.start_date, t.end_date, t.duration, t.petition_deadline, t.start_year_from, t.end_year_from,
       t.deadline_year_from, t.start_md, t.end_md, t.deadline_md,
       (SELECT group_concat(value, '; ') FROM (SELECT value FROM contacts WHERE team_id = t.team_id
          AND kind IN ('phone', 'sms') ORDER BY position)) AS phones,
       (SELECT group_concat(value, '; ') FROM (SELECT value FROM contacts WHERE team_id = t.team_id
          AND kind = 'sms' ORDER BY position)) AS sms_only_phones,
       t.phone_hours, t.phone_days,
       (SELECT group_concat(value || coalesce(' (' || postcode || ')', ''), '; ') FROM (SELECT value, postcode
          FROM contacts WHERE team_id = t.team_id AND kind = 'mailbox' ORDER BY position)) AS mailboxes,
       (SELECT group_concat(value, '; ') FROM (SELECT value FROM contacts WHERE team_id = t.team_id
          AND kind = 'email' ORDER BY position)) AS emails
FROM teams t JOIN notices n USING (notice_id);
