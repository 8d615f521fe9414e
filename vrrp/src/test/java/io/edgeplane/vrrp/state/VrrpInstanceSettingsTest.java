package io.edgeplane.vrrp.state;

import static io.edgeplane.vrrp.state.VrrpInstanceTest.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.vrrp.codec.Authentication;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's defaults, and the combinations refused with the reason. */
class VrrpInstanceSettingsTest {

    @Test
    void theDefaultsAreKeepalived() {
        VrrpInstanceSettings settings = VrrpInstanceSettings.builder("VI_1", 51, 100, List.of(VIP)).build();

        assertThat(settings.version()).isEqualTo(2);
        assertThat(settings.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.preempt()).isTrue();
        assertThat(settings.acceptMode()).isTrue();
        assertThat(settings.gratuitousArp()).isEqualTo(GratuitousArpSettings.KEEPALIVED_DEFAULTS);
        assertThat(VrrpInstanceSettings.builder("VI_6", 1, 100, List.of(InetAddress.ofLiteral("fe80::1"))).build()
                .version()).isEqualTo(3);
    }

    @Test
    void intervalsFitTheVersionsUnit() {
        assertThat(VrrpInstanceSettings.builder("VI_1", 51, 100, List.of(VIP)).version(3)
                .advertInterval(Duration.ofMillis(250)).build().advertIntervalField()).isEqualTo(25);
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 51, 100,
                List.of(VIP)).advertInterval(Duration.ofMillis(1500)).build()).withMessageContaining("whole seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 51, 100,
                List.of(VIP)).version(3).advertInterval(Duration.ofMillis(5)).build()).withMessageContaining("10 ms");
    }

    @Test
    void whatKeepalivedQuietlyRepairsIsRefusedWithTheReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 51, 255,
                List.of(VIP)).preempt(false).build()).withMessageContaining("address owner always preempts");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 51, 100,
                List.of(VIP)).preempt(false).preemptDelay(Duration.ofSeconds(5)).build())
                .withMessageContaining("nothing to delay");
    }

    @Test
    void familiesAndVersionsMustAgree() {
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_6", 1, 100,
                List.of(InetAddress.ofLiteral("fe80::1"))).version(2).build()).withMessageContaining("version 3");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 1, 100,
                List.of(VIP, InetAddress.ofLiteral("fe80::1"))).build()).withMessageContaining("is not IPv4");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 1, 100,
                List.of(VIP)).version(3).authentication(Authentication.SimplePassword.of("x")).build())
                .withMessageContaining("version 2 only");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 1, 100,
                List.of()).build()).withMessageContaining("1 to 255 virtual addresses");
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpInstanceSettings.builder("VI_1", 0, 100,
                List.of(VIP)).build()).withMessageContaining("vrid");
    }
}
