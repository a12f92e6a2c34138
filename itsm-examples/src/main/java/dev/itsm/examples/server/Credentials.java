package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import java.util.Optional;

/** Checks a user id and password; the actor of the user when they match. */
interface Credentials {

  /** The actor of the user if the password is theirs; as slow for an unknown user as for a wrong password. */
  Optional<Actor> authenticate(String userId, char[] password);
}
