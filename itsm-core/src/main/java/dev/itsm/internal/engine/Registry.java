package dev.itsm.internal.engine;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.Permission;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.spi.CustomField;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmEventListener;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import dev.itsm.spi.ModelResource;
import dev.itsm.spi.NotificationSender;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/** Collects what plugins register; closed once every plugin ran. */
final class Registry implements ItsmSetupContext {
  private final ProcessSupport processSupport;
  private final Map<String, Object> beans = new LinkedHashMap<>();
  private final Map<String, ModelResource> shipped = new LinkedHashMap<>();
  private final Map<String, ModelResource> overrides = new LinkedHashMap<>();
  private final List<ItsmEventListener> listeners = new ArrayList<>();
  private final Map<String, CustomField> customFields = new LinkedHashMap<>();
  private final Map<String, byte[]> typeFiles = new LinkedHashMap<>();
  private final Map<String, dev.itsm.api.sla.BusinessCalendar> calendars = new LinkedHashMap<>();
  private final Map<String, dev.itsm.api.sla.SlaDefinition> slaDefinitions = new LinkedHashMap<>();
  private final Map<String, dev.itsm.api.sla.SegmentTemplate> segmentTemplates = new LinkedHashMap<>();
  private dev.itsm.spi.TicketArchiver archiver;
  private final Map<String, EnumSet<Permission>> permissions = AccessPolicy.defaultTable();
  private NotificationSender sender = NotificationSender.recording();
  private Directory directory = Directory.permissive();
  /** A host's change control; {@code null}: the engine's change gate. */
  private dev.itsm.spi.ChangeControl changeControl;
  private boolean closed;

  Registry(ProcessSupport processSupport) {
    this.processSupport = processSupport;
  }

  void run(List<ItsmPlugin> explicit, boolean discover) {
    if (discover) {
      for (ItsmPlugin plugin : ServiceLoader.load(ItsmPlugin.class, Registry.class.getClassLoader())) {
        setup(plugin);
      }
    }
    explicit.forEach(this::setup);
    closed = true;
  }

  private void setup(ItsmPlugin plugin) {
    try {
      plugin.setup(this);
    } catch (ItsmConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ItsmConfigurationException("Expected plugin " + plugin.getClass().getName()
          + " to set up, but it failed: " + e.getMessage(), e);
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("plugins may register only during ItsmPlugin.setup");
    }
  }

  @Override
  public ProcessSupport processSupport() {
    return processSupport;
  }

  @Override
  public void expressionBean(String name, Object bean) {
    open();
    beans.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(bean, "bean"));
  }

  @Override
  public void shippedModel(ModelResource model) {
    open();
    shipped.put(model.key(), model);
  }

  @Override
  public void overrideModel(ModelResource model) {
    open();
    overrides.put(model.key(), model);
  }

  @Override
  public void notificationSender(NotificationSender sender) {
    open();
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  @Override
  public void eventListener(ItsmEventListener listener) {
    open();
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void directory(Directory directory) {
    open();
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public void customField(CustomField field) {
    open();
    if (customFields.putIfAbsent(field.name(), field) != null) {
      throw new ItsmConfigurationException("Expected custom field " + field.name() + " to be declared once, but it is declared twice");
    }
  }

  @Override
  public void ciTypes(String name, byte[] typeFile) {
    open();
    typeFiles.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(typeFile, "typeFile").clone());
  }

  @Override
  public void calendar(dev.itsm.api.sla.BusinessCalendar calendar) {
    open();
    Objects.requireNonNull(calendar, "calendar");
    if (calendar.name().equals(dev.itsm.api.sla.BusinessCalendar.ALWAYS) || calendars.containsKey(calendar.name())) {
      throw new ItsmConfigurationException("Expected business calendar '" + calendar.name() + "' to be registered once, but "
          + "that name is taken");
    }
    calendars.put(calendar.name(), calendar);
  }

  @Override
  public void calendars(String name, byte[] calendarFile) {
    open();
    read("calendar file", "calendars", name, calendarFile, dev.itsm.internal.sla.CalendarFile::read).forEach(this::calendar);
  }

  /** Reads a file a plugin ships; a bad one stops the engine naming the file and the entry. */
  private static <T> List<T> read(String kind, String what, String name, byte[] content,
                                  java.util.function.Function<java.io.InputStream, List<T>> reader) {
    Objects.requireNonNull(name, "name");
    try {
      return reader.apply(new java.io.ByteArrayInputStream(Objects.requireNonNull(content, kind)));
    } catch (dev.itsm.api.InvalidInputException e) {
      throw new ItsmConfigurationException("Expected " + kind + " " + name + " to define valid " + what + ", but at "
          + e.field() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void slaDefinition(dev.itsm.api.sla.SlaDefinition definition) {
    open();
    Objects.requireNonNull(definition, "definition");
    if (slaDefinitions.putIfAbsent(definition.code(), definition) != null) {
      throw new ItsmConfigurationException("Expected SLA definition '" + definition.code() + "' to be registered once, "
          + "but that code is taken");
    }
  }

  @Override
  public void slaDefinitions(String name, byte[] definitionFile) {
    open();
    read("SLA definition file", "definitions", name, definitionFile, dev.itsm.internal.sla.DefinitionFile::read)
        .forEach(this::slaDefinition);
  }

  @Override
  public void ticketArchiver(dev.itsm.spi.TicketArchiver archiver) {
    open();
    this.archiver = Objects.requireNonNull(archiver, "archiver");
  }

  dev.itsm.spi.TicketArchiver archiver() {
    return archiver;
  }

  @Override
  public void segmentTemplate(dev.itsm.api.sla.SegmentTemplate template) {
    open();
    Objects.requireNonNull(template, "template");
    if (template.name().equals(dev.itsm.api.sla.SegmentTemplate.FIELD_DISPATCH)
        || segmentTemplates.putIfAbsent(template.name(), template) != null) {
      throw new ItsmConfigurationException("Expected segment template '" + template.name() + "' to be registered once, "
          + "but that name is taken");
    }
  }

  Map<String, dev.itsm.api.sla.SegmentTemplate> segmentTemplates() {
    return segmentTemplates;
  }

  Map<String, dev.itsm.api.sla.SlaDefinition> slaDefinitions() {
    return slaDefinitions;
  }

  Map<String, dev.itsm.api.sla.BusinessCalendar> calendars() {
    return calendars;
  }

  @Override
  public void grant(String role, Permission... granted) {
    open();
    permissions.computeIfAbsent(role, r -> EnumSet.noneOf(Permission.class)).addAll(List.of(granted));
  }

  @Override
  public void revoke(String role, Permission... revoked) {
    open();
    EnumSet<Permission> current = permissions.get(role);
    if (current != null) {
      List.of(revoked).forEach(current::remove);
    }
  }

  Map<String, Object> beans() {
    return beans;
  }

  List<ModelResource> shipped() {
    return List.copyOf(shipped.values());
  }

  Map<String, ModelResource> overrides() {
    return overrides;
  }

  List<ItsmEventListener> listeners() {
    return listeners;
  }

  Map<String, CustomField> customFields() {
    return customFields;
  }

  /** Host CI type files by name, in registration order. */
  Map<String, byte[]> typeFiles() {
    return typeFiles;
  }

  Map<String, EnumSet<Permission>> permissions() {
    return permissions;
  }

  NotificationSender sender() {
    return sender;
  }

  Directory directory() {
    return directory;
  }

  @Override
  public void changeControl(dev.itsm.spi.ChangeControl changeControl) {
    open();
    this.changeControl = Objects.requireNonNull(changeControl, "changeControl");
  }

  dev.itsm.spi.ChangeControl changeControl() {
    return changeControl;
  }
}
