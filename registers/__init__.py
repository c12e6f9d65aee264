"""The registers: a municipality's spreadsheets of units and activities, read in and written out.

Not storage: a register is a file format people edit in Excel (headers in Swedish or English, labels
instead of codes, a BOM, a stray column), checked row by row and turned into rows of the data model.
`registers.units` and `registers.activities` read and write them; the XLSX writing is the report's
(`reports.writers.xlsx`), so the two kinds of workbook look and behave alike.
"""
