"""Guarded reading and writing of the files a user names (docs/architecture.md, layer ``io``).

Every reader of a user's file goes through ``vetting.io.reading`` and every writer of an output
through ``vetting.io.writing`` (tests/test_io_guards.py checks that no other module opens one).

Reading (``vetting.io.reading``):
    open_regular(path, *, what, inside=None) -> binary file     a regular file only, opened without blocking
    read_bytes(path, *, what, limit=None, inside=None) -> bytes  at most ``limit`` bytes (the default for ``what``)
    read_text(path, *, what, limit=None, inside=None, legacy=False) -> str   decoded by content (encoding.py)
    iter_folder(folder, *, suffixes) -> (path, problem | None)    files of a folder; links leading out refused
    check_zip(path, *, what, limits) / check_xlsx(path, *, what, limits)   bounded decompression, before parsing
    xlsx_rows(path, *, what, sheet=0, limits) -> (row, [values])  one sheet streamed, used range bounded
Encodings (``vetting.io.encoding``):
    decode(raw, source, *, legacy) -> str; detect(head, *, legacy) -> codec name
Writing (``vetting.io.writing``):
    write_file(path, data, *, inputs=(), root=None)   atomic; keeps the mode; refuses hard links, trailing '/',
                                                       writing over an input and, below ``root``, any symlink
    remove_inside(root, rel) -> bool                   delete a file below ``root`` without following a link
    temp_name(name) -> str                             a temporary name that fits the file-name limit
"""
