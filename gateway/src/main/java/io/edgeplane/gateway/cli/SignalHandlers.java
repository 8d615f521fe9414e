package io.edgeplane.gateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads; SIGUSR1 reopens log files (logrotate's {@code kill -USR1}, as for nginx); SIGTERM and
 * SIGINT stop gracefully. Handling TERM ourselves (rather than through a
 * shutdown hook) lets a clean stop exit 0, as supervisors expect, instead of the JVM's 143.
 */
final class SignalHandlers {

    private static final Logger log = LoggerFactory.getLogger(SignalHandlers.class);

    private SignalHandlers() {
    }

    static void install(Runnable onReload, Runnable onReopen, Runnable onStop) {
        handle("HUP", signal -> onReload.run());
        handle("USR1", signal -> onReopen.run());
        handle("TERM", signal -> onStop.run());
        handle("INT", signal -> onStop.run());
    }

    private static void handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), signal -> {
                log.info("received SIG{}", name);
                handler.handle(signal);
            });
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs, or the platform lacks the signal: nothing to install.
            log.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
