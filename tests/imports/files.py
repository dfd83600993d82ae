"""Spreadsheet files made in memory for the import tests."""
import csv
import io
import zipfile

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


# --- Workbooks written part by part, for files that no spreadsheet program would save ------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
# Style 1 is a date format (numFmtId 14), as the exports write date cells.
STYLES = (f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/>'
          '</fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
          '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def text_cells(values) -> str:
    """Inline text cells without references: in columns A, B, ... as they come."""
    return "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)


def xlsx_parts(sheet_data: str, *, strings: str | None = None, styles: str = STYLES, sheet_head: str = "",
               sheet_xml: str | None = None) -> io.BytesIO:
    """An XLSX written part by part: `sheet_data` is what goes inside <sheetData>, `strings` inside <sst>.

    `sheet_xml` replaces the whole sheet part (for XML that is broken as a whole).
    """
    parts = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet"),
             ("/xl/styles.xml", "styles")] + ([("/xl/sharedStrings.xml", "sharedStrings")] if strings is not None
                                             else [])
    overrides = "".join(f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-officedocument.'
                        f'spreadsheetml.{kind}+xml"/>' for name, kind in parts)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                         'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                         f"{overrides}</Types>")
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
                         f'Type="{_RELATION}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{_RELATION}"><sheets><sheet '
                         'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PACKAGE}"><Relationship '
                         f'Id="rId1" Type="{_RELATION}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
                         f'Id="rId2" Type="{_RELATION}/styles" Target="styles.xml"/><Relationship Id="rId3" '
                         f'Type="{_RELATION}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml if sheet_xml is not None else
                         f'<worksheet xmlns="{MAIN}">{sheet_head}<sheetData>{sheet_data}</sheetData></worksheet>')
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
    output.seek(0)
    return output
