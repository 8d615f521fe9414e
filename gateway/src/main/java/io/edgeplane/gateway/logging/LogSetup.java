package io.edgeplane.gateway.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.edgeplane.config.LoggingConfig;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link LoggingConfig} to Logback: readable lines or JSON lines on standard output, behind an
 * {@link AsyncAppender} that drops rather than blocks when the output cannot keep up (an event loop must
 * never wait on a terminal).
 */
public final class LogSetup implements Consumer<LoggingConfig> {

    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20}: %msg%n%ex{short}";
    private static final int QUEUE_SIZE = 8192;

    private LoggingConfig applied;

    @Override
    public synchronized void accept(LoggingConfig config) {
        if (config.equals(applied)) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(config.format(), context));
        console.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async-console");
        async.setQueueSize(QUEUE_SIZE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(console);
        async.start();

        root.detachAndStopAllAppenders();
        root.addAppender(async);
        root.setLevel(Level.toLevel(config.level().name()));
        // Netty's own INFO lines are about its internals, not the node's work.
        context.getLogger("io.netty").setLevel(config.level().compareTo(LoggingConfig.Level.DEBUG) >= 0 ? Level.DEBUG : Level.WARN);
        applied = config;
    }

    private static Encoder<ILoggingEvent> encoder(LoggingConfig.Format format, LoggerContext context) {
        if (format == LoggingConfig.Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithContext(false);
            // One finished sentence per line, as log shippers expect, rather than a template and its arguments.
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    /** Flushes the queue; call before the process exits so the last lines are not lost. */
    public static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
