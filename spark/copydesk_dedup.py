"""Near-duplicate documents on Spark, with copydesk doing the per-document work.

    spark-submit spark/copydesk_dedup.py --input FILE.jsonl... --output OUT \
        [--copydesk BINARY] [--threshold T] [--containment T] \
        [--ngram N --perms N --seed N --bands N] [--keep first|longest|shortest] \
        [--bucket-cap N] [--sketches DIR...]

Stages (see spark/README.md for the rules and what each writes):
  1. sketch: each partition of JSONL lines goes through `copydesk sketch - --output -`
     on the executor; the Parquet it prints is read back with pyarrow (or shards
     written beforehand by `copydesk sketch` are read with --sketches);
  2. exact duplicates collapse on (`exact`, `n_shingles`) before banding;
  3. band shuffle: one row per (band, key, group); buckets over --bucket-cap pair
     their first document with each other one, like `copydesk dedup`;
  4. every candidate verified by exact Jaccard of the shingle lists;
  5. connected components by large-star / small-star, checkpointed;
  6. OUT/documents, OUT/pairs, OUT/clusters (Parquet), OUT/hot_buckets,
     OUT/_copydesk.json; `copydesk dedup --from-spark OUT` prints the report.
"""

import argparse
import bisect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import chain

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark import SparkFiles
from pyspark.sql import SparkSession, functions as F, types as T
from pyspark.sql.pandas.types import to_arrow_schema

# `copydesk dedup` pairs a bucket larger than this with its first member only
# (src/dedup/candidates.rs, MAX_BUCKET_PAIRS); the same cap gives the same pairs.
DEFAULT_BUCKET_CAP = 256
# A contained text must have at least this many shingles (src/dedup/mod.rs).
MIN_CONTAINED_SHINGLES = 20
HEADER_KEY = b"copydesk.sketch.header"
EMPTY_KEY = b"copydesk.sketch.empty_documents"
# Bytes Rust's `u8::is_ascii_whitespace` accepts: a line of only these is no record.
ASCII_WHITESPACE = " \t\n\r\x0c"
# How `copydesk sketch` reports a record of its stdin it skipped (exit status 2).
SKIPPED_RECORD = re.compile(r"^copydesk: error: <stdin>:(\d+): (.*)$", re.MULTILINE)
# `n_shingles` of the row that stands for a skipped record until the driver drops it.
MALFORMED = -1


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--input", nargs="+", default=[], help="JSONL files, in order")
    p.add_argument("--sketches", nargs="+", default=[],
                   help="folders of shards written by `copydesk sketch --output DIR`")
    p.add_argument("--output", required=True)
    p.add_argument("--copydesk", default="copydesk", help="the copydesk binary")
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--containment", type=float)
    p.add_argument("--ngram", type=int)
    p.add_argument("--perms", type=int)
    p.add_argument("--seed", type=int)
    p.add_argument("--bands", type=int)
    p.add_argument("--id-field", default="id")
    p.add_argument("--text-field", default="text")
    p.add_argument("--keep", choices=["first", "longest", "shortest"], default="first")
    p.add_argument("--bucket-cap", type=int, default=DEFAULT_BUCKET_CAP)
    p.add_argument("--partitions", type=int,
                   help="input partitions to sketch (default: Spark's choice)")
    p.add_argument("--max-iterations", type=int, default=100,
                   help="large-star/small-star rounds before giving up")
    args = p.parse_args(argv)
    if bool(args.input) == bool(args.sketches):
        p.error("give either --input or --sketches")
    return args


def log(message):
    print(f"copydesk_dedup: {message}", file=sys.stderr, flush=True)


def sketch_flags(args):
    """The flags that decide the sketch, as `copydesk sketch` takes them."""
    flags = ["--threshold", repr(args.threshold)]
    for name in ("ngram", "perms", "seed", "bands"):
        value = getattr(args, name)
        if value is not None:
            flags += [f"--{name}", str(value)]
    return flags + ["--id-field", args.id_field, "--text-field", args.text_field]


def run_sketch(binary, flags, lines, offset, with_metadata=False):
    """Runs `copydesk sketch` on JSONL lines; gives the Parquet table it prints and the
    records it skipped as {line of `lines` (from 1): copydesk's message} (and, with
    `with_metadata`, the file's key-value metadata, where copydesk puts the header)."""
    command = [binary, "sketch", "-", "--output", "-", "--input-format", "jsonl",
               "--doc-offset", str(offset), "-q"] + flags
    done = subprocess.run(command, input=lines, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    stderr = done.stderr.decode(errors="replace")
    skipped = {int(m.group(1)): m.group(2) for m in SKIPPED_RECORD.finditer(stderr)}
    # Status 2 with records reported: those were skipped and the rest sketched, as
    # `copydesk dedup` skips them. Anything else is a failure of the task.
    if done.returncode != 0 and not (done.returncode == 2 and skipped):
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: "
                           f"{stderr[-2000:]}")
    table = pq.read_table(pa.BufferReader(done.stdout))
    if with_metadata:
        return table, skipped, pq.read_metadata(pa.BufferReader(done.stdout)).metadata or {}
    return table, skipped


# --- stage 1: sketches ------------------------------------------------------------


def empty_header(binary, flags):
    """The sketch header and the shard schema, from a run over no documents."""
    table, _, metadata = run_sketch(binary, flags, b"", 0, with_metadata=True)
    return json.loads(metadata[HEADER_KEY]), table.schema


def numbered_lines(spark, paths, partitions):
    """(doc, path, line, text) for every non-blank line, doc numbered in input order
    (files in the order given, lines in file order), as `copydesk dedup` numbers."""
    sc = spark.sparkContext
    rdds = []
    for index, path in enumerate(paths):
        lines = sc.textFile(path, partitions) if partitions else sc.textFile(path)
        rdds.append(lines.zipWithIndex()
                    .filter(lambda t: t[0].strip(ASCII_WHITESPACE) != "")
                    .map(lambda t, i=index: (i, t[1] + 1, t[0])))
    records = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    numbered = records.zipWithIndex().map(lambda t: (t[1],) + t[0])
    schema = T.StructType([
        T.StructField("doc", T.LongType(), False),
        T.StructField("path", T.IntegerType(), False),
        T.StructField("line", T.LongType(), False),
        T.StructField("text", T.StringType(), False),
    ])
    return spark.createDataFrame(numbered, schema)


def record_id(line, id_field, location):
    """The id `copydesk dedup` gives a record (string or number; else its location)."""
    try:
        value = json.loads(line).get(id_field)
    except (ValueError, AttributeError):
        value = None
    if isinstance(value, bool) or value is None:
        return location
    if isinstance(value, (str, int)):
        return str(value)
    return location if not isinstance(value, float) else repr(value)


def sketch_partitions(binary_name, flags, paths, id_field, target):
    """The function mapInArrow runs on executors: sketches each batch of lines with
    the shipped binary; documents without words come back as rows with no shingles.
    `target` is the Arrow schema Spark expects back."""

    def sketch(batches):
        binary = SparkFiles.get(binary_name)
        for batch in batches:
            rows = batch.to_pydict()
            if not rows["doc"]:
                continue
            first = rows["doc"][0]
            if rows["doc"] != list(range(first, first + len(rows["doc"]))):
                raise RuntimeError("input rows are not numbered consecutively")
            data = "".join(t + "\n" for t in rows["text"]).encode("utf-8")
            table, skipped = run_sketch(binary, flags, data, first)
            table = renumber_sketched(table, first, skipped, len(rows["doc"]))
            batches = fill_in(table, rows, first, skipped, paths, id_field, target.names)
            batches = chain(batches, malformed_rows(rows, skipped, paths, target.names))
            for batch in batches:
                yield pa.Table.from_batches([batch]).cast(target).to_batches()[0]

    return sketch


def renumber_sketched(table, first, skipped, lines):
    """copydesk numbers the records it read consecutively from `first`; the job
    numbers lines. Maps each sketched document back to its line's number (the
    `skipped` lines, numbered from 1 among the batch's `lines`, have none)."""
    if not skipped:
        return table
    read = [i for i in range(lines) if i + 1 not in skipped]
    docs = [first + read[doc - first] for doc in table.column("doc").to_pylist()]
    return table.set_column(table.schema.get_field_index("doc"), "doc",
                            pa.array(docs, pa.int64()))


def malformed_rows(rows, skipped, paths, names):
    """One row per skipped line: `n_shingles` MALFORMED, and copydesk's message,
    located in the file, as the id; the driver reports and drops them."""
    lines = sorted(skipped)
    if not lines:
        return
    columns = {name: pa.nulls(len(lines)) for name in names}
    columns["doc"] = pa.array([rows["doc"][n - 1] for n in lines], pa.int64())
    columns["id"] = pa.array([
        f"{paths[rows['path'][n - 1]]}:{rows['line'][n - 1]}: {skipped[n]}"
        for n in lines])
    columns["n_shingles"] = pa.array([MALFORMED] * len(lines), pa.int32())
    columns["words"] = pa.array([0] * len(lines), pa.int32())
    yield pa.RecordBatch.from_arrays([columns[n] for n in names], names=names)


def fill_in(table, rows, first, skipped, paths, id_field, names):
    """Gives ids located in the file (not on stdin) and adds the documents without
    words that the shard leaves out, so every line read has a row (the `skipped`
    ones get theirs from `malformed_rows`)."""
    docs = table.column("doc").to_pylist()
    ids = table.column("id").to_pylist()
    for k, doc in enumerate(docs):
        local = doc - first
        if ids[k] == f"<stdin>:{local + 1}":
            ids[k] = f"{paths[rows['path'][local]]}:{rows['line'][local]}"
    table = table.set_column(table.schema.get_field_index("id"), "id", pa.array(ids))
    yield from table.select(names).to_batches()
    present = set(docs)
    missing = [i for i in range(len(rows["doc"]))
               if first + i not in present and i + 1 not in skipped]
    if missing:
        columns = {name: pa.nulls(len(missing), table.schema.field(name).type)
                   for name in names}
        columns["doc"] = pa.array([first + i for i in missing], pa.int64())
        columns["id"] = pa.array([
            record_id(rows["text"][i], id_field,
                      f"{paths[rows['path'][i]]}:{rows['line'][i]}") for i in missing])
        columns["n_shingles"] = pa.array([0] * len(missing), pa.int32())
        columns["words"] = pa.array([0] * len(missing), pa.int32())
        yield pa.RecordBatch.from_arrays([columns[n] for n in names], names=names)


def sketch_input(spark, args, out):
    """Sketches --input on the executors; writes OUT/_sketches; gives (header,
    sketches DataFrame, documents without words whose ids are unknown)."""
    binary = os.path.abspath(args.copydesk) if os.path.exists(args.copydesk) \
        else shutil.which(args.copydesk)
    if not binary:
        raise SystemExit(f"copydesk binary not found: {args.copydesk}")
    flags = sketch_flags(args)
    header, arrow_schema = empty_header(binary, flags)
    spark.sparkContext.addFile(binary)
    spark_schema = spark_schema_of(arrow_schema, nullable=True)
    target = to_arrow_schema(spark_schema)
    lines = numbered_lines(spark, args.input, args.partitions)
    sketched = lines.mapInArrow(
        sketch_partitions(os.path.basename(binary), flags, args.input, args.id_field,
                          target),
        spark_schema)
    staged = os.path.join(out, "_sketches")
    sketched.write.mode("overwrite").parquet(staged)
    return header, spark.read.parquet(staged), 0


def drop_malformed(spark, sketches, out):
    """Reports the records copydesk skipped and numbers the rest as `copydesk dedup`
    does, without them: each document's number drops by the skipped lines before it.
    Gives the sketches and the count of skipped records."""
    skipped = sketches.where(F.col("n_shingles") == MALFORMED).select("doc", "id") \
        .orderBy("doc").collect()
    if not skipped:
        return sketches, 0
    for row in skipped[:100]:
        log(f"error: {row['id']}")
    if len(skipped) > 100:
        log(f"... and {len(skipped) - 100} more skipped records")
    lines = [row["doc"] for row in skipped]
    shift = F.udf(lambda doc: doc - bisect.bisect_left(lines, doc), T.LongType())
    kept = sketches.where(F.col("n_shingles") != MALFORMED) \
        .withColumn("doc", shift(F.col("doc")))
    staged = os.path.join(out, "_sketches_numbered")
    kept.write.mode("overwrite").parquet(staged)
    return spark.read.parquet(staged), len(lines)


def spark_schema_of(arrow_schema, nullable):
    fields = []
    for field in arrow_schema:
        kind = {pa.int64(): T.LongType(), pa.int32(): T.IntegerType(),
                pa.string(): T.StringType(), pa.large_string(): T.StringType()}.get(field.type)
        if kind is None:
            kind = T.ArrayType(T.IntegerType(), False)
        fields.append(T.StructField(field.name, kind, nullable))
    return T.StructType(fields)


def read_sketches(spark, dirs):
    """Shards written beforehand: their header (all must agree) and empty counts."""
    files = sorted(os.path.join(d, f) for d in dirs for f in os.listdir(d)
                   if f.endswith(".parquet"))
    if not files:
        raise SystemExit(f"no .parquet shards in {' '.join(dirs)}")
    header, empty = None, 0
    for f in files:
        meta = pq.read_metadata(f).metadata or {}
        this = json.loads(meta[HEADER_KEY])
        if header is not None and this != header:
            raise SystemExit(f"{f}: sketch header differs from the other shards'")
        header = this
        empty += int(meta.get(EMPTY_KEY, b"0"))
    return header, spark.read.parquet(*files), empty


# --- stages 2-4: groups, band shuffle, verification --------------------------------


def exact_groups(sketches):
    """Documents with identical shingle sets, each with its group's first document."""
    groups = sketches.groupBy("exact", "n_shingles").agg(
        F.min("doc").alias("rep"), F.count(F.lit(1)).alias("cnt"))
    members = sketches.join(groups, ["exact", "n_shingles"]).select("doc", "rep")
    reps = sketches.join(groups.select("rep", "cnt"), F.col("doc") == F.col("rep")) \
        .drop("doc")
    return members, reps


def band_entries(reps, bands):
    """One row per (band, key, group): the shuffle. Groups stand for all their copies
    (`cnt`), so a bucket's size counts documents, as `copydesk dedup` counts them."""
    keyed = F.explode(F.array(*[
        F.struct(F.lit(i).alias("band"), F.col(f"band_{i}").alias("key"))
        for i in range(bands)]))
    return reps.select("rep", "cnt", keyed.alias("e")).select(
        "e.band", "e.key", "rep", "cnt")


def bucket_stats(entries):
    return entries.groupBy("band", "key").agg(
        F.sum("cnt").alias("size"), F.count(F.lit(1)).alias("groups"),
        F.min("rep").alias("first"))


def log_histogram(buckets):
    """Bucket sizes (documents) in powers of two: the skew of the shuffle."""
    rows = buckets.groupBy(
        F.pow(F.lit(2), F.floor(F.log2(F.col("size")))).cast("long").alias("from")
    ).agg(F.count(F.lit(1)).alias("buckets"), F.sum("size").alias("documents")) \
        .orderBy("from").collect()
    for r in rows:
        log(f"bucket size {r['from']}..{2 * r['from'] - 1}: "
            f"{r['buckets']} buckets, {r['documents']} entries")
    return [r.asDict() for r in rows]


def candidates(entries, buckets, cap):
    """Candidate group pairs and groups to pair within, by `copydesk dedup`'s rule:
    a bucket of at most `cap` documents pairs all of them (mode 'all'); a larger one
    pairs its first document with every other (mode 'first')."""
    shared = buckets.where("size >= 2")
    e = entries.join(shared, ["band", "key"])
    small, large = e.where(F.col("size") <= cap), e.where(F.col("size") > cap)
    a, b = small.alias("a"), small.alias("b")
    small_pairs = a.join(b, (F.col("a.band") == F.col("b.band"))
                         & (F.col("a.key") == F.col("b.key"))
                         & (F.col("a.rep") < F.col("b.rep"))) \
        .select(F.col("a.rep").alias("ra"), F.col("b.rep").alias("rb"),
                F.lit(True).alias("all"))
    large_pairs = large.where(F.col("rep") != F.col("first")).select(
        F.col("first").alias("ra"), F.col("rep").alias("rb"), F.lit(False).alias("all"))
    pairs = small_pairs.unionByName(large_pairs).groupBy("ra", "rb") \
        .agg(F.max("all").alias("all"))
    within = small.where("cnt >= 2").select("rep", F.lit(True).alias("all")).unionByName(
        large.where("cnt >= 2 AND rep = first").select("rep", F.lit(False).alias("all"))
    ).groupBy("rep").agg(F.max("all").alias("all"))
    return pairs, within


def candidate_costs(pairs, reps):
    """How many group pairs are verified, and the bytes of shingle lists they read
    (4 bytes a stored shingle, both sides): the cost model of docs/scale.md."""
    sizes = reps.select("rep", F.size("shingles").alias("n"))
    row = pairs.join(sizes.withColumnRenamed("rep", "ra").withColumnRenamed("n", "na"), "ra") \
        .join(sizes.withColumnRenamed("rep", "rb").withColumnRenamed("n", "nb"), "rb") \
        .agg(F.count(F.lit(1)).alias("pairs"), F.sum(F.col("na") + F.col("nb")).alias("n")) \
        .first()
    return row["pairs"], 4 * (row["n"] or 0)


def verify(pairs, reps, threshold, containment):
    """Exact figures of each candidate group pair; keeps those that reach a threshold."""
    sets = reps.select("rep", "n_shingles", "shingles")
    a = sets.select(F.col("rep").alias("ra"), F.col("n_shingles").alias("na"),
                    F.col("shingles").alias("sa"))
    b = sets.select(F.col("rep").alias("rb"), F.col("n_shingles").alias("nb"),
                    F.col("shingles").alias("sb"))
    shared = F.size(F.array_intersect("sa", "sb")).cast("double")
    joined = pairs.join(a, "ra").join(b, "rb").select(
        "ra", "rb", "all", "na", "nb", shared.alias("shared"))
    figures = joined.select(
        "ra", "rb", "all", "na", "nb", "shared",
        (F.col("shared") / (F.col("na") + F.col("nb") - F.col("shared"))).alias("jaccard"),
        (F.col("shared") / F.col("na")).alias("a_in_b"),
        (F.col("shared") / F.col("nb")).alias("b_in_a"))
    keep = (F.col("shared") > 0) & (F.col("jaccard") >= F.lit(threshold))
    if containment is not None:
        t = F.lit(containment)
        keep = keep | ((F.col("a_in_b") >= t) & (F.col("na") >= MIN_CONTAINED_SHINGLES)) \
            | ((F.col("b_in_a") >= t) & (F.col("nb") >= MIN_CONTAINED_SHINGLES))
    return figures.where(keep).drop("na", "nb", "shared")


def document_pairs(verified, within, members):
    """Group pairs expanded to the document pairs `copydesk dedup` reports, `a < b`."""
    ma = members.select(F.col("rep").alias("ra"), F.col("doc").alias("da"))
    mb = members.select(F.col("rep").alias("rb"), F.col("doc").alias("db"))
    full = verified.where("all").join(ma, "ra").join(mb, "rb")
    first = verified.where("NOT all").withColumn("da", F.col("ra")).join(mb, "rb")
    across = full.unionByName(first).select(
        F.least("da", "db").alias("a"), F.greatest("da", "db").alias("b"), "jaccard",
        F.when(F.col("da") < F.col("db"), F.col("a_in_b")).otherwise(F.col("b_in_a"))
        .alias("containment_a_in_b"),
        F.when(F.col("da") < F.col("db"), F.col("b_in_a")).otherwise(F.col("a_in_b"))
        .alias("containment_b_in_a"))
    ones = [F.lit(1.0).alias(c)
            for c in ("jaccard", "containment_a_in_b", "containment_b_in_a")]
    x = members.select("rep", F.col("doc").alias("a"))
    y = members.select("rep", F.col("doc").alias("b"))
    # A group of at most `cap` copies pairs all of them; a larger one (in buckets
    # over the cap only) pairs its first copy with each other: linear, not quadratic.
    every = within.where("all").join(x, "rep").join(y, "rep").where("a < b") \
        .select("a", "b", *ones)
    to_first = within.where("NOT all").join(y, "rep").where("b != rep") \
        .select(F.col("rep").alias("a"), "b", *ones)
    inside = every.unionByName(to_first)
    return across.unionByName(inside).dropDuplicates(["a", "b"])


# --- stage 5: connected components --------------------------------------------------


def undirected(edges):
    return edges.select(F.least("u", "v").alias("u"), F.greatest("u", "v").alias("v")) \
        .where("u != v").distinct()


def large_star(edges):
    """Each node's larger neighbours are linked to the smallest of its neighbourhood."""
    both = edges.unionByName(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    low = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return undirected(both.join(low, "u").where("v > u")
                      .select(F.col("v").alias("u"), F.col("m").alias("v")))


def small_star(edges):
    """Each node and its smaller neighbours are linked to the smallest of them."""
    down = edges.select(F.col("v").alias("u"), F.col("u").alias("v"))  # u > v
    low = down.groupBy("u").agg(F.min("v").alias("m"))
    linked = down.join(low, "u").select(F.col("v").alias("u"), F.col("m").alias("v")) \
        .unionByName(low.select("u", F.col("m").alias("v")))
    return undirected(linked)


def components(pairs, max_iterations):
    """(doc, cluster) with cluster the smallest document of the component; converged
    when a round of large-star then small-star leaves the edge set unchanged."""
    edges = undirected(pairs.select(F.col("a").alias("u"), F.col("b").alias("v"))) \
        .checkpoint()
    for round_ in range(1, max_iterations + 1):
        changed_edges = small_star(large_star(edges)).checkpoint()
        changed = changed_edges.exceptAll(edges).count() + edges.exceptAll(changed_edges).count()
        edges = changed_edges
        log(f"components: round {round_}, {changed} edges changed")
        if changed == 0:
            break
    else:
        raise RuntimeError(f"components did not converge in {max_iterations} rounds")
    # A star now: every edge joins a node to its component's smallest node.
    return edges.select(F.col("v").alias("doc"), F.col("u").alias("cluster")) \
        .unionByName(edges.select(F.col("u").alias("doc"), F.col("u").alias("cluster"))) \
        .groupBy("doc").agg(F.min("cluster").alias("cluster"))


def representatives(labels, documents, keep):
    """The member each cluster keeps: first, or most / fewest words (ties: first)."""
    words = labels.join(documents.select("doc", "words"), "doc")
    order = {"first": F.struct(F.col("doc")),
             "longest": F.struct(-F.col("words"), F.col("doc")),
             "shortest": F.struct(F.col("words"), F.col("doc"))}[keep]
    chosen = words.groupBy("cluster").agg(F.min(order).alias("o")) \
        .select("cluster", F.col("o.doc").alias("representative"))
    return labels.join(chosen, "cluster")


# --- the job -----------------------------------------------------------------------


def main(argv):
    args = parse_args(argv)
    out = os.path.abspath(args.output)
    os.makedirs(out, exist_ok=True)
    spark = SparkSession.builder.appName("copydesk-dedup").getOrCreate()
    # copydesk reads zstd Parquet (the codec its own shards use), not snappy.
    spark.conf.set("spark.sql.parquet.compression.codec", "zstd")
    spark.sparkContext.setCheckpointDir(os.path.join(out, "_checkpoints"))
    started, stages = time.time(), {}

    def stage(name):
        stages[name] = round(time.time() - started, 1)
        log(f"{name} done at {stages[name]} s")

    if args.sketches:
        header, sketches, empty_uncounted = read_sketches(spark, args.sketches)
    else:
        header, sketches, empty_uncounted = sketch_input(spark, args, out)
    sketches, malformed = drop_malformed(spark, sketches, out)
    stage("sketch")
    documents = sketches.select("doc", "id", F.coalesce("words", F.lit(0)).alias("words"))
    documents.write.mode("overwrite").parquet(os.path.join(out, "documents"))
    documents = spark.read.parquet(os.path.join(out, "documents"))
    counts = sketches.agg(F.count(F.lit(1)).alias("rows"),
                          F.sum(F.when(F.col("n_shingles") == 0, 1).otherwise(0))
                          .alias("empty"), F.max("doc").alias("last")).first()
    empty = (counts["empty"] or 0) + empty_uncounted
    total = max(counts["rows"] + empty_uncounted, (counts["last"] or -1) + 1)

    present = sketches.where("n_shingles > 0")
    members, reps = exact_groups(present)
    reps = reps.checkpoint()
    entries = band_entries(reps, header["bands"])
    buckets = bucket_stats(entries).checkpoint()
    histogram = log_histogram(buckets)
    hot = buckets.where(F.col("size") > args.bucket_cap).orderBy(F.desc("size"))
    hot.write.mode("overwrite").parquet(os.path.join(out, "hot_buckets"))
    hot_count = spark.read.parquet(os.path.join(out, "hot_buckets")).count()
    log(f"{hot_count} bucket(s) over {args.bucket_cap} documents, linked to their first "
        f"member only (OUT/hot_buckets)")
    stage("bands")

    pairs, within = candidates(entries, buckets, args.bucket_cap)
    pairs = pairs.checkpoint()
    candidate_count, verification_bytes = candidate_costs(pairs, reps)
    verified = verify(pairs, reps, args.threshold, args.containment)
    doc_pairs = document_pairs(verified, within, members).join(
        documents.select(F.col("doc").alias("a"), F.col("id").alias("a_id")), "a").join(
        documents.select(F.col("doc").alias("b"), F.col("id").alias("b_id")), "b").select(
        "a", "b", "a_id", "b_id", "jaccard", "containment_a_in_b", "containment_b_in_a")
    doc_pairs.write.mode("overwrite").parquet(os.path.join(out, "pairs"))
    doc_pairs = spark.read.parquet(os.path.join(out, "pairs"))
    stage("verify")

    labels = components(doc_pairs, args.max_iterations)
    clusters = representatives(labels, documents, args.keep).join(
        documents.select("doc", "id"), "doc").select("doc", "id", "cluster",
                                                    "representative")
    clusters.write.mode("overwrite").parquet(os.path.join(out, "clusters"))
    stage("components")

    summary = {
        "sketch": header, "threshold": args.threshold, "containment": args.containment,
        "documents": total, "empty": empty, "keep": args.keep,
        "bucket_cap": args.bucket_cap, "candidate_group_pairs": candidate_count,
        "verification_bytes": verification_bytes,
        "pairs": doc_pairs.count(), "hot_buckets": hot_count,
        "bucket_histogram": histogram, "stage_seconds": stages, "malformed": malformed,
    }
    with open(os.path.join(out, "_copydesk.json"), "w") as f:
        json.dump(summary, f, indent=2)
    shutil.rmtree(os.path.join(out, "_checkpoints"), ignore_errors=True)
    log(f"{total} documents, {summary['pairs']} pairs; wrote {out}")
    spark.stop()
    if malformed:
        # As `copydesk dedup`: the records read are compared, the status says some
        # were not.
        log(f"{malformed} record(s) skipped")
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
