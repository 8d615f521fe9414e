package io.edgeplane.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging section: text or JSON lines on standard output, at the configured level. */
class LogSetupTest {

    private static final Logger log = LoggerFactory.getLogger(LogSetupTest.class);

    @Test
    void writesJsonLinesOrTextAtTheConfiguredLevel() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LogSetup setup = new LogSetup();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            setup.accept(new LoggingConfig(LoggingConfig.Format.JSON, LoggingConfig.Level.INFO));
            log.debug("not written at info");
            log.info("listening on {}", "127.0.0.1:8404");
            String json = awaitOutput(captured, "listening on");
            assertThat(json.lines().filter(l -> l.contains("listening on")).findFirst().orElseThrow())
                    .startsWith("{")
                    .endsWith("}")
                    .contains("\"level\":\"INFO\"")
                    .contains("\"formattedMessage\":\"listening on 127.0.0.1:8404\"")
                    .contains("\"loggerName\":\"" + LogSetupTest.class.getName() + "\"");
            assertThat(json).doesNotContain("not written at info");

            captured.reset();
            setup.accept(new LoggingConfig(LoggingConfig.Format.TEXT, LoggingConfig.Level.DEBUG));
            log.debug("now in text");
            String text = awaitOutput(captured, "now in text");
            assertThat(text).contains("DEBUG").contains("LogSetupTest: now in text").doesNotStartWith("{");
        } finally {
            setup.accept(new LoggingConfig(LoggingConfig.Format.TEXT, LoggingConfig.Level.WARN));
            System.setOut(original);
        }
    }

    /** The appender is asynchronous: wait until the line arrives. */
    private static String awaitOutput(ByteArrayOutputStream captured, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = captured.toString(StandardCharsets.UTF_8);
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line containing '" + expected + "' in: " + captured.toString(StandardCharsets.UTF_8));
    }
}
