"""The data contract of claimbase: pydantic records, the database's declared shape, Datasette metadata."""
