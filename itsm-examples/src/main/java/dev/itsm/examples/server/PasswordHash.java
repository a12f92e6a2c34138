package dev.itsm.examples.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password stored as a salted PBKDF2 hash (HMAC-SHA256), never as text. Each hash has its own
 * random salt; {@link #matches} compares in constant time.
 */
public final class PasswordHash {
  /** Iterations used by {@link #of(char[])}. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  /** Fewest iterations accepted. */
  public static final int MIN_ITERATIONS = 100_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] salt;
  private final byte[] hash;
  private final int iterations;

  private PasswordHash(byte[] salt, byte[] hash, int iterations) {
    this.salt = salt;
    this.hash = hash;
    this.iterations = iterations;
  }

  /** Hashes the password with a new random salt and {@link #DEFAULT_ITERATIONS}. */
  public static PasswordHash of(char[] password) {
    return of(password, DEFAULT_ITERATIONS);
  }

  /** Hashes the password with a new random salt and the given iterations (at least {@link #MIN_ITERATIONS}). */
  public static PasswordHash of(char[] password, int iterations) {
    Objects.requireNonNull(password, "password");
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("PBKDF2 iterations must be at least " + MIN_ITERATIONS + ", but are " + iterations);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(salt, derive(password, salt, iterations), iterations);
  }

  /** Whether the password is the one hashed; the comparison takes the same time wherever they differ. */
  public boolean matches(char[] password) {
    Objects.requireNonNull(password, "password");
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  /** Iterations of this hash. */
  public int iterations() {
    return iterations;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Expected the JDK to provide " + ALGORITHM + ", but it failed: " + e.getMessage(), e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Does not reveal the hash or salt. */
  @Override
  public String toString() {
    return "PasswordHash[" + ALGORITHM + ", " + iterations + " iterations]";
  }
}
