package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Header edits and fixed answers may not touch the headers that frame a message: a Content-Length or
 * Transfer-Encoding that disagrees with the body sent, or a Connection that disagrees with what edgeplane does
 * with the connection, would desync the client or the upstream. They are refused when the file loads.
 */
class FramingHeadersConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void editsOfFramingHeadersAreRefusedInEveryBlock() {
        List<String> problems = problems("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      headers:
                        response: { set: { Content-Length: "1" }, remove: [transfer-encoding] }
                        request: { add: { CONNECTION: close } }
                      routes:
                        - headers: { response: { set: { Transfer-Encoding: chunked } } }
                          respond: { body: "ok", headers: { Content-Length: "99" } }
                """);
        String expected = "(expected: " + HeaderNames.NOT_FRAMING + ")";
        assertThat(problems).containsExactly(
                "f.yaml:6:44: proxy.listeners[0].headers.response.set.Content-Length: 'Content-Length' frames the message "
                        + "and is set by edgeplane itself " + expected,
                "f.yaml:6:60: proxy.listeners[0].headers.response.remove[0]: 'transfer-encoding' frames the message "
                        + "and is set by edgeplane itself " + expected,
                "f.yaml:7:39: proxy.listeners[0].headers.request.add.CONNECTION: 'CONNECTION' frames the message "
                        + "and is set by edgeplane itself " + expected,
                "f.yaml:9:60: proxy.listeners[0].routes[0].headers.response.set.Transfer-Encoding: 'Transfer-Encoding' "
                        + "frames the message and is set by edgeplane itself " + expected,
                "f.yaml:10:61: proxy.listeners[0].routes[0].respond.headers.Content-Length: 'Content-Length' frames the "
                        + "message and is set by edgeplane itself " + expected);
    }

    @Test
    void otherHeadersStayEditable() throws Exception {
        loader.parse("f.yaml", """
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      headers:
                        response:
                          set: { Strict-Transport-Security: "max-age=63072000", Content-Type: text/plain }
                          remove: [Server, Keep-Alive]
                      routes: [{ respond: { body: "ok", headers: { Content-Language: en } } }]
                """);
    }
}
