"""The roadmap's data model: entities, reading, checking and the derived relations."""
