package dev.itsm.examples.server;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A password stored as a salted Argon2id hash (Bouncy Castle), never as text. Each hash has its own
 * random salt; {@link #matches} compares in constant time. {@link #encoded()} is the PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}) kept in the database and read back by
 * {@link #parse(String)}.
 */
public final class PasswordHash {
  /** Memory of {@link #of(char[])} in KiB (19 MiB, as OWASP recommends for Argon2id). */
  public static final int MEMORY_KIB = 19_456;
  /** Passes of {@link #of(char[])}. */
  public static final int ITERATIONS = 2;
  /** Lanes of {@link #of(char[])}. */
  public static final int PARALLELISM = 1;
  /** Least memory accepted by {@link #parse(String)}, in KiB. */
  public static final int MIN_MEMORY_KIB = 8_192;

  private static final String PREFIX = "$argon2id$v=19$";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final byte[] salt;
  private final byte[] hash;
  private final int memoryKib;
  private final int iterations;
  private final int parallelism;

  private PasswordHash(byte[] salt, byte[] hash, int memoryKib, int iterations, int parallelism) {
    this.salt = salt;
    this.hash = hash;
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  /** Hashes the password with a new random salt and the default cost ({@link #MEMORY_KIB}, {@link #ITERATIONS}). */
  public static PasswordHash of(char[] password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(salt, derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES),
        MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  /**
   * Reads a hash written by {@link #encoded()}; fails with an {@link IllegalArgumentException} for
   * anything else, including Argon2id with less than {@link #MIN_MEMORY_KIB} of memory.
   */
  public static PasswordHash parse(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (!encoded.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Expected an Argon2id hash starting with " + PREFIX + ", but it starts otherwise");
    }
    String[] parts = encoded.substring(PREFIX.length()).split("\\$");
    if (parts.length != 3) {
      throw new IllegalArgumentException("Expected an Argon2id hash as " + PREFIX + "m=..,t=..,p=..$salt$hash, but it has "
          + parts.length + " parts after the version");
    }
    int memory = -1;
    int iterations = -1;
    int parallelism = -1;
    for (String parameter : parts[0].split(",")) {
      int equals = parameter.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("Expected Argon2id parameters as m=..,t=..,p=.., but got '" + parts[0] + "'");
      }
      int value = number(parameter.substring(equals + 1));
      switch (parameter.substring(0, equals)) {
        case "m" -> memory = value;
        case "t" -> iterations = value;
        case "p" -> parallelism = value;
        default -> throw new IllegalArgumentException("Expected Argon2id parameters m, t and p, but got '" + parameter + "'");
      }
    }
    if (memory < MIN_MEMORY_KIB || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("Expected Argon2id with m >= " + MIN_MEMORY_KIB + ", t >= 1 and p >= 1, but got '"
          + parts[0] + "'");
    }
    try {
      byte[] salt = B64_DECODER.decode(parts[1]);
      byte[] hash = B64_DECODER.decode(parts[2]);
      if (salt.length < 8 || hash.length < 16) {
        throw new IllegalArgumentException("Expected an Argon2id salt of at least 8 and a hash of at least 16 bytes, but got "
            + salt.length + " and " + hash.length);
      }
      return new PasswordHash(salt, hash, memory, iterations, parallelism);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Expected")) {
        throw e;
      }
      throw new IllegalArgumentException("Expected the Argon2id salt and hash in base64, but they are malformed");
    }
  }

  /** Whether the password is the one hashed; the comparison takes the same time wherever they differ. */
  public boolean matches(char[] password) {
    Objects.requireNonNull(password, "password");
    return MessageDigest.isEqual(hash, derive(password, salt, memoryKib, iterations, parallelism, hash.length));
  }

  /** The PHC string of this hash, as stored in the database. */
  public String encoded() {
    return PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  /** Memory cost in KiB. */
  public int memoryKib() {
    return memoryKib;
  }

  /** Passes over the memory. */
  public int iterations() {
    return iterations;
  }

  private static byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Expected a number as Argon2id parameter, but got '" + text + "'");
    }
  }

  /** Does not reveal the hash or salt. */
  @Override
  public String toString() {
    return "PasswordHash[Argon2id, m=" + memoryKib + ", t=" + iterations + ", p=" + parallelism + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash that && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash)
        && memoryKib == that.memoryKib && iterations == that.iterations && parallelism == that.parallelism;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }
}
