package org.minqing.jobs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake on any Hadoop file system (local disk, HDFS): {@code <lake>/<table>/<part>=<value>/}.
 *
 * <p>Writes are staged and committed per partition: a job writes a table under
 * {@code _staging/<run>/<table>/}, then {@link #commit} moves each staged partition in with a
 * rename (atomic on local disks and HDFS); a partition being replaced is first moved to
 * {@code _trash/<run>/}, so a crash between the two renames leaves the old partition recoverable
 * ({@link #recover}). Part files are renamed to {@code part-00000.snappy.parquet}, ... so that the
 * same input gives the same file names; checksum and marker files are dropped.
 */
public final class Lake {
  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

  private final Path root;
  private final FileSystem fs;

  public Lake(String root, Configuration hadoopConf) {
    try {
      Path p = new Path(root);
      FileSystem f = p.getFileSystem(hadoopConf);
      // On local disks, move files without Hadoop's .crc side files (they would follow every rename).
      this.fs = f instanceof LocalFileSystem l ? l.getRaw() : f;
      this.root = fs.makeQualified(p);
      fs.mkdirs(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the lake at " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  public FileSystem fs() {
    return fs;
  }

  public Path table(String name) {
    return new Path(root, name);
  }

  public boolean hasTable(String name) {
    try {
      Path t = table(name);
      if (!fs.exists(t)) {
        return false;
      }
      for (FileStatus s : fs.listStatus(t)) {
        if (s.isDirectory() && s.getPath().getName().contains("=")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The partition values of a table (e.g. {@code 2026-08-01}), sorted; empty when the table does not exist. */
  public List<String> partitions(String table) {
    List<String> out = new ArrayList<>();
    try {
      Path t = table(table);
      if (!fs.exists(t)) {
        return out;
      }
      for (FileStatus f : fs.listStatus(t, p -> p.getName().contains("="))) {
        String n = f.getPath().getName();
        out.add(n.substring(n.indexOf('=') + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  public Path staging(String runId, String table) {
    return new Path(new Path(new Path(root, "_staging"), runId), table);
  }

  /**
   * "source|sha256" of every input file a finished run ingested (from {@code _runs/*.json}; a run
   * that failed wrote no manifest, so its files count as not ingested).
   */
  public java.util.Set<String> ingestedFiles() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    try {
      if (!fs.exists(runs())) {
        return out;
      }
      com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
      for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(runs())) {
        if (!st.getPath().getName().endsWith(".json")) {
          continue;
        }
        try (var in = fs.open(st.getPath())) {
          com.fasterxml.jackson.databind.JsonNode inputs = om.readTree(in).path("inputs");
          for (com.fasterxml.jackson.databind.JsonNode f : inputs) {
            if (f.hasNonNull("sha256") && f.hasNonNull("source")) {
              out.add(f.get("source").asText() + "|" + f.get("sha256").asText());
            }
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the run manifests under " + runs(), e);
    }
  }

  /**
   * A stage's state after the night of {@code dt} ({@code _state/<stage>/<dt>.json}), which the
   * next night's incremental run builds on; null when there is none.
   */
  public com.fasterxml.jackson.databind.JsonNode readState(String stage, String dt) {
    Path f = new Path(new Path(root, "_state/" + stage), dt + ".json");
    try {
      if (!fs.exists(f)) {
        return null;
      }
      try (var in = fs.open(f)) {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f, e);
    }
  }

  /** Writes (replaces) a stage's state after the night of {@code dt}. */
  public void writeState(String stage, String dt, com.fasterxml.jackson.databind.JsonNode state) {
    Path f = new Path(new Path(root, "_state/" + stage), dt + ".json");
    try (var out = fs.create(f, true)) {
      out.write((state.toPrettyString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + f, e);
    }
  }

  public Path runs() {
    return new Path(root, "_runs");
  }

  /**
   * Moves every staged partition of {@code table} into the lake, replacing partitions with the same
   * value. Returns the partition values committed (e.g. {@code 2026-08-01}), sorted.
   */
  public List<String> commit(String runId, String table) {
    Path staged = staging(runId, table);
    Path target = table(table);
    Path trash = new Path(new Path(new Path(root, "_trash"), runId), table);
    List<String> done = new ArrayList<>();
    try {
      if (!fs.exists(staged)) {
        return done;
      }
      fs.mkdirs(target);
      FileStatus[] parts = fs.listStatus(staged, p -> p.getName().contains("="));
      Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus part : parts) {
        tidy(part.getPath());
        Path dest = new Path(target, part.getPath().getName());
        if (fs.exists(dest)) {
          fs.mkdirs(trash);
          if (!fs.rename(dest, new Path(trash, dest.getName()))) {
            throw new IOException("Could not move " + dest + " to " + trash);
          }
        }
        if (!fs.rename(part.getPath(), dest)) {
          throw new IOException("Could not move " + part.getPath() + " to " + dest);
        }
        String n = part.getPath().getName();
        done.add(n.substring(n.indexOf('=') + 1));
      }
      fs.delete(new Path(new Path(root, "_trash"), runId), true);
      fs.delete(new Path(new Path(root, "_staging"), runId), true);
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException("Committing " + table + " of run " + runId + " failed; run `minqing` again to recover from " + trash, e);
    }
  }

  /** Deterministic part names; drop .crc, _SUCCESS and other non-data files. */
  private void tidy(Path partition) throws IOException {
    FileStatus[] files = fs.listStatus(partition);
    Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
    int i = 0;
    for (FileStatus f : files) {
      String n = f.getPath().getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        fs.delete(f.getPath(), false);
        continue;
      }
      String ext = n.endsWith(".snappy.parquet") ? ".snappy.parquet" : n.endsWith(".parquet") ? ".parquet" : "";
      Path to = new Path(partition, String.format("part-%05d%s", i++, ext));
      if (!to.equals(f.getPath()) && !fs.rename(f.getPath(), to)) {
        throw new IOException("Could not rename " + f.getPath() + " to " + to);
      }
    }
  }

  /** Puts back partitions a crashed commit left in {@code _trash} and drops abandoned staging. */
  public void recover() {
    try {
      Path trash = new Path(root, "_trash");
      if (fs.exists(trash)) {
        for (FileStatus run : fs.listStatus(trash)) {
          for (FileStatus table : fs.listStatus(run.getPath())) {
            for (FileStatus part : fs.listStatus(table.getPath())) {
              Path dest = new Path(table(table.getPath().getName()), part.getPath().getName());
              if (!fs.exists(dest)) {
                fs.rename(part.getPath(), dest);
                LOG.warn("Recovered partition {} left by an interrupted run", dest);
              }
            }
          }
        }
        fs.delete(trash, true);
      }
      Path staging = new Path(root, "_staging");
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not recover the lake at " + root, e);
    }
  }
}
