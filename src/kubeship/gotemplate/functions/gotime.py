"""Go's ``time`` package pieces that Sprig's date functions use: layouts, ``Format``, ``Parse``,
``ParseDuration`` and locations.

A layout is written with Go's reference time ``Mon Jan 2 15:04:05 MST 2006``
(``2006-01-02``, ``15:04``, ``.000``, ``-07:00``, ``Z07:00``, ``MST`` …), not strftime.
The local zone is ``$TZ`` when set, else ``/etc/localtime``, else UTC, as Go picks it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from functools import lru_cache

from kubeship.gotemplate.gotypes import GoTime

LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]

NANOSECOND = 1
MICROSECOND = 1000
MILLISECOND = 1000 * MICROSECOND
SECOND = 1000 * MILLISECOND
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


class TimeError(ValueError):
    """A Go ``time`` error, with Go's message."""


# -- locations


@lru_cache(maxsize=1)
def local_zone() -> dt.tzinfo:
    """Return Go's ``time.Local``: ``$TZ`` (empty means UTC), else ``/etc/localtime``, else UTC."""
    name = os.environ.get("TZ")
    if name is not None:
        if name in ("", "UTC"):
            return dt.timezone.utc
        try:
            return zoneinfo.ZoneInfo(name.removeprefix(":"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return dt.timezone.utc
    try:
        with open("/etc/localtime", "rb") as handle:
            return zoneinfo.ZoneInfo.from_file(handle, key="Local")
    except OSError:
        return dt.timezone.utc


def load_location(name: str) -> dt.tzinfo:
    """Return the zone Go's ``time.LoadLocation(name)`` gives; raise TimeError when it is unknown."""
    if name in ("", "UTC"):
        return dt.timezone.utc
    if name == "Local":
        return local_zone()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TimeError(f"unknown time zone {name}") from None


def make_time(moment: dt.datetime, nanosecond: int | None = None) -> GoTime:
    """Wrap an aware datetime as a Go ``time.Time``; UTC prints its zone as ``UTC``."""
    zone = moment.tzname() or ""
    if moment.tzinfo is dt.timezone.utc:
        zone = "UTC"
    return GoTime(moment, nanosecond, zone)


def from_unix(seconds: int, zone: dt.tzinfo | None = None) -> GoTime:
    """Return ``time.Unix(seconds, 0)`` in ``zone`` (Local by default)."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=seconds)
    return in_zone(make_time(epoch, 0), zone or local_zone())


def in_zone(value: GoTime, zone: dt.tzinfo) -> GoTime:
    """Return ``t.In(zone)``."""
    return make_time(value.moment.astimezone(zone), value.nanosecond)


def now() -> GoTime:
    """Return ``time.Now()`` in the local zone."""
    moment = dt.datetime.now(dt.timezone.utc).astimezone(local_zone())
    return make_time(moment)


def unix_seconds(value: GoTime) -> int:
    return int((value.moment - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() // 1)


# -- layouts

_STD_CHUNK = re.compile(
    r"January|Jan(?![a-z])|Monday|Mon(?![a-z])|MST|0[1-6]|002|15|1|2006|2|_2006|__2|_2|3|4|5|PM|pm"
    r"|-070000|-07:00:00|-0700|-07:00|-07|Z070000|Z07:00:00|Z0700|Z07:00|Z07"
    r"|[.,](?:0+|9+)(?![0-9])"
)


def layout_chunks(layout: str) -> list[tuple[str, bool]]:
    """Split a layout into (text, is_element) pieces as Go's ``nextStdChunk`` does."""
    pieces: list[tuple[str, bool]] = []
    index = 0
    while index < len(layout):
        match = _STD_CHUNK.search(layout, index)
        if match is None:
            pieces.append((layout[index:], False))
            break
        element = match.group(0)
        start = match.start()
        if element == "_2006":
            # "_2006" is a literal "_" followed by the year.
            pieces.append((layout[index:start + 1], False))
            pieces.append(("2006", True))
            index = match.end()
            continue
        if start > index:
            pieces.append((layout[index:start], False))
        pieces.append((element, True))
        index = match.end()
    return [piece for piece in pieces if piece[0]]


def format_time(value: GoTime, layout: str) -> str:
    """Return ``t.Format(layout)``."""
    moment = value.moment
    offset = int((moment.utcoffset() or dt.timedelta(0)).total_seconds())
    out: list[str] = []
    for text, is_element in layout_chunks(layout):
        out.append(_format_element(value, text, offset) if is_element else text)
    return "".join(out)


def _format_element(value: GoTime, element: str, offset: int) -> str:
    moment = value.moment
    simple = {
        "2006": _year(moment.year),
        "06": f"{moment.year % 100:02d}",
        "January": LONG_MONTHS[moment.month - 1],
        "Jan": LONG_MONTHS[moment.month - 1][:3],
        "1": str(moment.month),
        "01": f"{moment.month:02d}",
        "Monday": LONG_DAYS[moment.weekday()],
        "Mon": LONG_DAYS[moment.weekday()][:3],
        "2": str(moment.day),
        "_2": f"{moment.day:2d}",
        "02": f"{moment.day:02d}",
        "__2": f"{moment.timetuple().tm_yday:3d}",
        "002": f"{moment.timetuple().tm_yday:03d}",
        "15": f"{moment.hour:02d}",
        "3": str(moment.hour % 12 or 12),
        "03": f"{moment.hour % 12 or 12:02d}",
        "4": str(moment.minute),
        "04": f"{moment.minute:02d}",
        "5": str(moment.second),
        "05": f"{moment.second:02d}",
        "PM": "PM" if moment.hour >= 12 else "AM",
        "pm": "pm" if moment.hour >= 12 else "am",
    }
    if element in simple:
        return simple[element]
    if element == "MST":
        return value.zone_name or _numeric_zone(offset, "-0700")
    if element[0] in "-Z":
        return _numeric_zone(offset, element)
    return _fraction(value.nanosecond, element)


def _year(year: int) -> str:
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def _numeric_zone(offset: int, element: str) -> str:
    if element.startswith("Z"):
        if offset == 0:
            return "Z"
        element = "-" + element[1:]
    minutes = offset // 60 if offset >= 0 else -((-offset) // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    seconds = abs(offset) % 60
    text = f"{sign}{minutes // 60:02d}"
    colon = ":" in element
    if element != "-07":
        text += (":" if colon else "") + f"{minutes % 60:02d}"
    if element in ("-070000", "-07:00:00"):
        text += (":" if colon else "") + f"{seconds:02d}"
    return text


def _fraction(nanosecond: int, element: str) -> str:
    separator, digits = element[0], element[1:]
    text = f"{nanosecond:09d}"[:len(digits)]
    if digits[0] == "9":
        text = text.rstrip("0")
        if not text:
            return ""
    return separator + text


# -- parsing


def parse_time(layout: str, text: str, zone: dt.tzinfo) -> GoTime:
    """Parse as Go's ``time.ParseInLocation(layout, text, zone)``; raise TimeError with Go's message."""
    original = text
    fields = {"year": 1, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "nanosecond": 0}
    pm: bool | None = None
    offset: int | None = None
    zone_name: str | None = None
    yday = -1

    for element, is_element in layout_chunks(layout):
        if not is_element:
            if not text.startswith(element):
                raise _parse_error(layout, original, element, text)
            text = text[len(element):]
            continue
        try:
            text, pm, offset, zone_name, yday = _parse_element(element, text, fields, pm, offset, zone_name, yday)
        except _BadValue as bad:
            raise TimeError(f"parsing time {_q(original)}: {bad.message}") from None
        except _NoMatch:
            raise _parse_error(layout, original, element, text) from None

    if text:
        raise TimeError(f"parsing time {_q(original)}: extra text: {_q(text)}")
    if pm is not None and fields["hour"] < 12 and pm:
        fields["hour"] += 12
    elif pm is False and fields["hour"] == 12:
        fields["hour"] = 0
    if yday >= 0:
        day = dt.date(fields["year"], 1, 1) + dt.timedelta(days=yday - 1)
        fields["month"], fields["day"] = day.month, day.day

    try:
        naive = dt.datetime(fields["year"], fields["month"], fields["day"], fields["hour"], fields["minute"],
                            fields["second"])
    except ValueError:
        raise TimeError(f"parsing time {_q(original)}: day out of range") from None

    if offset is not None:
        moment = naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset)))
        local = moment.astimezone(zone)
        if local.utcoffset() == moment.utcoffset():
            return make_time(local, fields["nanosecond"])
        return GoTime(moment, fields["nanosecond"], "")
    if zone_name is not None:
        if zone_name == "UTC":
            return make_time(naive.replace(tzinfo=dt.timezone.utc), fields["nanosecond"])
        candidate = naive.replace(tzinfo=zone)
        if candidate.tzname() == zone_name:
            return make_time(candidate, fields["nanosecond"])
        return GoTime(naive.replace(tzinfo=dt.timezone.utc), fields["nanosecond"], zone_name)
    moment = naive.replace(tzinfo=zone)
    return make_time(moment, fields["nanosecond"])


class _NoMatch(Exception):
    pass


class _BadValue(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _parse_error(layout: str, value: str, element: str, rest: str) -> TimeError:
    return TimeError(f"parsing time {_q(value)} as {_q(layout)}: cannot parse {_q(rest)} as {_q(element)}")


def _digits(text: str, count: int, fixed: bool) -> tuple[int, str]:
    if fixed:
        if len(text) < count or not text[:count].isdigit() or not text[:count].isascii():
            raise _NoMatch
        return int(text[:count]), text[count:]
    if not text[:1].isdigit():
        raise _NoMatch
    if len(text) >= 2 and text[1].isdigit() and text[:2].isascii():
        return int(text[:2]), text[2:]
    return int(text[0]), text[1:]


def _parse_element(element: str, text: str, fields: dict[str, int], pm: bool | None, offset: int | None,
                   zone_name: str | None, yday: int) -> tuple[str, bool | None, int | None, str | None, int]:
    if element == "2006":
        if len(text) < 4 or not text[:4].isdigit():
            raise _NoMatch
        fields["year"], text = int(text[:4]), text[4:]
    elif element == "06":
        year, text = _digits(text, 2, True)
        fields["year"] = year + (1900 if year >= 69 else 2000)
    elif element in ("January", "Jan"):
        names = LONG_MONTHS if element == "January" else [name[:3] for name in LONG_MONTHS]
        index, text = _lookup(names, text)
        fields["month"] = index + 1
    elif element in ("Monday", "Mon"):
        names = LONG_DAYS if element == "Monday" else [name[:3] for name in LONG_DAYS]
        _, text = _lookup(names, text)
    elif element in ("1", "01"):
        fields["month"], text = _digits(text, 2, element == "01")
        if not 1 <= fields["month"] <= 12:
            raise _BadValue("month out of range")
    elif element in ("2", "_2", "02"):
        if element == "_2" and text.startswith(" "):
            text = text[1:]
        fields["day"], text = _digits(text, 2, element == "02")
    elif element in ("__2", "002"):
        if element == "__2":
            text = text.lstrip(" ")
        yday, text = _digits(text, 3, True) if element == "002" else _year_day(text)
    elif element in ("15", "3", "03"):
        fields["hour"], text = _digits(text, 2, element != "3")
        limit = 23 if element == "15" else 12
        if fields["hour"] > limit:
            raise _BadValue("hour out of range")
    elif element in ("4", "04"):
        fields["minute"], text = _digits(text, 2, element == "04")
        if fields["minute"] > 59:
            raise _BadValue("minute out of range")
    elif element in ("5", "05"):
        fields["second"], text = _digits(text, 2, element == "05")
        if fields["second"] > 59:
            raise _BadValue("second out of range")
        text = _optional_fraction(text, fields)
    elif element in ("PM", "pm"):
        marker = text[:2]
        if marker.upper() not in ("AM", "PM"):
            raise _NoMatch
        pm, text = marker.upper() == "PM", text[2:]
    elif element[0] in "-Z":
        if element[0] == "Z" and text.startswith("Z"):
            offset, text = 0, text[1:]
        else:
            offset, text = _parse_offset(element.replace("Z", "-", 1), text)
    elif element == "MST":
        match = re.match(r"[A-Z]{3,5}|[+-]\d\d(?:\d\d)?", text)
        if match is None:
            raise _NoMatch
        zone_name, text = match.group(0), text[match.end():]
    else:
        text = _parse_fraction(element, text, fields)
    return text, pm, offset, zone_name, yday


def _year_day(text: str) -> tuple[int, str]:
    match = re.match(r"\d{1,3}", text)
    if match is None:
        raise _NoMatch
    return int(match.group(0)), text[match.end():]


def _lookup(names: list[str], text: str) -> tuple[int, str]:
    for index, name in enumerate(names):
        if text[:len(name)].lower() == name.lower():
            return index, text[len(name):]
    raise _NoMatch


def _parse_offset(element: str, text: str) -> tuple[int, str]:
    patterns = {
        "-070000": r"([+-])(\d\d)(\d\d)(\d\d)",
        "-07:00:00": r"([+-])(\d\d):(\d\d):(\d\d)",
        "-0700": r"([+-])(\d\d)(\d\d)()",
        "-07:00": r"([+-])(\d\d):(\d\d)()",
        "-07": r"([+-])(\d\d)()()",
    }
    match = re.match(patterns[element], text)
    if match is None:
        raise _NoMatch
    sign, hours, minutes, seconds = match.groups()
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return (-total if sign == "-" else total), text[match.end():]


def _optional_fraction(text: str, fields: dict[str, int]) -> str:
    """Read fractional seconds after a seconds field even when the layout has none, as Go does."""
    if len(text) >= 2 and text[0] in ".," and text[1].isdigit():
        match = re.match(r"[.,](\d+)", text)
        assert match is not None
        digits = match.group(1)
        fields["nanosecond"] = int((digits + "000000000")[:9])
        return text[match.end():]
    return text


def _parse_fraction(element: str, text: str, fields: dict[str, int]) -> str:
    digits = element[1:]
    if digits[0] == "0":
        if len(text) < len(element) or text[0] != element[0] or not text[1:len(element)].isdigit():
            raise _NoMatch
        fields["nanosecond"] = int((text[1:len(element)] + "000000000")[:9])
        return text[len(element):]
    if len(text) < 2 or text[0] not in ".," or not text[1].isdigit():
        return text
    return _optional_fraction(text, fields)


# -- durations

_UNITS = {"ns": NANOSECOND, "us": MICROSECOND, "µs": MICROSECOND, "μs": MICROSECOND, "ms": MILLISECOND,
          "s": SECOND, "m": MINUTE, "h": HOUR}


def parse_duration(text: str) -> int:
    """Parse as Go's ``time.ParseDuration``: a signed sequence of decimal numbers with units; returns nanoseconds."""
    original = text
    negative = False
    if text[:1] in ("-", "+"):
        negative = text[0] == "-"
        text = text[1:]
    if text == "0":
        return 0
    if text == "":
        raise TimeError(f"time: invalid duration {_q(original)}")
    total = 0
    while text:
        match = re.match(r"(\d*)(?:\.(\d*))?", text)
        assert match is not None
        whole, fraction = match.group(1), match.group(2)
        if not whole and not fraction:
            raise TimeError(f"time: invalid duration {_q(original)}")
        text = text[match.end():]
        unit_match = re.match(r"[^\d.]*", text)
        unit = unit_match.group(0) if unit_match else ""
        if not unit:
            raise TimeError(f"time: missing unit in duration {_q(original)}")
        if unit not in _UNITS:
            raise TimeError(f"time: unknown unit {_q(unit)} in duration {_q(original)}")
        text = text[len(unit):]
        scale = _UNITS[unit]
        value = int(whole or "0") * scale
        if fraction:
            value += int(int(fraction) * scale / 10 ** len(fraction))
        total += value
        if total > (1 << 63) - 1 + (1 if negative else 0):
            raise TimeError(f"time: invalid duration {_q(original)}")
    return -total if negative else total
