package dev.itsm.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Prints lines to the console and keeps them for the raw output file. */
final class Tee {
  private final PrintStream console;
  private final StringBuilder kept = new StringBuilder();

  Tee(PrintStream console) {
    this.console = console;
  }

  void line(String format, Object... args) {
    String text = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    console.println(text);
    console.flush();
    kept.append(text).append('\n');
  }

  String text() {
    return kept.toString();
  }

  /** Writes everything printed so far to the file, creating its directory. */
  void writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, kept, StandardCharsets.UTF_8);
  }
}
