"""The published national implementation plan: HTML site, PDF, XLSX and open data."""
