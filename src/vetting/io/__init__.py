"""Layer io (the bottom): reading and writing files, strict YAML and JSON, the streaming spreadsheet
reader and writer, formula-inert cells, and the one exception family. Layers: docs/architecture.md.

Every reader of a file a user names goes through ``vetting.io.reading`` (and ``archive`` for ZIP
containers) and every writer of an output through ``vetting.io.writing``: tests/test_io_reading.py
and tests/test_io_writing.py check that no other module opens, writes or deletes one by name.

Reading (``vetting.io.reading``):
    open_regular(path, *, what, inside=None) -> binary file      a regular file only, opened without blocking
    read_bytes(path, *, what, limit=None, inside=None) -> bytes   at most ``limit`` bytes (default LIMITS[what])
    read_text(path, *, what, limit=None, inside=None, legacy=False) -> str   decoded by content (encoding.decode)
    iter_folder(folder, *, suffixes) -> (path, problem | None)     a folder's files; links leading out refused
ZIP containers, XLSX and DOCX (``vetting.io.archive``):
    open_zip(path, *, what, limits) / close_zip(z)                 unpacked size and part count checked first
    check_xlsx(path, *, what, limits); open_xlsx(path, ...)        also the shared-string count
    xlsx_rows(path, *, what, sheet=0, limits) -> (row, [values])   one sheet streamed, used range bounded
Encodings (``vetting.io.encoding``):
    decode(raw, source, *, legacy) -> str;  detect(head, *, legacy) -> codec name or None
Writing (``vetting.io.writing``):
    write_file(path, data, *, inputs=(), root=None)   atomic; keeps the mode; refuses hard links, a trailing '/',
                                                       an input of the run and, below ``root``, any symlink
    remove_inside(root, rel) -> bool                   delete a file below ``root`` without following a link
    temp_name(name) -> str                             a temporary name that fits the file-name limit
Showing user text (``vetting.io.visible``):
    visible(text) -> str     control characters (but tab, LF, CR) and bidi overrides as U+FFFD; every
                             Markdown, HTML and calendar writer of user text uses it
    escaped(text) -> str     the same characters and CR as a visible \\uXXXX, for a terminal (cli.terminal)
"""
