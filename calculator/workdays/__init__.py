"""Working days (工作日): Monday to Friday, less the public holidays, plus the weekend days
worked instead, as the State Council's yearly holiday notice arranges them.

The notices count periods in working days (湖南: 公示不少于5个工作日; 洛阳: 备案时间为
……的工作日时间). Each year's official arrangement ships as data beside this module
(``cn-<year>.toml``: the notice's title and number, every day off and every weekend day
worked). A year without such a file is counted by weekends alone; every answer says
which years were covered, so a page can say that holidays were not counted there.

    calendar_years()                 the years whose holiday notice is shipped
    sources()                        those notices: year, title, number, issued
    day(date)                        DayInfo: working or not, and why
    add_working_days(start, n)       the earliest end of a period of n working days
    working_days(start, end)         the working days from start to end, both included
    preload()                        read the shipped calendars now (before a memory snapshot)
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

WEEKDAY_NAMES = "一二三四五六日"
MAX_DAYS = 366                    # a period this long is not a publicity or a filing window


@dataclass(frozen=True)
class DayInfo:
    date: _dt.date
    working: bool
    why: str                      # 工作日 | 周六 | 周日 | the holiday's name | 调休上班
    covered: bool                 # the year's holiday notice is shipped

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "working": self.working, "why": self.why,
                "weekday": f"星期{WEEKDAY_NAMES[self.date.weekday()]}", "covered": self.covered}


@cache
def _calendars() -> dict[int, dict]:
    found = {}
    for entry in resources.files(__package__).iterdir():
        if entry.name.startswith("cn-") and entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found[data["year"]] = data
    return dict(sorted(found.items()))


@cache
def _days() -> tuple[dict[_dt.date, str], set[_dt.date]]:
    """Days off (date -> holiday name) and weekend days worked, over every shipped year."""
    off: dict[_dt.date, str] = {}
    worked: set[_dt.date] = set()
    for data in _calendars().values():
        for holiday in data["holidays"]:
            day = holiday["from"]
            while day <= holiday["to"]:
                off[day] = holiday["name"]
                day += _dt.timedelta(days=1)
            worked.update(holiday.get("working", ()))
    return off, worked


def calendar_years() -> list[int]:
    return list(_calendars())


def sources() -> list[dict]:
    return [{"year": y, "title": d["title"], "number": d["number"], "issued": d["issued"].isoformat()}
            for y, d in _calendars().items()]


def day(date: _dt.date) -> DayInfo:
    off, worked = _days()
    covered = date.year in _calendars()
    if date in off:
        return DayInfo(date, False, off[date], covered)
    if date in worked:
        return DayInfo(date, True, "调休上班", covered)
    if date.weekday() >= 5:
        return DayInfo(date, False, f"星期{WEEKDAY_NAMES[date.weekday()]}", covered)
    return DayInfo(date, True, "工作日", covered)


def add_working_days(start: _dt.date, count: int) -> dict:
    """The earliest `end` such that `start`..`end` holds `count` working days. `start`
    counts as the first when it is a working day; otherwise the count begins on the next
    one. The answer lists the days counted and the days passed over (and why), and the
    years whose holidays could not be counted (no shipped notice)."""
    if not 1 <= count <= MAX_DAYS:
        raise ValueError(f"count must be 1..{MAX_DAYS}")
    counted, skipped = [], []
    current = start
    while len(counted) < count:
        info = day(current)
        (counted if info.working else skipped).append(info)
        current += _dt.timedelta(days=1)
    end = counted[-1].date
    return {
        "start": start.isoformat(), "end": end.isoformat(), "days": count,
        "counted": [d.to_dict() for d in counted], "skipped": [d.to_dict() for d in skipped],
        "calendar": coverage(start, end),
    }


def working_days(start: _dt.date, end: _dt.date) -> list[DayInfo]:
    """The working days from `start` to `end`, both included."""
    if (end - start).days > MAX_DAYS:
        raise ValueError(f"a period of at most {MAX_DAYS} days")
    out = []
    current = start
    while current <= end:
        info = day(current)
        if info.working:
            out.append(info)
        current += _dt.timedelta(days=1)
    return out


def coverage(start: _dt.date, end: _dt.date) -> dict:
    """Which years of `start`..`end` had their holidays counted, and which by weekends only."""
    years = list(range(start.year, end.year + 1))
    shipped = _calendars()
    return {
        "covered": [y for y in years if y in shipped],
        "uncovered": [y for y in years if y not in shipped],
        "sources": [s for s in sources() if s["year"] in years],
    }


def preload() -> None:
    """Read every shipped calendar now: the browser boots from a snapshot taken after
    `calculator.api.preload()`, without the package's files."""
    _days()
