"""The task board's schema: the view, and the counts its page shows, kept as tasks are stored.

Datasette counts a facet by grouping the whole view; on a million tasks each grouping (status is
computed per task, lead units by a subquery per task) takes far longer than a page may. So the
store keeps how many tasks the board holds per value of each facet: `task_board_counts` for the
document's type, issuer and year and for each lead unit on its own, `task_deadline_counts` per
deadline day, from which the status as of today is a sum over a few thousand rows (the view
`task_deadline_status`, which the dashboards read too). The store adds each document's tasks to
them as it stores the document (`count_board`; it never updates or deletes tasks); `rebuild_board_counts`
counts them again after a bulk load. (Until migration 010 row triggers kept them.)
"""

from __future__ import annotations

from sqlite_utils import Database

# A task's deadline status as of today, over a deadline end date and a recurrence (NULL when none).
STATUS = """CASE WHEN {end} IS NOT NULL THEN
                   CASE WHEN {end} < date('now') THEN 'overdue'
                        WHEN {end} <= date('now', '+30 days') THEN 'due within 30 days'
                        ELSE 'later' END
                 WHEN {recurrence} IS NOT NULL THEN 'continuous'
                 ELSE 'no deadline' END"""
# Soonest deadline first, undated tasks last: the board's sort key, answered by an index.
UNDATED = "'9999-12-31'"
DEADLINE_SORT = f"coalesce({{end}}, {UNDATED})"
# Where each status's tasks begin in the sort order: a board filtered by a status starts reading the
# sort index there rather than at the first task (overdue tasks come first).
STATUS_SORT_START = {
    "due within 30 days": "date('now')",
    "later": "date('now', '+30 days')",
    "continuous": UNDATED,
    "no deadline": UNDATED,
}
DOCUMENT_FACETS = ("doc_type", "issuer", "year")
LEAD_UNITS = "lead_units"
COUNTED = ("status", LEAD_UNITS, *DOCUMENT_FACETS)  # the board's columns whose counts are kept

TASK_BOARD = f"""
    SELECT t.id AS task_id, d.id AS document_id, d.number, d.title AS document_title, d.doc_type,
           d.issuer, d.year, t.seq, t.text,
           (SELECT group_concat(name, '; ') FROM (SELECT u.name FROM task_units tu
              JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'
              ORDER BY u.name)) AS lead_units,
           (SELECT group_concat(name, '; ') FROM (SELECT u.name FROM task_units tu
              JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'support'
              ORDER BY u.name)) AS support_units,
           t.deadline_text, t.deadline_start, t.deadline_end, t.recurrence,
           {STATUS.format(end="t.deadline_end", recurrence="t.recurrence")} AS status,
           t.page, t.passage, {DEADLINE_SORT.format(end="t.deadline_end")} AS deadline_sort
    FROM tasks t LEFT JOIN documents d ON d.id = t.document_id"""
# Every task has its document; LEFT JOIN lets SQLite count the board from the tasks alone.

# Per deadline day, the tasks due and their status as of today: what the board's status facet and
# the dashboards sum rather than computing the status of every task.
TASK_DEADLINE_STATUS = f"""
    SELECT nullif(deadline_end, '') AS deadline_end, nullif(recurrence, '') AS recurrence,
           {STATUS.format(end="nullif(deadline_end, '')", recurrence="nullif(recurrence, '')")} AS status, tasks
    FROM task_deadline_counts"""
STATUS_COUNTS = "SELECT status AS value, sum(tasks) AS count FROM task_deadline_status GROUP BY status"

def create_board(db: Database) -> None:
    """The view (soonest deadline first by `deadline_sort`) and its counts."""
    db.execute("DROP VIEW task_board")
    db.create_view("task_board", TASK_BOARD)
    db.execute(f"CREATE INDEX tasks_deadline_sort ON tasks ({DEADLINE_SORT.format(end='deadline_end')})")
    # `value` has no declared type: a year stays a number, as in the view.
    db.execute("CREATE TABLE task_board_counts (facet TEXT NOT NULL, value NOT NULL, tasks INTEGER NOT NULL, "
               "PRIMARY KEY (facet, value))")
    db.execute("CREATE TABLE task_deadline_counts (deadline_end TEXT NOT NULL, recurrence TEXT NOT NULL, "
               "tasks INTEGER NOT NULL, PRIMARY KEY (deadline_end, recurrence))")
    rebuild_board_counts(db)


def create_deadline_status(db: Database) -> None:
    """The deadline counts with each day's status as of today (a view, since today changes)."""
    db.create_view("task_deadline_status", TASK_DEADLINE_STATUS)


def count_board(db: Database, document_id: int | None = None) -> None:
    """Add the tasks of one document (or, with none given, of every document) and their lead links
    to `task_board_counts` and `task_deadline_counts`: what `save` runs once per stored document."""
    only = "AND t.document_id = :document_id" if document_id is not None else ""
    for facet in DOCUMENT_FACETS:
        db.execute(f"""INSERT INTO task_board_counts (facet, value, tasks)
                       SELECT '{facet}', d.{facet}, count(*) FROM tasks t JOIN documents d ON d.id = t.document_id
                       WHERE d.{facet} IS NOT NULL {only} GROUP BY d.{facet}
                       ON CONFLICT (facet, value) DO UPDATE SET tasks = tasks + excluded.tasks""",
                   {"document_id": document_id})
    db.execute(f"""INSERT INTO task_board_counts (facet, value, tasks)
                   SELECT '{LEAD_UNITS}', u.name, count(*) FROM task_units tu JOIN units u ON u.id = tu.unit_id
                   JOIN tasks t ON t.id = tu.task_id WHERE tu.role = 'lead' {only} GROUP BY u.name
                   ON CONFLICT (facet, value) DO UPDATE SET tasks = tasks + excluded.tasks""",
               {"document_id": document_id})
    db.execute(f"""INSERT INTO task_deadline_counts (deadline_end, recurrence, tasks)
                   SELECT coalesce(deadline_end, ''), coalesce(recurrence, ''), count(*) FROM tasks t
                   WHERE true {only} GROUP BY 1, 2
                   ON CONFLICT (deadline_end, recurrence) DO UPDATE SET tasks = tasks + excluded.tasks""",
               {"document_id": document_id})


def rebuild_board_counts(db: Database) -> None:
    """Count `task_board_counts` and `task_deadline_counts` again from the tasks and their links."""
    db.execute("DELETE FROM task_board_counts")
    db.execute("DELETE FROM task_deadline_counts")
    count_board(db)
