package dev.itsm.examples.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.examples.server.WebhookStore.Delivery;
import dev.itsm.examples.server.WebhookStore.DeliveryState;
import dev.itsm.examples.server.WebhookStore.Due;
import dev.itsm.examples.server.WebhookStore.Webhook;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks of the example server: administrators register a URL for chosen event types, and every
 * matching {@link DomainEvent} is POSTed to it as signed JSON, retried with exponential back-off and
 * recorded as a delivery (PENDING, DELIVERED or FAILED). See {@code docs/example-server.md},
 * "Webhooks".
 *
 * <p>It is an {@link ItsmPlugin}: give it to the engine builder ({@code builder.plugin(webhooks)}),
 * which registers its event listener, then {@link #start(ItsmEngine)} it on the built engine before
 * the engine does any work. The listener records one delivery per matching webhook in the server's
 * tables (an event delivered again by the engine, which delivers at least once, records nothing new)
 * and wakes the sender; the sender runs on a background thread that also looks for due retries
 * every {@link Settings#pollInterval()}, and {@link #deliverDue()} runs it on the calling thread.
 * Times (attempts, back-off, the signature's timestamp) come from the engine's clock.
 *
 * <p>The sender assumes one server per database: two servers on one database would both send a
 * retry that is due.
 */
public final class Webhooks implements ItsmPlugin, AutoCloseable {
  /** Header naming the event type, e.g. {@code incident.opened}. */
  public static final String EVENT_HEADER = "X-Itsm-Event";
  /** Header with the delivery id, the same on every attempt of a delivery. */
  public static final String DELIVERY_HEADER = "X-Itsm-Delivery";
  /** Header with the attempt's time in seconds since the epoch, part of the signed text. */
  public static final String TIMESTAMP_HEADER = "X-Itsm-Timestamp";
  /** Header {@code sha256=<hex>}: HMAC-SHA256 with the webhook's secret over {@code <timestamp>.<body>}. */
  public static final String SIGNATURE_HEADER = "X-Itsm-Signature";
  /** Wildcard for every event type. */
  public static final String ALL_EVENTS = "*";

  static final int MAX_URL_LENGTH = 2000;
  static final int MAX_DESCRIPTION_LENGTH = 500;
  static final int MIN_SECRET_LENGTH = 16;
  static final int MAX_SECRET_LENGTH = 200;
  static final int MAX_EVENT_PATTERNS = 100;
  private static final int DUE_BATCH = 50;
  private static final int MAX_ERROR_LENGTH = 2000;
  private static final int RESPONSE_EXCERPT = 200;
  private static final String USER_AGENT = "itsm-example-server-webhooks";
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Every event type of {@link EventTypes}, sorted. */
  static final Set<String> EVENT_TYPES = eventTypes();
  /** The part before the dot of every event type ({@code incident}, {@code sla}...), sorted. */
  static final Set<String> EVENT_CATEGORIES = categories(EVENT_TYPES);

  private final Settings settings;
  private final JsonCodec json = new JsonCodec();
  private final Object sending = new Object();
  /** Whether a run of the sender is queued on the background thread and has not begun. */
  private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Bound bound;
  private volatile boolean closed;

  /** Webhooks with the {@link Settings#defaults() default settings}. */
  public Webhooks() {
    this(Settings.defaults());
  }

  /** Webhooks with the given retry schedule, timeouts and poll interval. */
  public Webhooks(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The retry schedule and timing of deliveries. Attempt {@code n} (from 1) that fails is retried
   * after {@code firstRetry * 2^(n-1)}, at most {@code maxRetry}; after {@code maxAttempts} failed
   * attempts the delivery is FAILED.
   *
   * @param maxAttempts    attempts of a delivery before it is FAILED (1 to 50)
   * @param firstRetry     wait after the first failed attempt (positive)
   * @param maxRetry       longest wait between attempts (not below {@code firstRetry})
   * @param requestTimeout how long one attempt may take to connect and to answer (positive)
   * @param pollInterval   how often (real time) the background sender looks for due retries;
   *                       {@code null} for never (then only new events, retries by hand and
   *                       {@link #deliverDue()} send)
   */
  public record Settings(int maxAttempts, Duration firstRetry, Duration maxRetry, Duration requestTimeout,
                         Duration pollInterval) {
    /** Checks the values. */
    public Settings {
      if (maxAttempts < 1 || maxAttempts > 50) {
        throw new IllegalArgumentException("Expected maxAttempts from 1 to 50, but it is " + maxAttempts);
      }
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException("Expected 0 < firstRetry <= maxRetry, but they are " + firstRetry + " and " + maxRetry);
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("Expected a positive requestTimeout, but it is " + requestTimeout);
      }
      if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
        throw new IllegalArgumentException("Expected a positive pollInterval or none, but it is " + pollInterval);
      }
    }

    /** 8 attempts, retried after 30 s, 1, 2, 4, 8, 16 and 32 min (at most 1 h); 10 s per request; polled every 5 s. */
    public static Settings defaults() {
      return new Settings(8, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** The wait after attempt {@code attempt} (from 1) failed. */
    public Duration backoff(int attempt) {
      Duration wait = firstRetry.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
      return wait.compareTo(maxRetry) > 0 || wait.isNegative() ? maxRetry : wait;
    }
  }

  /** What {@link #start} binds: the tables, the clock, the HTTP client and the background thread. */
  private record Bound(ItsmEngine engine, WebhookStore store, Clock clock, HttpClient http,
                       ScheduledExecutorService worker) {}

  /** Registers the event listener with the engine being built. */
  @Override
  public void setup(ItsmSetupContext context) {
    context.eventListener(this::onEvent);
  }

  /**
   * Binds the webhooks to the engine's database and clock and starts the background sender; see
   * {@link #start(ItsmEngine, DataSource)}.
   */
  public void start(ItsmEngine engine) {
    start(engine, engine.processEngine().getProcessEngineConfiguration().getDataSource());
  }

  /**
   * Binds the webhooks to the server's tables in {@code dataSource} (created or upgraded first, see
   * {@link ServerSchema}) and to the engine's clock, and starts the background sender. Starting
   * again with the same engine does nothing.
   *
   * @throws IllegalStateException when started with another engine, or closed
   */
  public synchronized void start(ItsmEngine engine, DataSource dataSource) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(dataSource, "dataSource");
    if (closed) {
      throw new IllegalStateException("Expected webhooks that are not closed, but they are");
    }
    if (bound != null) {
      if (bound.engine() != engine) {
        throw new IllegalStateException("Expected to start the webhooks once per engine, but they serve another engine");
      }
      return;
    }
    ServerSchema.migrate(dataSource);
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "itsm-example-webhooks");
      thread.setDaemon(true);
      return thread;
    });
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    bound = new Bound(engine, new WebhookStore(dataSource), engine.clock(), http, worker);
    if (settings.pollInterval() != null) {
      long millis = settings.pollInterval().toMillis();
      worker.scheduleWithFixedDelay(this::deliverDueQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    wake();
  }

  /**
   * Sends every pending delivery that is due at the engine clock's time, on the calling thread, and
   * returns how many attempts it made. The background sender runs the same; calls never overlap.
   * Once {@link #close() closed}, it sends nothing.
   */
  public int deliverDue() {
    Bound b = requireStarted();
    synchronized (sending) {
      int attempts = 0;
      while (true) {
        List<Due> due = b.store().due(now(b), DUE_BATCH);
        for (Due delivery : due) {
          if (closed || Thread.currentThread().isInterrupted()) {
            return attempts;
          }
          attempt(b, delivery);
          attempts++;
        }
        if (due.size() < DUE_BATCH) {
          return attempts;
        }
      }
    }
  }

  /**
   * Stops the background sender after the attempt under way (interrupting it after twice the
   * request timeout); pending deliveries stay pending for the next start.
   */
  @Override
  public void close() {
    Bound b;
    synchronized (this) {
      closed = true;
      b = bound;
    }
    if (b == null) {
      return;
    }
    b.worker().shutdown();
    try {
      if (!b.worker().awaitTermination(settings.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
        b.worker().shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      b.worker().shutdownNow();
    }
  }

  // ------------------------------------------------------------------ events

  /**
   * Records a delivery of the event for each enabled webhook whose patterns match its type. Throws
   * (so that the engine delivers the event again later) when not started or the tables fail.
   */
  void onEvent(DomainEvent event) {
    Bound b = bound;
    if (b == null) {
      throw new IllegalStateException("Expected the webhooks to be started before events arrive, but they are not;"
          + " the event " + event.id() + " is delivered again later");
    }
    String body = null;
    boolean recorded = false;
    for (Webhook webhook : b.store().enabledWebhooks()) {
      if (!matches(webhook.events(), event.type())) {
        continue;
      }
      if (body == null) {
        body = body(event);
      }
      recorded |= b.store().insertDelivery(UUID.randomUUID(), webhook.id(), event.id(), event.type(), event.ticketId(),
          event.ticketNumber(), body, settings.maxAttempts(), now(b));
    }
    if (recorded) {
      wake();
    }
  }

  /** Whether any of the patterns (event types, {@code category.*}, {@code *}) matches the type. */
  static boolean matches(Collection<String> patterns, String type) {
    for (String pattern : patterns) {
      if (pattern.equals(ALL_EVENTS) || pattern.equals(type)
          || (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** The JSON body of an event's deliveries. */
  private String body(DomainEvent event) {
    ObjectNode body = json.mapper().createObjectNode();
    body.put("eventId", event.id().toString());
    body.put("type", event.type());
    body.put("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
    body.put("tenantId", event.tenantId());
    body.put("ticketId", event.ticketId() == null ? null : event.ticketId().toString());
    body.put("ticketNumber", event.ticketNumber());
    body.put("ticketType", event.ticketType() == null ? null : event.ticketType().name());
    body.put("actorId", event.actorId());
    body.set("data", json.mapper().valueToTree(event.data()));
    return new String(json.write(body), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ sending

  /** Queues a run of the sender on the background thread, unless one is queued and has not begun. */
  private void wake() {
    Bound b = bound;
    if (b == null || closed || !wakeQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      b.worker().execute(() -> {
        wakeQueued.set(false);
        deliverDueQuietly();
      });
    } catch (RejectedExecutionException shutDown) {
      // closed meanwhile: the deliveries stay pending for the next start
      wakeQueued.set(false);
    }
  }

  private void deliverDueQuietly() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      LOG.warn("Webhook deliveries could not be sent; they are tried again", e);
    }
  }

  /** One attempt of a delivery: POST, then record the outcome. */
  private void attempt(Bound b, Due delivery) {
    Instant at = now(b);
    String timestamp = Long.toString(at.getEpochSecond());
    Integer status = null;
    String error = null;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
          .timeout(settings.requestTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", USER_AGENT)
          .header(EVENT_HEADER, delivery.eventType())
          .header(DELIVERY_HEADER, delivery.id().toString())
          .header(TIMESTAMP_HEADER, timestamp)
          .header(SIGNATURE_HEADER, "sha256=" + sign(delivery.secret(), timestamp, delivery.body()))
          .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
          .build();
      HttpResponse<InputStream> response = b.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      String excerpt = excerpt(response.body());
      if (status < 200 || status > 299) {
        error = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
      }
    } catch (IOException | IllegalArgumentException e) {
      error = describe(e);
    } catch (InterruptedException e) {
      // stopping: the attempt does not count, the delivery stays as it was
      Thread.currentThread().interrupt();
      return;
    }
    int attempts = delivery.attempts() + 1;
    DeliveryState state;
    Instant next = null;
    if (error == null) {
      state = DeliveryState.DELIVERED;
    } else if (attempts >= delivery.maxAttempts()) {
      state = DeliveryState.FAILED;
      LOG.warn("Webhook delivery {} of {} to {} failed for good after {} attempts: {}", delivery.id(),
          delivery.eventType(), delivery.url(), attempts, error);
    } else {
      state = DeliveryState.PENDING;
      next = at.plus(settings.backoff(attempts));
      LOG.info("Webhook delivery {} of {} to {} failed (attempt {}), next at {}: {}", delivery.id(),
          delivery.eventType(), delivery.url(), attempts, next, error);
    }
    b.store().recordAttempt(delivery.id(), delivery.attempts(), state, status, clip(error, MAX_ERROR_LENGTH), at, next);
  }

  /** Hex of HMAC-SHA256 with the secret over {@code <timestamp>.<body>}. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte x : digest) {
        hex.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
      }
      return hex.toString();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Expected the JDK to provide HmacSHA256, but it does not", e);
    }
  }

  private static String excerpt(InputStream body) {
    try (InputStream in = body) {
      byte[] start = in.readNBytes(RESPONSE_EXCERPT);
      String text = new String(start, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
      return start.length == RESPONSE_EXCERPT ? text + "..." : text;
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(Exception e) {
    StringBuilder text = new StringBuilder();
    Throwable t = e;
    Set<Throwable> seen = new java.util.HashSet<>();
    while (t != null && seen.add(t)) {
      if (!text.isEmpty()) {
        text.append("; caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        text.append(": ").append(t.getMessage());
      }
      t = t.getCause();
    }
    return text.toString();
  }

  // ------------------------------------------------------------------ administration (used by WebhookRoutes)

  /** A new webhook and the secret it signs with, which is shown only here. */
  record Registered(Webhook webhook, String secret) {}

  /**
   * Registers a webhook. {@code secret} may be null (one is generated); {@code enabled} defaults to
   * true.
   */
  Registered register(Actor actor, String url, List<String> events, String description, String secret, Boolean enabled) {
    Bound b = requireStarted();
    String checkedUrl = url(url);
    List<String> patterns = patterns(events);
    String checkedDescription = description(description);
    String checkedSecret = secret == null ? generateSecret() : secret(secret);
    Instant now = now(b);
    Webhook webhook = new Webhook(UUID.randomUUID(), checkedUrl, patterns, checkedDescription, checkedSecret,
        enabled == null || enabled, actor.id(), now, now);
    b.store().insert(webhook);
    return new Registered(webhook, checkedSecret);
  }

  /** Changes the given properties (null leaves one as it is). */
  Webhook update(UUID id, String url, List<String> events, String description, Boolean enabled) {
    Bound b = requireStarted();
    Webhook current = webhook(id);
    Webhook changed = new Webhook(id, url == null ? current.url() : url(url),
        events == null ? current.events() : patterns(events),
        description == null ? current.description() : description(description), current.secret(),
        enabled == null ? current.enabled() : enabled, current.createdBy(), current.createdAt(), now(b));
    if (!b.store().update(changed)) {
      throw notFound(id);
    }
    if (changed.enabled() && !current.enabled()) {
      wake();
    }
    return changed;
  }

  /** Deletes the webhook and its deliveries. */
  void delete(UUID id) {
    if (!requireStarted().store().delete(id)) {
      throw notFound(id);
    }
  }

  Webhook webhook(UUID id) {
    return requireStarted().store().webhook(id).orElseThrow(() -> notFound(id));
  }

  List<Webhook> webhooks() {
    return requireStarted().store().webhooks();
  }

  /** A page of the webhook's deliveries in the states (all when empty), newest first, and their total. */
  Views.PageOf<Delivery> deliveries(UUID webhookId, Collection<DeliveryState> states, int offset, int limit) {
    WebhookStore store = requireStarted().store();
    webhook(webhookId);
    return new Views.PageOf<>(store.deliveries(webhookId, states, offset, limit),
        store.countDeliveries(webhookId, states), offset, limit);
  }

  Delivery delivery(UUID webhookId, UUID id) {
    webhook(webhookId);
    return requireStarted().store().delivery(webhookId, id).orElseThrow(() -> deliveryNotFound(webhookId, id));
  }

  /** The JSON body of a delivery. */
  String deliveryBody(UUID id) {
    return requireStarted().store().body(id).orElse("null");
  }

  /**
   * Puts a FAILED delivery back in line for one more attempt now (the sender is woken); a delivery
   * in another state is a conflict.
   */
  Delivery retry(UUID webhookId, UUID id) {
    Bound b = requireStarted();
    Delivery delivery = delivery(webhookId, id);
    if (!b.store().retry(webhookId, id, now(b))) {
      Delivery current = delivery(webhookId, id);
      throw new WebhookConflictException("Expected a FAILED delivery to retry, but delivery " + id + " is "
          + current.state() + (current.state() == DeliveryState.PENDING ? " (it is retried at " + current.nextAttemptAt()
          + ")" : ""));
    }
    wake();
    return delivery(webhookId, delivery.id());
  }

  // ------------------------------------------------------------------ validation

  static String url(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("url", "Expected url to be an http or https URL, but it is missing");
    }
    String value = text.trim();
    if (value.length() > MAX_URL_LENGTH) {
      throw new InvalidValueException("url", "Expected url of at most " + MAX_URL_LENGTH + " characters, but it has "
          + value.length());
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidValueException("url", "Expected url to be an http or https URL, but it is malformed: "
          + e.getReason());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new InvalidValueException("url", "Expected url to be an absolute http or https URL, but it "
          + (scheme == null ? "has no scheme" : "has the scheme '" + uri.getScheme() + "'"));
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidValueException("url", "Expected url to name a host, but '" + clip(value, 80) + "' names none");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidValueException("url", "Expected url without user name or password, but it has them;"
          + " receivers check the signature instead");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidValueException("url", "Expected url without a fragment (#...), but it has one");
    }
    try {
      HttpRequest.newBuilder(uri);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("url", "Expected url to be usable for HTTP requests, but it is not: " + e.getMessage());
    }
    return value;
  }

  /** The event patterns, trimmed, lower case, without duplicates, in the order given. */
  static List<String> patterns(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw new InvalidInputException("events", "Expected events to list at least one event type (or a wildcard like"
          + " incident.* or *), but it is " + (events == null ? "missing" : "empty"));
    }
    if (events.size() > MAX_EVENT_PATTERNS) {
      throw new InvalidValueException("events", "Expected at most " + MAX_EVENT_PATTERNS + " event types, but there are "
          + events.size());
    }
    Set<String> patterns = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      String field = "events[" + i + "]";
      String text = events.get(i);
      if (text == null || text.isBlank()) {
        throw new InvalidInputException(field, "Expected " + field + " to be an event type, but it is "
            + (text == null ? "null" : "blank"));
      }
      String pattern = text.trim().toLowerCase(Locale.ROOT);
      boolean known = pattern.equals(ALL_EVENTS) || EVENT_TYPES.contains(pattern)
          || (pattern.endsWith(".*") && EVENT_CATEGORIES.contains(pattern.substring(0, pattern.length() - 2)));
      if (!known) {
        throw new InvalidValueException(field, "Expected " + field + " to be one of the event types " + EVENT_TYPES
            + ", a category wildcard " + EVENT_CATEGORIES.stream().map(c -> c + ".*").toList() + " or *, but it is '"
            + clip(text, 80) + "'");
      }
      patterns.add(pattern);
    }
    return List.copyOf(patterns);
  }

  private static String description(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.trim();
    if (value.length() > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidValueException("description", "Expected description of at most " + MAX_DESCRIPTION_LENGTH
          + " characters, but it has " + value.length());
    }
    return value;
  }

  private static String secret(String text) {
    if (text.length() < MIN_SECRET_LENGTH || text.length() > MAX_SECRET_LENGTH) {
      throw new InvalidValueException("secret", "Expected secret of " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
          + " characters, but it has " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidValueException("secret", "Expected secret of printable ASCII characters without spaces,"
            + " but character " + (i + 1) + " is not one");
      }
    }
    return text;
  }

  /** A new secret: {@code whsec_} and 32 random bytes in URL-safe base64. */
  static String generateSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ------------------------------------------------------------------ helpers


  private Bound requireStarted() {
    Bound b = bound;
    if (b == null) {
      throw new IllegalStateException("Expected the webhooks to be started with start(engine), but they are not");
    }
    return b;
  }

  private static Instant now(Bound b) {
    return b.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("Expected a webhook with id " + id + ", but there is none");
  }

  private static NotFoundException deliveryNotFound(UUID webhookId, UUID id) {
    return new NotFoundException("Expected a delivery " + id + " of webhook " + webhookId + ", but there is none");
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  private static Set<String> eventTypes() {
    Set<String> types = new TreeSet<>();
    for (Field field : EventTypes.class.getFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
        try {
          types.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Expected EventTypes." + field.getName() + " to be readable", e);
        }
      }
    }
    return java.util.Collections.unmodifiableSet(types);
  }

  private static Set<String> categories(Set<String> types) {
    Function<String, String> category = type -> type.substring(0, type.indexOf('.'));
    Set<String> categories = new TreeSet<>();
    types.stream().filter(t -> t.indexOf('.') > 0).map(category).forEach(categories::add);
    return java.util.Collections.unmodifiableSet(categories);
  }

  /** A delivery cannot be retried in its state: 409 with code {@code itsm.conflict}. */
  static final class WebhookConflictException extends dev.itsm.api.ItsmException {
    WebhookConflictException(String message) {
      super(dev.itsm.api.ErrorCode.CONFLICT, message);
    }
  }
}
