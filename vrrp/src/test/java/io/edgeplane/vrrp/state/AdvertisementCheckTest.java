package io.edgeplane.vrrp.state;

import static io.edgeplane.vrrp.state.VrrpInstanceTest.GROUP;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.HIGHER;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.LOWER;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.ME;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks that need the instance's configuration, in keepalived's order. */
class AdvertisementCheckTest {

    static final InetAddress VIP2 = InetAddress.ofLiteral("198.18.0.101");
    static final Authentication PASS = Authentication.SimplePassword.of("1111");

    final AdvertisementCheck v2 = new AdvertisementCheck(VrrpInstanceSettings.builder("VI_1", 51, 100,
            List.of(VIP, VIP2)).authentication(PASS).build());

    static VrrpAdvertisement v2(int vrid, Authentication auth, int interval, List<InetAddress> addresses) {
        return new VrrpAdvertisement(2, vrid, 150, auth, interval, addresses);
    }

    @Test
    void aMatchingAdvertIsAcceptedWhateverTheOrderOfItsAddresses() {
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP2, VIP)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.ACCEPTED);
    }

    @Test
    void eachMismatchHasItsVerdict() {
        assertThat(v2.check(v2(52, PASS, 1, List.of(VIP, VIP2)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.VRID_MISMATCH);
        assertThat(v2.check(v2(51, Authentication.NONE, 1, List.of(VIP, VIP2)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.AUTH_TYPE_MISMATCH);
        assertThat(v2.check(v2(51, Authentication.SimplePassword.of("1112"), 1, List.of(VIP, VIP2)), HIGHER,
                GROUP, true)).isEqualTo(AdvertisementVerdict.AUTH_FAILURE);
        assertThat(v2.check(v2(51, PASS, 2, List.of(VIP, VIP2)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.ADVERT_INTERVAL_MISMATCH);
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.ADDRESS_COUNT_MISMATCH);
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP, LOWER)), HIGHER, GROUP, true))
                .isEqualTo(AdvertisementVerdict.ADDRESS_LIST_MISMATCH);
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP, VIP2)), HIGHER, ME, true))
                .isEqualTo(AdvertisementVerdict.EXPECTED_MULTICAST);
        assertThat(v2.check(new VrrpAdvertisement(3, 51, 150, Authentication.NONE, 100, List.of(VIP, VIP2)),
                HIGHER, GROUP, true)).isEqualTo(AdvertisementVerdict.VERSION_MISMATCH);
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP, VIP2)), InetAddress.ofLiteral("fe80::1"),
                InetAddress.ofLiteral("ff02::12"), true)).isEqualTo(AdvertisementVerdict.FAMILY_MISMATCH);
    }

    @Test
    void theAddressListIsComparedOnlyWhenAsked() {
        assertThat(v2.check(v2(51, PASS, 1, List.of(VIP, LOWER)), HIGHER, GROUP, false))
                .isEqualTo(AdvertisementVerdict.ACCEPTED);
    }

    @Test
    void version3IgnoresTheIntervalAndHasNoPassword() {
        AdvertisementCheck v3 = new AdvertisementCheck(VrrpInstanceSettings.builder("VI_6", 7, 100,
                List.of(InetAddress.ofLiteral("fe80::100"))).build());

        assertThat(v3.check(new VrrpAdvertisement(3, 7, 100, Authentication.NONE, 37,
                List.of(InetAddress.ofLiteral("fe80::100"))), InetAddress.ofLiteral("fe80::1"),
                InetAddress.ofLiteral("ff02::12"), true)).isEqualTo(AdvertisementVerdict.ACCEPTED);
    }

    @Test
    void unicastInstancesWantUnicastFromTheirPeers() {
        AdvertisementCheck unicast = new AdvertisementCheck(VrrpInstanceSettings.builder("VI_U", 51, 100,
                List.of(VIP)).version(3).unicastPeers(List.of(HIGHER)).checkUnicastSource(true).build());
        VrrpAdvertisement advert = new VrrpAdvertisement(3, 51, 150, Authentication.NONE, 100, List.of(VIP));

        assertThat(unicast.check(advert, HIGHER, ME, true)).isEqualTo(AdvertisementVerdict.ACCEPTED);
        assertThat(unicast.check(advert, HIGHER, GROUP, true)).isEqualTo(AdvertisementVerdict.EXPECTED_UNICAST);
        assertThat(unicast.check(advert, LOWER, ME, true)).isEqualTo(AdvertisementVerdict.NOT_A_UNICAST_PEER);
    }

    @Test
    void withSkipCheckAdvAddrABackupComparesTheListOnlyWhenTheMasterChanges() {
        RecordingActions actions = new RecordingActions();
        VrrpInstance backup = new VrrpInstance(VrrpInstanceSettings.builder("VI_1", 51, 100, List.of(VIP))
                .skipCheckAdvertAddresses(true).build(), ME, new FakeClock(0), actions);
        backup.start();
        VrrpAdvertisement good = new VrrpAdvertisement(2, 51, 150, Authentication.NONE, 1, List.of(VIP));
        VrrpAdvertisement odd = new VrrpAdvertisement(2, 51, 150, Authentication.NONE, 1, List.of(VIP2));

        assertThat(backup.receive(odd, HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.ADDRESS_LIST_MISMATCH);
        assertThat(backup.receive(good, HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.ACCEPTED);
        assertThat(backup.receive(odd, HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.ACCEPTED);
        assertThat(backup.receive(odd, LOWER, GROUP)).isEqualTo(AdvertisementVerdict.ADDRESS_LIST_MISMATCH);
    }
}
