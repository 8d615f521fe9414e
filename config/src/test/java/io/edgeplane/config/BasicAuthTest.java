package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

    @Test
    void toStringNeverContainsThePassword() {
        BasicAuth auth = new BasicAuth("admin", "hunter2-very-secret");

        assertThat(auth).hasToString("BasicAuth[user=admin, password=<redacted>]");
        assertThat(auth.toString()).doesNotContain("hunter2");
    }

    @Test
    void thePasswordStaysOutOfTheEnclosingRecordsToo() throws Exception {
        // Records print their components with toString(), so the redaction carries up to the whole config.
        EdgeplaneConfig config = new ConfigLoader(Variables.of(Map.of("PW", "hunter2-very-secret")))
                .parse("f.yaml", "admin: {auth: {user: admin, password: '${PW}'}}");

        assertThat(config.admin().orElseThrow().auth()).contains(new BasicAuth("admin", "hunter2-very-secret"));
        assertThat(config.toString()).doesNotContain("hunter2").contains("password=<redacted>");
        assertThat(List.of(Optional.of(config)).toString()).doesNotContain("hunter2");
    }

    @Test
    void bothPartsAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> new BasicAuth(null, "pw")).withMessage("user");
        assertThatNullPointerException().isThrownBy(() -> new BasicAuth("admin", null)).withMessage("password");
    }
}
