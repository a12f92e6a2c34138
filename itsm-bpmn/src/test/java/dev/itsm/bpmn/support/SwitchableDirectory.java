package dev.itsm.bpmn.support;

import dev.itsm.spi.Directory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The test directory, whose managers lookup can be made to fail (to break a timer job midway) and
 * whose group checks can be observed (to see what context the engine calls host code in).
 */
public final class SwitchableDirectory implements Directory {
  private final Directory delegate;
  private final AtomicBoolean failManagers = new AtomicBoolean();
  private volatile Runnable onGroupCheck = () -> { };

  public SwitchableDirectory(Directory delegate) {
    this.delegate = delegate;
  }

  public void failManagers(boolean fail) {
    failManagers.set(fail);
  }

  /** Runs {@code observer} whenever the engine asks whether a group exists. */
  public void onGroupCheck(Runnable observer) {
    this.onGroupCheck = observer;
  }

  @Override
  public boolean groupExists(String groupId) {
    onGroupCheck.run();
    return delegate.groupExists(groupId);
  }

  @Override
  public Set<String> members(String groupId) {
    return delegate.members(groupId);
  }

  @Override
  public List<String> managers(String groupId) {
    if (failManagers.get()) {
      throw new IllegalStateException("directory unavailable (injected)");
    }
    return delegate.managers(groupId);
  }
}
