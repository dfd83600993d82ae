"""Spreadsheet files made in memory for the import tests."""
import csv
import io

from openpyxl import Workbook

HEADER = ["code", "as_of", "participants", "working_population", "pu", "bpu", "jakon", "pmi", "source"]


def csv_file(rows, header=HEADER, delimiter=",") -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode())


def xlsx_file(rows, header=HEADER) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return output
