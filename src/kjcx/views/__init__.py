"""Views for people and scripts: terminal tables, JSON documents, Excel, check reports."""
