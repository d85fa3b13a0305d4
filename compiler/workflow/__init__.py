"""Staff workflow: formatting, spreadsheet import/export, 免申即享 matching."""
