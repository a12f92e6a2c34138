package dev.itsm.examples.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driving the web console, from the machine's Debian packages
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}); nothing is downloaded. Each browser
 * gets a fresh profile directory, removed on close. Screenshots go to {@code target/screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("itsm.test.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("itsm.test.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts the browser; fails (never skips) with how to install Chromium when the packages are missing.
   */
  static ConsoleBrowser start() {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        throw new AssertionError("Expected " + binary + " for the web console's browser tests, but it is missing. Install"
            + " Chromium and its driver from the Debian packages: apt-get install -y -q chromium chromium-driver"
            + " (or point -Ditsm.test.chromium and -Ditsm.test.chromedriver at them)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("itsm-console-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(new File("target/chromedriver.log"))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1440,1200", "--lang=en-GB");
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    try {
      return new ConsoleBrowser(service, new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits until the condition holds (a non-null, non-false value) and returns it. */
  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("failed");
      String body = String.valueOf(script("return document.body ? document.body.innerText : ''"));
      throw new AssertionError("Expected " + what + " within " + WAIT.toSeconds() + " s, but it did not come; the page at "
          + driver.getCurrentUrl() + " shows:\n" + body.substring(0, Math.min(body.length(), 2000))
          + "\nbrowser log: " + driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll(), e);
    }
  }

  /** Waits for an element to be present and returns it. */
  WebElement waitFor(By locator) {
    return waitFor("element " + locator, d -> {
      List<WebElement> found = d.findElements(locator);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** Waits until the element's text contains the fragment; returns the text. */
  String waitForText(By locator, String fragment) {
    return waitFor("text '" + fragment + "' in " + locator, d -> {
      List<WebElement> found = d.findElements(locator);
      String text = found.isEmpty() ? null : found.get(0).getText();
      return text != null && text.contains(fragment) ? text : null;
    });
  }

  WebElement find(By locator) {
    return driver.findElement(locator);
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves a screenshot of the page as target/screenshots/{name}.png and returns its path. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Script errors and Content-Security-Policy violations the page logged since the last call (failed
   * requests, such as the 401 of a visitor without a session, are left out: the pages handle them).
   */
  List<String> scriptErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(entry -> entry.getMessage())
        .filter(message -> !message.contains("Failed to load resource"))
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temp directory harms nothing
    }
  }
}
