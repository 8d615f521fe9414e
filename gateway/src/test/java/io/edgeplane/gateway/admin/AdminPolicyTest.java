package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.BasicAuth;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.gateway.TestNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminPolicyTest {

    private final AdminPolicy policy = new AdminPolicy(AccessList.OPEN, Optional.of(new BasicAuth("admin", "pä:ss")));

    @Test
    void acceptsTheConfiguredCredentialsInUtf8() {
        assertThat(policy.authenticates(TestNode.basic("admin", "pä:ss"))).isTrue();
        assertThat(policy.authenticates("basic " + TestNode.basic("admin", "pä:ss").substring(6))).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        assertThat(policy.authenticates(null)).isFalse();
        assertThat(policy.authenticates("")).isFalse();
        assertThat(policy.authenticates("Bearer abc")).isFalse();
        assertThat(policy.authenticates("Basic !!!not-base64")).isFalse();
        assertThat(policy.authenticates(TestNode.basic("admin", "pä:s"))).isFalse();
        assertThat(policy.authenticates(TestNode.basic("Admin", "pä:ss"))).isFalse();
    }

    @Test
    void withoutAuthEveryRequestPasses() {
        assertThat(new AdminPolicy(AccessList.OPEN, Optional.empty()).authenticates(null)).isTrue();
    }
}
