#!/usr/bin/env bash
# Checks that what `orderctl submit` reported is what the database holds, exactly once: for a run that
# crossed a failover, this is the proof that no acknowledged command was lost and none was applied twice.
#
#   Tools/ha/check-submit.sh COMMANDS RESULTS DATABASE_URL [SUBMIT_EXIT_STATUS]
#
# COMMANDS is the file submit read (one command a line, each with a commandId), RESULTS its standard
# output (one JSON result a line), DATABASE_URL the database it wrote, which held none of these commands
# before (a fresh one). Prints one line a check, PASS or FAIL, and exits 1 if any failed.
#
#   1. every input line has exactly one result (when SUBMIT_EXIT_STATUS is given and is 0, or 1);
#   2. every `accepted` command is in the commands table, and its events are in the events table at the
#      positions, streams and versions the result names;
#   3. every command of the commands table (of those submitted) was reported `accepted` or `duplicate`:
#      nothing was committed behind submit's back (a duplicate is a retry of a commit that landed, and
#      must be in the table too);
#   4. exactly once: each submitted command id has at most one row in the commands table, and one event
#      for each command row (these commands append one event each), with no event of another command id;
#   5. the submit exit status, when given, is 0.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '5,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
commands=$1 results=$2 url=$3 exit_status=${4:-}
psql=${PSQL:-$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)}
[ -x "$psql" ] || psql=psql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The database's view of the submitted commands: their command rows and events, as JSON lines.
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        try: print(json.loads(line)["commandId"])
        except Exception: pass
' "$commands" > "$work/ids"
"$psql" -X -q -At -v ON_ERROR_STOP=1 -d "$url" > "$work/database" <<SQL
CREATE TEMP TABLE submitted (command_id uuid);
\\copy submitted FROM '$work/ids'
SELECT json_build_object('kind', 'command', 'commandId', c.command_id, 'stream', c.stream_id, 'version', c.result_version)
  FROM commands c WHERE c.command_id IN (SELECT command_id FROM submitted);
SELECT json_build_object('kind', 'event', 'commandId', e.metadata ->> 'commandId', 'stream', e.stream_id, 'version', e.version, 'position', e.global_position)
  FROM events e WHERE (e.metadata ->> 'commandId')::uuid IN (SELECT command_id FROM submitted)
     OR e.stream_id IN (SELECT c.stream_id FROM commands c JOIN submitted USING (command_id));
SQL

python3 - "$commands" "$results" "$work/database" "$exit_status" <<'PYTHON'
import collections, json, sys
commands_file, results_file, database_file, exit_status = sys.argv[1:5]
inputs = [json.loads(l) for l in open(commands_file) if l.strip()]
results = []
for l in open(results_file):
    l = l.strip()
    if l.startswith('{'):
        results.append(json.loads(l))
database = [json.loads(l) for l in open(database_file) if l.strip()]
command_rows = collections.Counter(r['commandId'] for r in database if r['kind'] == 'command')
rows_by_id = {r['commandId']: r for r in database if r['kind'] == 'command'}
events = [r for r in database if r['kind'] == 'event']
events_by_position = {r['position']: r for r in events}
submitted = collections.Counter(c.get('commandId') for c in inputs)
failures = 0

def check(ok, text):
    global failures
    print(('PASS ' if ok else 'FAIL ') + text)
    if not ok:
        failures += 1

statuses = collections.Counter(r.get('status') for r in results)
print(f"submit reported {len(results)} results for {len(inputs)} input lines: " +
      ', '.join(f'{n} {s}' for s, n in sorted(statuses.items())))
print(f"the database holds {sum(command_rows.values())} of those commands and {len(events)} events of their streams")

lines = collections.Counter(r.get('line') for r in results)
if exit_status in ('0', '1'):
    check(sorted(lines) == list(range(1, len(inputs) + 1)) and all(n == 1 for n in lines.values()),
          f"1. every one of the {len(inputs)} input lines has exactly one result")
else:
    check(all(n == 1 for n in lines.values()), "1. no input line has two results (submit stopped early, so some may have none)")

accepted = [r for r in results if r.get('status') == 'accepted']
missing = [r['commandId'] for r in accepted if r['commandId'] not in rows_by_id]
wrong_events = []
for r in accepted:
    for e in r.get('events', []):
        stored = events_by_position.get(e['position'])
        if stored is None or stored['version'] != e['version'] or stored['commandId'] != r['commandId']:
            wrong_events.append((r['commandId'], e['position']))
check(not missing and not wrong_events,
      f"2. all {len(accepted)} accepted commands are in the commands table with their events at the reported positions"
      + (f" (missing: {missing[:3]}, events not found: {wrong_events[:3]})" if missing or wrong_events else ''))

reported = {r['commandId'] for r in results if r.get('status') in ('accepted', 'duplicate')}
unreported = sorted(set(command_rows) - reported)
duplicates_missing = [r['commandId'] for r in results if r.get('status') == 'duplicate' and r['commandId'] not in rows_by_id]
check(not unreported and not duplicates_missing,
      f"3. every stored command ({len(command_rows)}) was reported accepted or duplicate"
      + (f" (stored but not reported: {len(unreported)}, e.g. {unreported[:3]}; duplicates not stored: {duplicates_missing[:3]})"
         if unreported or duplicates_missing else ''))

events_per_command = collections.Counter(e['commandId'] for e in events)
twice = [i for i, n in command_rows.items() if n > 1] + [i for i, n in events_per_command.items() if n > 1]
no_event = [i for i in command_rows if events_per_command.get(i, 0) != 1]
foreign = [e for e in events if e['commandId'] not in command_rows]
repeated_inputs = [i for i, n in submitted.items() if n > 1]
check(not twice and not no_event and not foreign,
      f"4. exactly once: {len(command_rows)} command rows, {len(events)} events, one event each"
      + (f" (twice: {twice[:3]}, without exactly one event: {no_event[:3]}, events of no stored command: {len(foreign)})"
         if twice or no_event or foreign else '')
      + (f" (note: the input repeats {len(repeated_inputs)} command ids)" if repeated_inputs else ''))

if exit_status != '':
    check(exit_status == '0', f"5. submit exited with status 0 (it exited with {exit_status})")

print('all checks passed' if failures == 0 else f'{failures} check(s) failed')
sys.exit(1 if failures else 0)
PYTHON
