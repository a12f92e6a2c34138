package dev.itsm.spi;

import dev.itsm.api.Permission;
import dev.itsm.api.process.ProcessSupport;

/**
 * What a {@link ItsmPlugin} may register. Valid only during {@link ItsmPlugin#setup}.
 */
public interface ItsmSetupContext {

  /** What process models (through their delegates) may ask of core. */
  ProcessSupport processSupport();

  /** Makes an object available to expressions in process models under the name. */
  void expressionBean(String name, Object bean);

  /**
   * Registers a model the library ships (used by process packs). It is deployed unless a host
   * overrides its key, now or in an earlier run against the same database.
   */
  void shippedModel(ModelResource model);

  /**
   * Replaces the shipped model of {@link ModelResource#key()} with the host's own. The model is
   * checked against its contract when deployed; the library never deploys its own version of that
   * key over it again (also after upgrades and restarts).
   */
  void overrideModel(ModelResource model);

  /** Keeps closed tickets elsewhere before the retention deletes them (see {@code ItsmEngineBuilder.retention}). */
  void ticketArchiver(TicketArchiver archiver);

  /** Replaces the default (recording) notification sender. */
  void notificationSender(NotificationSender sender);

  /** Adds a listener for domain events, called after the transaction that caused them commits. */
  void eventListener(ItsmEventListener listener);

  /** Replaces the default directory (which knows every group and no members). */
  void directory(Directory directory);

  /** Declares a custom field on incidents. */
  void customField(CustomField field);

  /**
   * Adds a CI type file (JSON, see docs/cmdb.md), defined at every start after the library's default
   * types; defining an unchanged file again changes nothing.
   *
   * @param name     where it comes from, for error messages (e.g. its resource path)
   * @param typeFile its content
   */
  void ciTypes(String name, byte[] typeFile);

  /**
   * Adds a business calendar, by its name (see docs/sla.md); the name {@code 24x7} is taken by
   * {@link dev.itsm.api.sla.BusinessCalendar#always()}.
   *
   * @throws dev.itsm.api.ItsmConfigurationException when a calendar of that name is already registered
   */
  void calendar(dev.itsm.api.sla.BusinessCalendar calendar);

  /**
   * Adds the business calendars of a calendar file (YAML or JSON, see docs/sla.md).
   *
   * @param name         where it comes from, for error messages (e.g. its resource path)
   * @param calendarFile its content
   * @throws dev.itsm.api.ItsmConfigurationException naming the file and the offending entry
   */
  void calendars(String name, byte[] calendarFile);

  /**
   * Publishes an SLA definition at every start (see docs/sla.md, "Definitions"): a new version when
   * it differs from the stored current one, nothing otherwise. Its calendar must be registered.
   *
   * @throws dev.itsm.api.ItsmConfigurationException when a definition of that code is already registered
   */
  void slaDefinition(dev.itsm.api.sla.SlaDefinition definition);

  /**
   * Adds the SLA definitions of a definition file (YAML or JSON, see docs/sla.md), published like
   * {@link #slaDefinition}.
   *
   * @param name           where it comes from, for error messages (e.g. its resource path)
   * @param definitionFile its content
   * @throws dev.itsm.api.ItsmConfigurationException naming the file and the offending entry
   */
  void slaDefinitions(String name, byte[] definitionFile);

  /**
   * Adds a segment template (see docs/sla.md, "Segment targets"); {@code field-dispatch} is shipped.
   *
   * @throws dev.itsm.api.ItsmConfigurationException when a template of that name is already registered
   */
  void segmentTemplate(dev.itsm.api.sla.SegmentTemplate template);

  /**
   * Replaces the check that authorises changes of items of change-controlled CI types (default: change
   * management's gate, see {@link ChangeControl}; {@link ChangeControl#requireChangeCause()} for a host's
   * own change tool).
   */
  void changeControl(ChangeControl changeControl);

  /** Lets a role perform further operations. */
  void grant(String role, Permission... permissions);

  /** Withdraws operations from a role. */
  void revoke(String role, Permission... permissions);
}
