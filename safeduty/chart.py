"""The weekly chart: on time / late / missed per day and who missed most, as a PNG.

matplotlib's object API (no pyplot, no global backend) draws with a bundled CJK font
(Noto Sans CJK, from the ``cvttf-notosanscjk-regular`` package) so Chinese labels render.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache

import cvttf_NotoSansCJK_Regular
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from safeduty.domain.summary import LATE, MISSED, ON_TIME, WeekSummary

COLOURS = {ON_TIME: "#2e7d32", LATE: "#f9a825", MISSED: "#c62828"}
TOP_MISSED = 5


@cache
def cjk_font() -> str:
    """Register the bundled CJK font with matplotlib once; return its family name."""
    path = cvttf_NotoSansCJK_Regular.get_TTF_path()
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def weekly_png(
    week: WeekSummary,
    *,
    day_labels: list[str],
    outcome_labels: Mapping[str, str],
    title: str,
    missed_title: str,
    none_missed: str,
    names: Mapping[str, str],
    footer: str | None = None,
) -> bytes:
    """A two-panel PNG: stacked bars per day, and the people who missed most; ``footer``
    (open and overdue hazards) along the bottom."""
    family = cjk_font()
    figure = Figure(figsize=(8, 4.5), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    days_axis, people_axis = figure.subplots(1, 2, width_ratios=[3, 2])
    bottoms = [0] * len(week.days)
    for outcome in (ON_TIME, LATE, MISSED):
        values = [week.per_day[d][outcome] for d in week.days]
        days_axis.bar(
            day_labels,
            values,
            bottom=bottoms,
            color=COLOURS[outcome],
            label=outcome_labels[outcome],
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    days_axis.set_title(title, fontfamily=family)
    days_axis.legend(prop={"family": family})
    days_axis.yaxis.get_major_locator().set_params(integer=True)
    for label in days_axis.get_xticklabels():
        label.set_fontfamily(family)
    worst = week.missed_by.most_common(TOP_MISSED)
    people_axis.set_title(missed_title, fontfamily=family)
    if worst:
        people = [names.get(who, who) for who, _ in reversed(worst)]
        people_axis.barh(people, [n for _, n in reversed(worst)], color=COLOURS[MISSED])
        people_axis.xaxis.get_major_locator().set_params(integer=True)
        for label in people_axis.get_yticklabels():
            label.set_fontfamily(family)
    else:
        people_axis.text(0.5, 0.5, none_missed, ha="center", va="center", fontfamily=family)
        people_axis.set_axis_off()
    if footer:
        figure.supxlabel(footer, fontfamily=family, color=COLOURS[MISSED])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
