"""The task board's schema: the view, and the counts its page shows, kept as tasks are stored.

Datasette counts a facet by grouping the whole view; on a million tasks each grouping (status is
computed per task, lead units by a subquery per task) takes far longer than a page may. So the
store keeps how many tasks the board holds per value of each facet: `task_board_counts` for the
document's type, issuer and year and for each lead unit on its own, `task_deadline_counts` per
deadline day, from which the status as of today is a sum over a few thousand rows (the view
`task_deadline_status`, which the dashboards read too). The store adds each document's tasks to
them as it stores the document (`count_board`; it never updates or deletes tasks); `rebuild_board_counts`
counts them again after a bulk load. (Until migration 010 row triggers kept them.)

A board filtered by one status, document type, issuer or year is counted from `task_board_pairs`:
for each value of a filter (a document facet's value, a deadline day, a deadline month), the tasks
per value of each facet shown under it. A deadline day ('continuous' or 'no deadline' for a task
without an end date) fixes the status as of today; a status's tasks are then its whole months plus
the days of the months it begins or ends in, so the sums read thousands of rows whatever today is.
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

_TASK_BOARD = f"""
    SELECT t.id AS task_id, d.id AS document_id, d.number, d.title AS document_title, {{of}}.doc_type,
           {{of}}.issuer, {{of}}.year, t.seq, t.text,
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


def task_board(facets_of: str) -> str:
    """The board's view, with the document's type, issuer and year read from the document ("d") or, from
    migration 012 on, from the task's copy of them ("t"), which an index keeps in deadline order."""
    return _TASK_BOARD.format(of=facets_of)

# Per deadline day, the tasks due and their status as of today: what the board's status facet and
# the dashboards sum rather than computing the status of every task.
TASK_DEADLINE_STATUS = f"""
    SELECT nullif(deadline_end, '') AS deadline_end, nullif(recurrence, '') AS recurrence,
           {STATUS.format(end="nullif(deadline_end, '')", recurrence="nullif(recurrence, '')")} AS status, tasks
    FROM task_deadline_counts"""
STATUS_COUNTS = "SELECT status AS value, sum(tasks) AS count FROM task_deadline_status GROUP BY status"

# What a task is counted under in `task_board_pairs`: the filters, and the facets counted under them.
DEADLINE_DAY, DEADLINE_MONTH = "deadline_day", "deadline_month"
_KEYS = {
    **{facet: f"d.{facet}" for facet in DOCUMENT_FACETS},
    DEADLINE_DAY: "coalesce(t.deadline_end, CASE WHEN t.recurrence IS NOT NULL THEN 'continuous' "
                  "ELSE 'no deadline' END)",
    DEADLINE_MONTH: "substr(t.deadline_end, 1, 7)",
    LEAD_UNITS: "u.name",
}
PAIRS = [(facet, other) for facet in DOCUMENT_FACETS for other in (*DOCUMENT_FACETS, DEADLINE_DAY, LEAD_UNITS)
         if other != facet] + [(deadline, other) for deadline in (DEADLINE_DAY, DEADLINE_MONTH)
                               for other in (*DOCUMENT_FACETS, LEAD_UNITS)]
# The status a deadline day of `task_board_pairs` gives a task as of today.
DAY_STATUS = """CASE WHEN other_value IN ('continuous', 'no deadline') THEN other_value
                     WHEN other_value < date('now') THEN 'overdue'
                     WHEN other_value <= date('now', '+30 days') THEN 'due within 30 days'
                     ELSE 'later' END"""
# A status's tasks in `task_board_pairs` as of today: (its deadline days, its whole deadline months).
# Days are read only in the months where the status begins or ends; a deadline month is its date's
# first seven characters, so an empty deadline falls before every month, as it falls before today.
_MONTH, _MONTH_IN_30_DAYS = "strftime('%Y-%m', 'now')", "strftime('%Y-%m', 'now', '+30 days')"
STATUS_KEYS = {
    "overdue": ("value >= date('now', 'start of month') AND value < date('now')", f"value < {_MONTH}"),
    "due within 30 days": (f"value >= date('now') AND value <= date('now', '+30 days') "
                           f"AND substr(value, 1, 7) IN ({_MONTH}, {_MONTH_IN_30_DAYS})",
                           f"value > {_MONTH} AND value < {_MONTH_IN_30_DAYS}"),
    "later": ("value > date('now', '+30 days') AND value < date('now', '+30 days', 'start of month', '+1 month')",
              f"value > {_MONTH_IN_30_DAYS}"),
    "continuous": ("value = 'continuous'", "false"),
    "no deadline": ("value = 'no deadline'", "false"),
}


def create_board(db: Database) -> None:
    """The view (soonest deadline first by `deadline_sort`) and its counts."""
    db.execute("DROP VIEW task_board")
    db.create_view("task_board", task_board("d"))
    db.execute(f"CREATE INDEX tasks_deadline_sort ON tasks ({DEADLINE_SORT.format(end='deadline_end')})")
    # `value` has no declared type: a year stays a number, as in the view.
    db.execute("CREATE TABLE task_board_counts (facet TEXT NOT NULL, value NOT NULL, tasks INTEGER NOT NULL, "
               "PRIMARY KEY (facet, value))")
    db.execute("CREATE TABLE task_deadline_counts (deadline_end TEXT NOT NULL, recurrence TEXT NOT NULL, "
               "tasks INTEGER NOT NULL, PRIMARY KEY (deadline_end, recurrence))")
    rebuild_board_counts(db)


def copy_document_facets(db: Database) -> None:
    """The document's type, issuer and year on each task, and an index of each in deadline order: a board
    filtered by one of them reads its first page from the index, where a filter on the documents lost
    the order and sorted every task of the value (and a sort-order scan skipped those of other values)."""
    for facet, kind in (("doc_type", str), ("issuer", str), ("year", int)):
        db["tasks"].add_column(facet, kind)
    label_tasks(db)
    for facet in DOCUMENT_FACETS:
        db.execute(f"CREATE INDEX tasks_{facet}_deadline_sort ON tasks "
                   f"({facet}, {DEADLINE_SORT.format(end='deadline_end')})")
    db.execute("DROP VIEW task_board")
    db.create_view("task_board", task_board("t"))


def label_tasks(db: Database) -> None:
    """Copy each document's type, issuer and year onto its tasks (which `save` writes with them): after a
    bulk load. The search index's update trigger is held back meanwhile: the copied columns are not
    searched, and indexing a million tasks again took most of a minute and left the index in pieces
    that made each search twice as slow."""
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'tasks_au'").fetchone()
    if trigger:
        db.execute("DROP TRIGGER tasks_au")
    db.execute(f"""UPDATE tasks SET ({', '.join(DOCUMENT_FACETS)}) =
                   (SELECT {', '.join(DOCUMENT_FACETS)} FROM documents d WHERE d.id = tasks.document_id)""")
    if trigger:
        db.execute(trigger[0])


_PAIRS_TABLE = ("CREATE TABLE {name} (facet TEXT NOT NULL, other TEXT NOT NULL, value NOT NULL, other_value NOT NULL, "
                "tasks INTEGER NOT NULL, PRIMARY KEY (facet, other, value, other_value)){options}")


def create_pairs(db: Database) -> None:
    """Counts of the board under one filter (see the module's docstring), counted from the tasks."""
    # `value` and `other_value` have no declared type: a year stays a number, as in the view.
    db.execute(_PAIRS_TABLE.format(name="task_board_pairs", options=""))
    count_pairs(db)


def cluster_pairs(db: Database) -> None:
    """Keep `task_board_pairs` in the order of its key (WITHOUT ROWID): a sum over a status's months reads
    the counts where its key finds them, rather than looking up each of tens of thousands of rows."""
    db.execute(_PAIRS_TABLE.format(name="task_board_pairs_clustered", options=" WITHOUT ROWID"))
    db.execute("INSERT INTO task_board_pairs_clustered SELECT facet, other, value, other_value, tasks "
               "FROM task_board_pairs")
    db.execute("DROP TABLE task_board_pairs")
    db.execute("ALTER TABLE task_board_pairs_clustered RENAME TO task_board_pairs")


def count_pairs(db: Database, document_id: int | None = None) -> None:
    """Add the tasks of one document (or, with none given, of every document) to `task_board_pairs`.
    The tasks are read once, counted per combination of their keys (a document's tasks share most of
    them), and so are their lead links; each pair then adds up those few rows."""
    only = "AND t.document_id = :document_id" if document_id is not None else ""
    keys = [key for key in _KEYS if key != LEAD_UNITS]

    def combinations(name: str, *more: str) -> str:
        columns = [f"{_KEYS[key]} AS {key}" for key in keys] + [f"{_KEYS[key]} AS {key}" for key in more]
        leads = ("JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead' JOIN units u ON u.id = tu.unit_id"
                 if more else "")
        return (f"{name} AS MATERIALIZED (SELECT {', '.join(columns)}, count(*) AS tasks FROM tasks t "
                f"JOIN documents d ON d.id = t.document_id {leads} WHERE true {only} "
                f"GROUP BY {', '.join(map(str, range(1, len(columns) + 1)))})")

    sums = " UNION ALL ".join(
        f"SELECT '{facet}', '{other}', {facet}, {other}, sum(tasks) "
        f"FROM {'lead_keys' if LEAD_UNITS in (facet, other) else 'task_keys'} "
        f"WHERE {facet} IS NOT NULL AND {other} IS NOT NULL GROUP BY 3, 4" for facet, other in PAIRS)
    db.execute(f"""WITH {combinations('task_keys')}, {combinations('lead_keys', LEAD_UNITS)}
                   INSERT INTO task_board_pairs (facet, other, value, other_value, tasks)
                   SELECT * FROM ({sums}) WHERE true
                   ON CONFLICT (facet, other, value, other_value) DO UPDATE SET tasks = tasks + excluded.tasks""",
               {"document_id": document_id})


def filtered_count_sql(column: str) -> str:
    """How many tasks the board holds where `column` (status or a document facet) equals :p0."""
    if column == "status":
        return "SELECT coalesce(sum(tasks), 0) FROM task_deadline_status WHERE status = :p0"
    return (f"SELECT coalesce(sum(tasks), 0) FROM task_board_pairs WHERE facet = '{column}' "
            f"AND other = '{DEADLINE_DAY}' AND value = {_stored(column)}")


def filtered_facet_sql(column: str, facet: str, status: str | None = None) -> str:
    """The values of `facet` (a counted column of the board) and their tasks, as `value` and `count`,
    on the board where `column` equals :p0: a document facet, or `status` (the one given, as :p0)."""
    if column == "status":
        if facet == "status":
            return "SELECT status AS value, sum(tasks) AS count FROM task_deadline_status WHERE status = :p0 GROUP BY 1"
        days, months = STATUS_KEYS[status]
        return f"""SELECT other_value AS value, sum(tasks) AS count FROM (
                       SELECT other_value, tasks FROM task_board_pairs
                       WHERE facet = '{DEADLINE_DAY}' AND other = '{facet}' AND {days}
                       UNION ALL SELECT other_value, tasks FROM task_board_pairs
                       WHERE facet = '{DEADLINE_MONTH}' AND other = '{facet}' AND {months})
                   GROUP BY other_value"""
    pairs = f"FROM task_board_pairs WHERE facet = '{column}' AND value = {_stored(column)}"
    if facet == column:
        return f"SELECT value, sum(tasks) AS count {pairs} AND other = '{DEADLINE_DAY}' GROUP BY value"
    if facet == "status":
        return f"SELECT {DAY_STATUS} AS value, sum(tasks) AS count {pairs} AND other = '{DEADLINE_DAY}' GROUP BY 1"
    return f"SELECT other_value AS value, tasks AS count {pairs} AND other = '{facet}'"


def _stored(column: str) -> str:
    """The value of a document facet that equals :p0 as the board compares them (a year given as text
    is a number): the column's own affinity applies."""
    return f"(SELECT {column} FROM documents WHERE {column} = :p0 LIMIT 1)"


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
    """Count `task_board_counts`, `task_deadline_counts` and `task_board_pairs` again from the tasks
    and their links."""
    db.execute("DELETE FROM task_board_counts")
    db.execute("DELETE FROM task_deadline_counts")
    count_board(db)
    if db["task_board_pairs"].exists():  # from migration 011 on
        db.execute("DELETE FROM task_board_pairs")
        count_pairs(db)
