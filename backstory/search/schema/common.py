"""What the index holds, for both databases."""

KINDS = ("person", "organization", "interaction")

# The source columns whose change changes a document (UPDATE OF ... triggers).
PERSON_FIELDS = ("id", "workspace_id", "name", "title", "organization_id", "beat", "outlet",
                 "wants", "offers", "notes", "how_we_met")
ORGANIZATION_FIELDS = ("id", "workspace_id", "name", "notes")
INTERACTION_FIELDS = ("id", "workspace_id", "summary", "place", "notes", "notes_private")


def shared_notes_sql(alias: str) -> str:
    """An interaction's notes as the shared index holds them: none when they are private
    (an author finds their own private notes another way: search.selectors)."""
    return f"(CASE WHEN {alias}.notes_private THEN '' ELSE {alias}.notes END)"
CONTACT_FIELDS = ("id", "person_id", "kind", "value")
