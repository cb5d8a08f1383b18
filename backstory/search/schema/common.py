"""What the index holds, for both databases."""

KINDS = ("person", "organization", "interaction")

# The source columns whose change changes a document (UPDATE OF ... triggers).
PERSON_FIELDS = ("id", "workspace_id", "name", "title", "organization_id", "beat", "outlet",
                 "wants", "offers", "notes", "how_we_met")
ORGANIZATION_FIELDS = ("id", "workspace_id", "name", "notes")
INTERACTION_FIELDS = ("id", "workspace_id", "summary", "place", "notes")
CONTACT_FIELDS = ("id", "person_id", "kind", "value")
