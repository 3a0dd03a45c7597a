"""Datasette's table pages on a large database: their row counts and facets answered cheaply, and the
task board's filter by one lead unit.

Datasette counts the rows a page shows and groups them once per facet. On a million tasks a count of
the task board, or of a search's matches fetched one by one, and each grouping of the board take
longer than a page may. `CountingDatabase` answers the count of the whole board from the tasks alone
(the board holds one row per task) and a search's count from the search index (one entry per row).
A facet declared as `{counted: column}` is read, for the whole board or the board filtered by one
status, document type, issuer or year, from the counts the store keeps (pipeline/board.py), and so is
that filtered board's count; otherwise it groups the rows shown, as Datasette's column facets do,
under the same facet time limit. The lead-unit facet counts each unit on its own, where the view's column joins
a task's lead units in one text; choosing one filters the board by `?_lead_unit=<name>`.
"""

from __future__ import annotations

import re

from datasette import hookimpl
from datasette.database import Database, QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from pipeline.board import (COUNTED, DOCUMENT_FACETS, LEAD_UNITS, STATUS_COUNTS, STATUS_KEYS, STATUS_SORT_START,
                            filtered_count_sql, filtered_facet_sql)

BOARD = "task_board"
LEAD_UNIT_ARG = "_lead_unit"
_TASKS_LED_BY = ("task_id IN (SELECT tu.task_id FROM task_units tu JOIN units u ON u.id = tu.unit_id "
                 "WHERE tu.role = 'lead' AND u.name = :{param})")


def one_filter(sql: str, params: dict | None) -> tuple[str, str] | None:
    """The column and value that a query of the board ("select ... from task_board where ...") keeps,
    when it keeps the tasks of one status, document type, issuer or year and nothing else."""
    value = (params or {}).get("p0")
    _, found, where = sql.partition(f" from {escape_sqlite(BOARD)} ")
    if not found or set(params or {}) != {"p0"} or not isinstance(value, str):
        return None
    for column in ("status", *DOCUMENT_FACETS):
        clause = f'where "{column}" = :p0'
        if column == "status":
            if value not in STATUS_KEYS:
                continue
            if value in STATUS_SORT_START:  # as `filters_from_request` adds it
                clause += f" and deadline_sort >= {STATUS_SORT_START[value]}"
        if where.strip() == clause:
            return column, value
    return None


class CountingDatabase(Database):
    """A Datasette database that counts the whole task board, and a search's matches, cheaply."""

    _WHOLE_BOARD = f"select count(*) from {escape_sqlite(BOARD)}"  # as Datasette's table page asks
    # Datasette's count of a search alone: "... where rowid in (select rowid from <index> where <index> match ...)".
    _SEARCH = re.compile(r"select count\(\*\) from \S+ where rowid in "
                         r"\(select rowid from (?P<index>\S+) where (?P=index) match (?P<match>[\w(:)]+)\)")

    async def execute(self, sql, *args, **kwargs):
        stripped = sql.strip()
        search = self._SEARCH.fullmatch(stripped)
        params = args[0] if args else kwargs.get("params")
        if stripped == self._WHOLE_BOARD:
            sql = "select count(*) from tasks"
        elif stripped.startswith(f"{self._WHOLE_BOARD} ") and (kept := one_filter(stripped, params)):
            sql = filtered_count_sql(kept[0])
        elif search:
            sql = f"select count(*) from {search['index']} where {search['index']} match {search['match']}"
        return await super().execute(sql, *args, **kwargs)


class CountedFacet(Facet):
    """A column facet counted from the store's summaries when the page shows the whole task board, and
    otherwise by grouping the rows shown. Declare it on the board's columns, or on an indexed, mostly
    empty column of a large table with a search index."""

    type = "counted"

    def _whole_board(self) -> bool:
        # Datasette's facet query is "select <columns> from <table> [where ...]".
        return self.table == BOARD and self.sql.rstrip().endswith(escape_sqlite(BOARD))

    def _count_sql(self, column: str, limit: int) -> str:
        order = f"ORDER BY count DESC, value LIMIT {limit}"
        if column in COUNTED and self._whole_board():
            if column == "status":
                return f"SELECT value, count FROM ({STATUS_COUNTS}) {order}"
            return f"SELECT value, tasks AS count FROM task_board_counts WHERE facet = :vanban_facet {order}"
        if column in COUNTED and self.table == BOARD and (kept := one_filter(self.sql, self.params)):
            return f"SELECT value, count FROM ({filtered_facet_sql(kept[0], column, kept[1])}) {order}"
        if column == LEAD_UNITS:
            return f"""SELECT u.name AS value, count(*) AS count
                       FROM task_units tu JOIN units u ON u.id = tu.unit_id
                       WHERE tu.role = 'lead' AND tu.task_id IN (SELECT task_id FROM ({self.sql}))
                       GROUP BY u.name {order}"""
        col = escape_sqlite(column)
        return (f"SELECT {col} AS value, count(*) AS count FROM ({self._by_index(self.sql)}) "
                f"WHERE {col} IS NOT NULL GROUP BY {col} {order}")

    @staticmethod
    def _by_index(sql: str) -> str:
        """A search keeps the rows whose rowid the search index matched: SQLite would fetch each of them
        to read the column, where reading the column's index and testing each entry against the matches
        costs far less when they are many and the column is mostly empty, as `tasks.recurrence` is
        ("+rowid" keeps SQLite from looking rows up by rowid)."""
        return sql.replace(" rowid in (select rowid from ", " +rowid in (select rowid from ")

    async def facet_results(self):
        results, timed_out = [], []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            arg = LEAD_UNIT_ARG if column == LEAD_UNITS else column
            try:
                rows = await self.ds.execute(self.database, self._count_sql(column, size + 1),
                                             {**(self.params or {}), "vanban_facet": column}, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for value, count in rows.rows[:size]:
                selected = (arg, str(value)) in pairs
                toggle = (path_with_removed_args(self.request, {arg: str(value)}) if selected
                          else path_with_added_args(self.request, {arg: value}))
                values.append({"value": value, "label": value, "count": count, "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
            hide = path_with_removed_args(self.request, {f"_facet_{self.type}": column})
            results.append({"name": column, "type": "column", "hideable": config["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(hide), "results": values,
                            "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [CountedFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    """On the task board, `?_lead_unit=<name>` keeps the tasks that unit leads (repeat it for tasks led
    jointly), and `?status=` starts the rows where that status begins in the sort order."""
    if table != BOARD:
        return None
    names = request.args.getlist(LEAD_UNIT_ARG)
    params = {f"lead_unit_{i}": name for i, name in enumerate(names)}
    clauses = [_TASKS_LED_BY.format(param=param) for param in params]
    clauses += [f"deadline_sort >= {STATUS_SORT_START[status]}" for status in request.args.getlist("status")
                if status in STATUS_SORT_START]
    return FilterArguments(clauses, params, [f'lead unit is "{name}"' for name in names]) if clauses else None
