"""The task board's page on a large database: its row count, its facets and a filter by one lead unit.

Datasette counts a view's rows and groups the whole view for each facet, which on a million tasks
takes far longer than a page may. `BoardDatabase` answers the count of the whole board from the
tasks alone (the board holds one row per task). A facet declared as `{counted: column}` is read,
for the whole board, from the counts the store keeps (pipeline/board.py); once the board is
filtered it groups the filtered rows as Datasette's column facets do, under the same facet time
limit. The lead-unit facet counts each unit on its own, where the view's column joins a task's lead
units in one text; choosing one filters the board by `?_lead_unit=<name>`.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import Database, QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from pipeline.board import COUNTED, LEAD_UNITS, STATUS_COUNTS

BOARD = "task_board"
LEAD_UNIT_ARG = "_lead_unit"
_TASKS_LED_BY = ("task_id IN (SELECT tu.task_id FROM task_units tu JOIN units u ON u.id = tu.unit_id "
                 "WHERE tu.role = 'lead' AND u.name = :{param})")


class BoardDatabase(Database):
    """A Datasette database whose whole task board is counted as its tasks are."""

    _WHOLE_BOARD_COUNT = f"select count(*) from {escape_sqlite(BOARD)}"  # as Datasette's table page asks

    async def execute(self, sql, *args, **kwargs):
        if sql.strip() == self._WHOLE_BOARD_COUNT:
            sql = "select count(*) from tasks"
        return await super().execute(sql, *args, **kwargs)


class CountedFacet(Facet):
    """A column facet of the task board, counted from the store's summaries when the page shows the
    whole board."""

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
        if column == LEAD_UNITS:
            return f"""SELECT u.name AS value, count(*) AS count
                       FROM task_units tu JOIN units u ON u.id = tu.unit_id
                       WHERE tu.role = 'lead' AND tu.task_id IN (SELECT task_id FROM ({self.sql}))
                       GROUP BY u.name {order}"""
        col = escape_sqlite(column)
        return (f"SELECT {col} AS value, count(*) AS count FROM ({self.sql}) WHERE {col} IS NOT NULL "
                f"GROUP BY {col} {order}")

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
            results.append({"name": column, "type": "column", "hideable": config["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                            "results": values, "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [CountedFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    """`?_lead_unit=<name>` keeps the tasks that unit leads (repeat it for tasks led jointly)."""
    names = request.args.getlist(LEAD_UNIT_ARG) if table == BOARD else []
    if not names:
        return None
    params = {f"lead_unit_{i}": name for i, name in enumerate(names)}
    return FilterArguments([_TASKS_LED_BY.format(param=param) for param in params], params,
                           [f'lead unit is "{name}"' for name in names])
