"""No Django models: the index lives in tables, views and triggers that the migration
creates for each database (see schema/). This module exists so that Django sends this
app the migrate signals that keep those triggers in place."""
