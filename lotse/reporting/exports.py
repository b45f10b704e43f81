"""Every table as CSV and XLSX. Suppressed cells are written as "." (the sign of the official statistics for
"secret"), durations as three columns (number, median, 90th percentile)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from lotse.reporting.selectors import Table

SECRET = "."


def legend() -> str:
    return _(". = gesperrt (weniger als 5 Fälle, oder zum Schutz vor Rückrechnung aus den Summen)")


def header(table: Table) -> list[str]:
    first = table.by_label or _("Region")
    columns = [first]
    for measure in table.columns:
        if table.duration:
            columns += [
                f"{measure.label}: {_('Anzahl')}",
                f"{measure.label}: {_('Median')}",
                f"{measure.label}: {_('90. Perzentil')}",
            ]
        else:
            columns.append(str(measure.label))
    return columns


def rows(table: Table) -> list[list]:
    result = []
    for row in [*table.rows, table.total_row]:
        line: list = [row.label]
        for cell in row.cells:
            if table.duration:
                if cell.suppressed:
                    line += [SECRET, SECRET, SECRET]
                else:
                    line += [cell.count, cell.p50 if cell.count else "", cell.p90 if cell.count else ""]
            else:
                line.append(SECRET if cell.suppressed else cell.count)
        result.append(line)
    return result


def filename(table: Table, extension: str) -> str:
    region = "" if table.by == "region" or not table.region else f"-r{table.region}"
    return f"lotse-{table.stat.key}-{table.period.key}-{table.by or 'gesamt'}{region}.{extension}"


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(table))
    writer.writerows(rows(table))
    return buffer.getvalue()


def to_xlsx(tables: list[Table], *, as_of: str) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        name = _sheet_name(str(table.stat.label), used)
        sheet = workbook.create_sheet(name)
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([as_of])
        if table.ministry:
            sheet.append([legend()])
        sheet.append([])
        sheet.append(header(table))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for line in rows(table):
            sheet.append(line)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
        for column in range(2, len(header(table)) + 1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 18
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Tabelle"
    name, number = base, 2
    while name in used:
        name = f"{base[:26]} {number}"
        number += 1
    used.add(name)
    return name
