"""Every write of the transfer app: imports, undo, merge, backup and restore."""

from .imports import (
    UNEXPECTED_FAILURE,
    Deadline,
    ImportResult,
    column_map_save,
    import_commit,
    import_commit_begin,
    import_discard,
    import_file,
    import_mark_failed,
    import_preview,
    import_preview_begin,
    import_row_choose,
    import_rows_choose_all,
    import_upload,
    time_limit_message,
)
from .undo import import_undo

__all__ = ["UNEXPECTED_FAILURE", "Deadline", "ImportResult", "column_map_save",
           "import_commit", "import_commit_begin", "import_discard", "import_file",
           "import_mark_failed", "import_preview", "import_preview_begin",
           "import_row_choose", "import_rows_choose_all", "import_undo", "import_upload",
           "time_limit_message"]
