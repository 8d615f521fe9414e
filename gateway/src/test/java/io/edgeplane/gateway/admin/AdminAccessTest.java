package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener's network allow/deny lists, as ufw's "stats from 10.0.0.0/8 only". */
class AdminAccessTest {

    @TempDir
    Path dir;

    @Test
    void clientOutsideTheAllowListIsForbiddenEverywhere() throws Exception {
        try (TestNode node = TestNode.start(dir, """
                admin:
                  listen: 127.0.0.1:0
                  allow: [10.0.0.0/8]
                """)) {
            assertThat(node.get("/healthz").statusCode()).isEqualTo(403);
            assertThat(node.get("/metrics").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        try (TestNode node = TestNode.start(dir, """
                admin:
                  listen: 127.0.0.1:0
                  allow: [127.0.0.0/8]
                  deny: [127.0.0.1]
                """)) {
            assertThat(node.get("/healthz").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void withoutListsAndAuthEverythingIsOpenOnLoopback() throws Exception {
        try (TestNode node = TestNode.start(dir, """
                admin:
                  listen: 127.0.0.1:0
                """)) {
            assertThat(node.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(node.get("/api/config").statusCode()).isEqualTo(200);
        }
    }
}
