"""Sprig's date functions: ``now``, ``date``, ``dateInZone``, ``toDate``, ``dateModify``, ``ago``,
``duration``, ``durationRound``, ``unixEpoch`` …

Dates accept a ``time.Time`` or Unix seconds (``int``, ``int64``, ``int32``);
anything else means "now", as Sprig's type switch does. An unknown zone name
falls back to UTC.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions import gotime
from kubeship.gotemplate.functions.gostrconv import NumError, parse_int
from kubeship.gotemplate.gotypes import GoDuration, GoError, GoTime, go_func


def _time_of(value: Any, *, accept_int32: bool = True, accept_pointer: bool = True) -> GoTime:
    if isinstance(value, GoTime):
        return value
    if accept_pointer and isinstance(value, gotypes.GoPointer) and isinstance(value.target, GoTime):
        return value.target
    if type(value) is int or isinstance(value, gotypes.Int64) or (accept_int32 and isinstance(value, gotypes.Int32)):
        return gotime.from_unix(int(value))
    return gotime.now()


def _zone(name: str) -> Any:
    try:
        return gotime.load_location(name)
    except gotime.TimeError:
        return gotime.load_location("UTC")


def date_in_zone(layout: str, value: Any, zone: str) -> str:
    moment = gotime.in_zone(_time_of(value), _zone(zone))
    return gotime.format_time(moment, layout)


@go_func("func(string, any) string")
def date(layout: str, value: Any) -> str:
    return date_in_zone(layout, value, "Local")


@go_func("func(string, any, string) string")
def date_in_zone_function(layout: str, value: Any, zone: str) -> str:
    return date_in_zone(layout, value, zone)


@go_func("func(any) string")
def html_date(value: Any) -> str:
    return date_in_zone("2006-01-02", value, "Local")


@go_func("func(any, string) string")
def html_date_in_zone(value: Any, zone: str) -> str:
    return date_in_zone("2006-01-02", value, zone)


def _modify(text: str, value: GoTime) -> GoTime:
    nanoseconds = gotime.parse_duration(text)
    total = value.nanosecond + nanoseconds
    seconds, nanosecond = divmod(total, 1_000_000_000)
    import datetime as dt

    moment = value.moment.replace(microsecond=0) + dt.timedelta(seconds=seconds)
    moment = moment.astimezone(value.moment.tzinfo)
    return GoTime(moment, nanosecond, moment.tzname() if value.zone_name else value.zone_name)


@go_func("func(string, time.Time) time.Time")
def date_modify(text: str, value: GoTime) -> GoTime:
    try:
        return _modify(text, value)
    except gotime.TimeError:
        return value


@go_func("func(string, time.Time) (time.Time, error)")
def must_date_modify(text: str, value: GoTime) -> GoTime:
    try:
        return _modify(text, value)
    except gotime.TimeError as error:
        raise GoError(str(error)) from None


@go_func("func(any) string")
def ago(value: Any) -> str:
    moment = _time_of(value, accept_int32=False, accept_pointer=False)
    elapsed = _nanoseconds_between(moment, gotime.now())
    return gotypes.format_duration(_round_duration(elapsed, gotime.SECOND))


def _nanoseconds_between(start: GoTime, end: GoTime) -> int:
    delta = end.moment - start.moment
    whole = (delta.days * 86400 + delta.seconds) * 1_000_000_000
    return whole + (end.nanosecond - end.moment.microsecond * 1000) + delta.microseconds * 1000 \
        - (start.nanosecond - start.moment.microsecond * 1000)


def _round_duration(value: int, unit: int) -> int:
    """Round as Go's ``Duration.Round``: halfway values away from zero."""
    remainder = abs(value) % unit
    magnitude = abs(value) - remainder
    if remainder * 2 >= unit:
        magnitude += unit
    return magnitude if value >= 0 else -magnitude


@go_func("func(any) string")
def duration(seconds: Any) -> str:
    count = 0
    if type(seconds) is str:
        try:
            count = parse_int(seconds, 10)
        except NumError:
            count = 0
    elif isinstance(seconds, gotypes.Int64) and not isinstance(seconds, GoDuration):
        count = int(seconds)
    return gotypes.format_duration(gotypes.wrap_int(count * gotime.SECOND, 64, True))


@go_func("func(any) string")
def duration_round(value: Any) -> str:
    nanoseconds = 0
    if type(value) is str:
        try:
            nanoseconds = gotime.parse_duration(value)
        except gotime.TimeError:
            nanoseconds = 0
    elif isinstance(value, gotypes.Int64) and not isinstance(value, GoDuration):
        nanoseconds = int(value)
    elif isinstance(value, GoTime):
        nanoseconds = _nanoseconds_between(value, gotime.now())
    magnitude = abs(nanoseconds)
    for unit, suffix in ((365 * 24 * gotime.HOUR, "y"), (30 * 24 * gotime.HOUR, "mo"), (24 * gotime.HOUR, "d"),
                         (gotime.HOUR, "h"), (gotime.MINUTE, "m"), (gotime.SECOND, "s")):
        if magnitude > unit:
            return f"{magnitude // unit}{suffix}"
    return "0s"


def _to_date(layout: str, text: str) -> GoTime:
    return gotime.parse_time(layout, text, gotime.local_zone())


def zero_time() -> GoTime:
    return gotypes.zero_value(gotypes.TIME_TYPE)


@go_func("func(string, string) time.Time")
def to_date(layout: str, text: str) -> GoTime:
    try:
        return _to_date(layout, text)
    except gotime.TimeError:
        return zero_time()


@go_func("func(string, string) (time.Time, error)")
def must_to_date(layout: str, text: str) -> GoTime:
    try:
        return _to_date(layout, text)
    except gotime.TimeError as error:
        raise GoError(str(error)) from None


@go_func("func(time.Time) string")
def unix_epoch(value: GoTime) -> str:
    return str(gotime.unix_seconds(value))


@go_func("func() time.Time")
def now() -> GoTime:
    return gotime.now()


FUNCTIONS = {
    "ago": ago,
    "date": date,
    "date_in_zone": date_in_zone_function,
    "dateInZone": date_in_zone_function,
    "date_modify": date_modify,
    "dateModify": date_modify,
    "must_date_modify": must_date_modify,
    "mustDateModify": must_date_modify,
    "duration": duration,
    "durationRound": duration_round,
    "htmlDate": html_date,
    "htmlDateInZone": html_date_in_zone,
    "mustToDate": must_to_date,
    "now": now,
    "toDate": to_date,
    "unixEpoch": unix_epoch,
}
