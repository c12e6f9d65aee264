"""Reports: the annual report section of a unit and year, written as Markdown, DOCX, XLSX and CSV."""
