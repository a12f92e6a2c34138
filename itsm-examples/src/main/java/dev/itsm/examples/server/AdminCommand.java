package dev.itsm.examples.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.Roles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ExampleServer create-admin <id> [database options]}: adds an administrator to the server's
 * users, e.g. the first one of a server started with {@code --demo false} (which has no users and no
 * default password). The password comes from the environment variable {@value #PASSWORD_VARIABLE}
 * or, if that is unset, the first line of standard input; it must have at least
 * {@value #MIN_PASSWORD_LENGTH} characters and differ from the id and the demo password. An id that
 * exists already is refused. Exit code 0 on success, 1 when refused, 2 for wrong arguments.
 */
final class AdminCommand {
  /** The command's name, the first argument of {@code main}. */
  static final String NAME = "create-admin";
  /** Environment variable with the new administrator's password. */
  static final String PASSWORD_VARIABLE = "ITSM_ADMIN_PASSWORD";
  /** Fewest characters of a password. */
  static final int MIN_PASSWORD_LENGTH = 12;

  private AdminCommand() {}

  /** Runs the command; returns the exit code and reports on {@code out} or {@code err}. */
  static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].startsWith("--")) {
      err.println("Expected the new administrator's id after " + NAME + ", e.g. '" + NAME + " ops-admin', but there is none");
      return 2;
    }
    String id = args[0];
    ServerSettings settings;
    try {
      settings = ServerSettings.parse(Arrays.copyOfRange(args, 1, args.length), env);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    char[] password = password(env, stdin);
    try {
      String weakness = weakness(id, password);
      if (weakness != null) {
        err.println("Refused: " + weakness + "; the administrator was not created");
        return 1;
      }
      try (HikariDataSource pool = settings.dataSource(2)) {
        ServerSchema.migrate(pool);
        UserStore users = new UserStore(pool, Clock.systemUTC());
        if (users.exists(id)) {
          err.println("Refused: a user '" + id + "' exists already; the administrator was not created");
          return 1;
        }
        users.add(id, PasswordHash.of(password), List.of(Roles.ADMIN), List.of());
      } catch (IllegalArgumentException e) {
        err.println("Refused: " + e.getMessage());
        return 1;
      }
      out.println("Created administrator '" + id + "' in " + settings.databaseDescription());
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static char[] password(Map<String, String> env, InputStream stdin) {
    String fromEnv = env.get(PASSWORD_VARIABLE);
    if (fromEnv != null) {
      return fromEnv.toCharArray();
    }
    try {
      String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      return line == null ? new char[0] : line.toCharArray();
    } catch (IOException e) {
      return new char[0];
    }
  }

  /** Why the password is too weak, or {@code null}. */
  static String weakness(String id, char[] password) {
    String text = new String(password);
    if (text.isBlank()) {
      return "the password is empty; set " + PASSWORD_VARIABLE + " or give it on standard input";
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      return "the password has " + password.length + " characters, but needs at least " + MIN_PASSWORD_LENGTH;
    }
    if (text.equalsIgnoreCase(id)) {
      return "the password is the user id";
    }
    if (text.chars().distinct().count() < 5) {
      return "the password has fewer than 5 different characters";
    }
    return null;
  }
}
