package org.minqing.jobs.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Where models live: {@code <dir>/<version>/model.bin.gz} (the weights), {@code model.json}
 * (training data hash, settings, cross-validated metrics), {@code evaluation.md} (the same for
 * people), and {@code <dir>/CURRENT} naming the version later runs load. Versions are never
 * overwritten with different content: a version is a hash of its training data and settings.
 */
public final class ClassifierStore {
  private final Path dir;

  public ClassifierStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The version CURRENT names, or null when no model was trained yet. */
  public String currentVersion() {
    Path cur = dir.resolve("CURRENT");
    try {
      return Files.isRegularFile(cur) ? Files.readString(cur).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a model: a version in this store, a version folder, or null for CURRENT. */
  public ClassifierModel load(String versionOrPath) {
    Path folder;
    if (versionOrPath == null) {
      String v = currentVersion();
      if (v == null) {
        throw new IllegalStateException("No classifier in " + dir + ": run `minqing train-classifier` first (or set classify.training in the config so nightly trains one)");
      }
      folder = dir.resolve(v);
    } else if (Files.isDirectory(Path.of(versionOrPath))) {
      folder = Path.of(versionOrPath);
    } else {
      folder = dir.resolve(versionOrPath);
    }
    Path bin = folder.resolve("model.bin.gz");
    if (!Files.isRegularFile(bin)) {
      throw new IllegalArgumentException("No model at " + bin + "; known versions are the folders of " + dir);
    }
    try (InputStream in = Files.newInputStream(bin)) {
      return ClassifierModel.read(in, bin.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model " + bin, e);
    }
  }

  public boolean has(String version) {
    return Files.isRegularFile(dir.resolve(version).resolve("model.bin.gz"));
  }

  /** Writes a model with its description and report, then points CURRENT at it (each file atomically). */
  public Path save(ClassifierModel m, Map<String, Object> description, String report) {
    Path folder = dir.resolve(m.version());
    try {
      Files.createDirectories(folder);
      Path tmp = folder.resolve("model.bin.gz.tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        m.write(out);
      }
      Files.move(tmp, folder.resolve("model.bin.gz"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      atomicWrite(folder.resolve("model.json"), om.writeValueAsString(description) + "\n");
      atomicWrite(folder.resolve("evaluation.md"), report);
      atomicWrite(dir.resolve("CURRENT"), m.version() + "\n");
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the model to " + folder, e);
    }
  }

  static void atomicWrite(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
