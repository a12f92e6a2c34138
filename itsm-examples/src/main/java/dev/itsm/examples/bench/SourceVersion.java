package dev.itsm.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit the benchmark runs from, when git is at hand; for the output header only. */
final class SourceVersion {
  private SourceVersion() {}

  static String describe() {
    try {
      Process git = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
          .redirectErrorStream(true).start();
      String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!git.waitFor(5, TimeUnit.SECONDS) || git.exitValue() != 0) {
        return "unknown";
      }
      return "git " + text;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
