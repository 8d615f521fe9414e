package io.edgeplane.core.lifecycle;

/**
 * A service that writes files an operator rotates (access logs, lease files): on SIGUSR1, as with nginx,
 * it reopens them at their configured paths.
 */
public interface ReopensFiles {

    void reopenFiles();
}
