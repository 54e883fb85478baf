"""summary.parquet, findings.parquet, errors.parquet (pyarrow: ``pip install 'vetting[parquet]'``),
with the column types ``rows.column_type`` gives. ``write_parquet`` writes the output model's tables;
``ParquetStream`` converts the batch's CSV tables when the run ends, read by Arrow's streaming CSV
reader a block at a time (memory stays flat; no pandas frames), with the pandas metadata that makes
``pandas.read_parquet`` return the frame the batch's ``read_table`` gives. findings.parquet always
holds every outcome, the passes too."""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from ..io.atomic import temp_beside
from ..io.writing import place
from .rows import COLUMNS, Tables, column_type
from .stream import Run, Stream

PARQUET_SLICE = 25_000  # rows per row group at most
PARQUET_BLOCK = 1 << 20  # bytes of CSV read at a time (more, or threads, took more memory and no less time)


def write_parquet(tables: Tables) -> dict[str, bytes]:
    """summary.parquet, findings.parquet, errors.parquet of the tables."""
    import pyarrow as pa  # lazy seam: pyarrow is optional and heavy
    import pyarrow.parquet as pq

    out = {}
    for name, cols in COLUMNS.items():
        rows = tables.table(name)
        data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
        arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "text": pa.string()}
        types = {c: arrow[column_type(c)] for c in cols}
        table = pa.table({c: pa.array(data[c], type=types[c]) for c in cols})
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        out[f"{name}.parquet"] = sink.getvalue().to_pybytes()
    return out


class ParquetStream(Stream):
    """The batch's CSV tables as Parquet when the run ends (the CSV stream closes first). When findings.csv
    leaves the passes out, every outcome is kept aside as it comes (findings.all.csv, removed at the end)."""

    stage = "Parquet"
    adding = "csv"  # it writes CSV lines while the run goes

    def __init__(self, run: Run):
        super().__init__(run)
        self._all = None
        if not run.passes:
            fd, self._all_tmp = temp_beside(self.out / "findings.all.csv")
            self._all = os.fdopen(fd, "wb")
            self._all.write(",".join(COLUMNS["findings"]).encode() + b"\n")

    def add_deals(self, deals) -> None:
        if self._all is not None:
            self._all.write(b"".join(d.findings + d.passes for d in deals))

    def close(self) -> list[Path]:
        if self._all is not None:
            self._all.close()
        try:
            return [self._write(name, self._all_tmp if name == "findings" and self._all is not None else None)
                    for name in COLUMNS]
        finally:
            self.abort()

    def abort(self) -> None:
        if self._all is not None:
            self._all.close()
            self._all_tmp.unlink(missing_ok=True)
            self._all = None

    def _write(self, name: str, source: Path | None = None) -> Path:
        import pyarrow.csv as pacsv  # lazy seam: pyarrow is optional and heavy
        import pyarrow.parquet as pq

        final = self.out / f"{name}.parquet"
        fd, tmp = temp_beside(final)
        os.close(fd)
        schema = parquet_schema(name)
        source = source or self.out / f"{name}.csv"
        try:
            reader = pacsv.open_csv(
                source, read_options=pacsv.ReadOptions(block_size=PARQUET_BLOCK, use_threads=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={f.name: f.type for f in schema}, include_columns=schema.names,
                    strings_can_be_null=False, null_values=[""], true_values=["true"], false_values=["false"]))
            with pq.ParquetWriter(tmp, schema) as writer:
                for batch in reader:
                    writer.write_batch(batch.cast(schema) if batch.schema != schema else batch,
                                       row_group_size=PARQUET_SLICE)
            place(tmp, final, root=self.out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return final


@functools.lru_cache(maxsize=None)
def parquet_schema(name: str):
    """The Arrow schema of a table with the column types ``read_table`` gives (text, float64,
    nullable Int64 row numbers, nullable booleans), and the pandas metadata that makes
    ``pandas.read_parquet`` restore them: written here, so that pandas is not imported for it
    (it would double the memory the conversion takes)."""

    import pyarrow as pa  # lazy seam: pyarrow is optional and heavy

    types = {"int": (pa.int64(), "int64", "Int64"), "float": (pa.float64(), "float64", "float64"),
             "bool": (pa.bool_(), "bool", "boolean"), "text": (pa.string(), "unicode", "object")}
    fields, meta = [], []
    for col in COLUMNS[name]:
        typ, pandas_type, numpy_type = types[column_type(col)]
        fields.append(pa.field(col, typ))
        meta.append({"name": col, "field_name": col, "pandas_type": pandas_type, "numpy_type": numpy_type,
                     "metadata": None})
    pandas = {"index_columns": [], "column_indexes": [], "columns": meta,
              "creator": {"library": "pyarrow", "version": pa.__version__}}
    return pa.schema(fields, metadata={b"pandas": json.dumps(pandas).encode()})
