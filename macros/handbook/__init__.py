"""The printable handbook: the site's generated pages assembled into one PDF with WeasyPrint."""
