"""Small real inputs for tests: .xlsx workbooks written with openpyxl and .eml files with the email package."""
from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

RULES = {
    "考核标准": [["考核类别", "每月最少报送", "每月最少采用"], ["A", 5, 1], ["B", 4, 0], ["C", 2, 0]],
    "积分标准": [["项目", "级别", "分值"], ["报送", None, 1], ["信息", "省", 30], ["信息", "州", 15],
                 ["信息", "市", 5], ["动态", "省", 15], ["动态", "州", 5], ["动态", "市", 3]],
}


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx holding these sheets, each a list of rows (the first is the header)."""
    buffer = BytesIO()
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(sheets))
    return path


def registry(units: list[list], rules: dict | None = None) -> dict[str, list[list]]:
    """单位名册 rows [单位名称, 表内名称, 别名, 报送邮箱, 考核类别] plus the rule sheets."""
    return {"单位名册": [["单位名称", "表内名称", "别名", "报送邮箱", "考核类别"], *units], **(rules or RULES)}


def message(*, sender: str | None, subject: str, date: str | None = "Mon, 06 May 2024 10:00:00 +0800",
            body: str = "", attachments: list[tuple[str, bytes]] = (), headers: dict | None = None,
            charset: str = "utf-8") -> bytes:
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = "office@example.org"
    msg["Subject"] = subject
    if date:
        msg["Date"] = date
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body, charset=charset) if body else msg.set_content("")
    for filename, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    return msg.as_bytes(policy=SMTP)


def write_eml(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
