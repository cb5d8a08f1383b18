"""Every write of the transfer app: imports, undo, merge, backup and restore."""

from .imports import (
    ImportResult,
    column_map_save,
    import_commit,
    import_discard,
    import_file,
    import_preview,
    import_row_choose,
    import_rows_choose_all,
    import_upload,
)
from .undo import import_undo

__all__ = ["ImportResult", "column_map_save", "import_commit", "import_discard",
           "import_file", "import_preview", "import_row_choose", "import_rows_choose_all",
           "import_undo",
           "import_upload"]
