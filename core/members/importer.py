"""导入会员: a CSV of members (from Excel or another system) registered row by row.

Each row goes through ``register_member`` — the same rules and plugin hooks as a registration
at the counter — in its own transaction, so one bad row never undoes the others. A phone that
is already a member (or appeared earlier in the file) is skipped, so a file can be imported
again safely: nothing is registered twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import msgspec

from core import db, scoped
from core.console.validation import invalid_texts
from core.context import Context
from core.errors import DomainError, DuplicatePhone, InvalidInput, InvalidPhone
from core.members import schemas as s
from core.members.phones import display_phone, mask_phone, normalise_phone
from core.members.service import add_note, register_member
from core.members.tables import Member

MAX_ROWS = 50_000
COLUMNS = ("phone", "name", "gender", "birthday", "tags", "source_channel", "note")
# Headers as merchants write them in a Chinese spreadsheet.
HEADER_ALIASES = {
    "手机号": "phone", "手机": "phone", "姓名": "name", "性别": "gender", "生日": "birthday",
    "标签": "tags", "来源": "source_channel", "来源渠道": "source_channel", "备注": "note",
}
GENDERS = {"": "unknown", "未知": "unknown", "unknown": "unknown", "男": "male", "male": "male", "m": "male",
           "女": "female", "female": "female", "f": "female"}
TAG_SEPARATORS = re.compile(r"[;；|,，]")
_PHONE_LOOKUP_CHUNK = 500

ProgressCallback = Callable[[int, int], Awaitable[None] | None]


class _Rejected(Exception):
    """A row that cannot be imported, and why (zh-CN and en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True, slots=True)
class _Row:
    line: int  # the physical line the row starts on; the header is line 1
    cells: dict[str, str]
    problem: _Rejected | None = None


def _decode(data: bytes) -> str:
    """Excel saves UTF-8 with a BOM, or GB18030 (GBK) on a Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(field="file", zh="无法识别文件编码，请另存为 UTF-8 或 GBK 的 CSV",
                       en="Unknown file encoding: save the CSV as UTF-8 or GBK")


def _header(cells: list[str]) -> list[str]:
    """The header's column names; a blank one (a spreadsheet's trailing comma) is a column ignored."""
    names = [HEADER_ALIASES.get(c.strip(), c.strip().lower()) for c in cells]
    unknown = [cells[i].strip() for i, name in enumerate(names) if name and name not in COLUMNS]
    if unknown:
        raise InvalidInput(field="header", columns=unknown, zh=f"无法识别的列：{'、'.join(unknown)}",
                           en=f"Unknown columns: {', '.join(unknown)}")
    if "phone" not in names:
        raise InvalidInput(field="header", zh="缺少手机号（phone）列", en="The phone column is missing")
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise InvalidInput(field="header", zh=f"列重复：{'、'.join(repeated)}", en=f"Repeated columns: {', '.join(repeated)}")
    return names


def _parse(text: str) -> list[_Row]:
    """The data rows under the header, each with the physical line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[_Row] = []
    header: list[str] | None = None
    last_line = 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if header is None:
                header = _header(cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise InvalidInput(field="file", zh=f"一次最多导入 {MAX_ROWS} 行", en=f"At most {MAX_ROWS} rows per import")
            problem = None
            if len(cells) > len(header):
                problem = _Rejected(f"该行有 {len(cells)} 列，表头只有 {len(header)} 列",
                                    f"The line has {len(cells)} cells but the header {len(header)}")
            cells_by_name = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
            rows.append(_Row(line, cells_by_name, problem))
    except csv.Error as exc:
        raise InvalidInput(field="file", zh=f"第 {last_line + 1} 行不是有效的 CSV：{exc}",
                           en=f"Line {last_line + 1} is not valid CSV: {exc}") from None
    if header is None:
        raise InvalidInput(field="file", zh="文件为空，第一行应为表头", en="The file is empty; the first line must be the header")
    return rows


#: The import's columns as a merchant's header names them, for refusals in words (「姓名」最多 50 个字).
_LABELS = {"name": "姓名", "tags": "标签", "source_channel": "来源", "body": "备注", "phone": "手机号"}


def _member_create(row: _Row, phone: str) -> tuple[s.MemberCreate, s.NoteCreate | None]:
    cells = row.cells
    gender = GENDERS.get(cells.get("gender", "").lower())
    if gender is None:
        raise _Rejected(f"性别无效：{cells['gender']}（可填 男/女）", f"Invalid gender: {cells['gender']} (male/female)")
    birthday = None
    if text := cells.get("birthday", ""):
        try:
            birthday = dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError:
            raise _Rejected(f"生日无效：{text}（格式 YYYY-MM-DD）", f"Invalid birthday: {text} (use YYYY-MM-DD)") from None
    tags = [t.strip() for t in TAG_SEPARATORS.split(cells.get("tags", "")) if t.strip()]
    values = {
        "phone": phone,
        # A row may carry only a phone: name the member after its last four digits (会员8000).
        "name": cells.get("name") or f"会员{phone[-4:]}",
        "gender": gender, "birthday": birthday, "tags": tags, "source_channel": cells.get("source_channel", ""),
    }
    try:
        data = msgspec.convert(values, s.MemberCreate)
        note = msgspec.convert({"body": cells["note"]}, s.NoteCreate) if cells.get("note") else None
    except msgspec.ValidationError as exc:
        raise _Rejected(*invalid_texts(exc, _LABELS)) from None
    return data, note


async def _existing_phones(ctx: Context, phones: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(phones)
    for start in range(0, len(ordered), _PHONE_LOOKUP_CHUNK):
        chunk = ordered[start:start + _PHONE_LOOKUP_CHUNK]
        rows = await scoped.select(ctx, Member, Member.phone).where(
            Member.phone.is_in(chunk) & Member.deleted_at.is_null()
        )
        found.update(row["phone"] for row in rows)
    return found


def _phone_of(row: _Row) -> str | _Rejected:
    if row.problem is not None:
        return row.problem
    raw = row.cells.get("phone", "")
    if not raw:
        return _Rejected("缺少手机号", "The phone is missing")
    try:
        return normalise_phone(raw)
    except InvalidPhone as exc:
        return _Rejected(exc.detail_zh, exc.detail_en)


async def _import_row(ctx: Context, row: _Row, phone: str) -> bool:
    """Register one row; False when the phone turned out to be a member already."""
    data, note = _member_create(row, phone)
    try:
        async with db.transaction():
            member = await register_member(ctx, data)
            if note is not None:
                await add_note(ctx, member.id, note)
    except DuplicatePhone:
        return False
    except DomainError as exc:  # a rule or a plugin refused this row: report it, go on
        raise _Rejected(exc.detail_zh, exc.detail_en) from None
    return True


def check_file(data: bytes) -> int:
    """Refuse a file that cannot be imported at all (encoding, header, size) before anything
    starts; the number of data rows otherwise."""
    return len(_parse(_decode(data)))


async def import_members(ctx: Context, data: bytes, on_progress: ProgressCallback | None = None) -> s.ImportReport:
    """Import a CSV (header row first; columns phone, name, gender, birthday, tags, source_channel,
    note; only phone is required). Unknown columns refuse the whole file before anything is
    imported. ``on_progress(done, total)`` (plain or async) is called as rows are done."""
    ctx.require("members.import")
    ctx.require("members.write")
    rows = _parse(_decode(data))
    phones = [_phone_of(row) for row in rows]
    existing = await _existing_phones(ctx, {p for p in phones if isinstance(p, str)})
    first_lines: dict[str, int] = {}  # phone → the line of this file that registered it
    shown = display_phone if ctx.actor.can("members.phone") else mask_phone
    report = s.ImportReport(imported=0, skipped_existing=0, rejected=[])
    total = len(rows)
    await _report(on_progress, 0, total)
    for done, (row, phone) in enumerate(zip(rows, phones, strict=True), 1):
        try:
            if isinstance(phone, _Rejected):
                raise phone
            if phone in first_lines:
                report.skipped.append(_repeated(row.line, shown(phone), first_lines[phone]))
            elif phone in existing or not await _import_row(ctx, row, phone):
                report.skipped.append(_existing(row.line, shown(phone)))
                existing.add(phone)
            else:
                report.imported += 1
                first_lines[phone] = row.line
        except _Rejected as rejected:
            report.rejected.append(s.ImportRejection(line=row.line, reason=rejected.zh, reason_en=rejected.en))
        await _report(on_progress, done, total)
    report.skipped_existing = len(report.skipped)
    return report


def _existing(line: int, phone: str) -> s.ImportSkip:
    return s.ImportSkip(line=line, why="existing", reason=f"手机号 {phone} 已是会员，跳过",
                        reason_en=f"Phone {phone} is already a member: skipped")


def _repeated(line: int, phone: str, first_line: int) -> s.ImportSkip:
    return s.ImportSkip(line=line, why="repeated", first_line=first_line,
                        reason=f"手机号 {phone} 与第 {first_line} 行重复，跳过",
                        reason_en=f"Phone {phone} repeats line {first_line}: skipped")


async def _report(on_progress: ProgressCallback | None, done: int, total: int) -> None:
    if on_progress is not None and inspect.isawaitable(result := on_progress(done, total)):
        await result
