package dev.itsm.api.incident;

/** Where an incident came in. */
public enum Channel {
  PHONE, EMAIL, PORTAL, CHAT, WALK_IN, MONITORING, API
}
