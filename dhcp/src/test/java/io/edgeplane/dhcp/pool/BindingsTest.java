package io.edgeplane.dhcp.pool;

import static io.edgeplane.dhcp.pool.AddressPoolTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One binding per address and per client, holds, the remembered addresses, lapsing in time order. */
class BindingsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Inet4Address A = ip("10.0.0.1");
    private static final Inet4Address B = ip("10.0.0.2");
    private static final Inet4Address C = ip("10.0.0.3");

    private final Bindings bindings = new Bindings(100);
    private final ClientKey alice = client(1);
    private final ClientKey bob = client(2);
    private final ClientKey carol = client(3);

    private static ClientKey client(int n) {
        return ClientKey.ofHardware(1, new byte[] {0x52, 0x54, 0, 0, 0, (byte) n});
    }

    private static Binding.Offered offer(Inet4Address address, ClientKey client, Instant until) {
        return new Binding.Offered(address, client, until);
    }

    private static Binding.Leased lease(Inet4Address address, ClientKey client, Instant until) {
        return new Binding.Leased(new Lease(address, new HardwareAddress(new byte[] {1, 2, 3, 4, 5, 6}),
                Optional.empty(), Optional.empty(), until), client);
    }

    @Test
    void aBindingIsFoundByAddressAndByClient() {
        Binding.Leased leased = lease(A, alice, T0.plusSeconds(60));

        assertThat(bindings.put(leased)).isEmpty();

        assertThat(bindings.at(A)).contains(leased);
        assertThat(bindings.of(alice)).contains(leased);
        assertThat(bindings.at(B)).isEmpty();
        assertThat(bindings.of(bob)).isEmpty();
        assertThat(bindings.leaseCount()).isEqualTo(1);
        assertThat(bindings.all()).containsExactly(leased);
    }

    @Test
    void offersAreNotCountedAsLeases() {
        bindings.put(offer(A, alice, T0));
        assertThat(bindings.leaseCount()).isZero();

        bindings.put(lease(A, alice, T0));
        assertThat(bindings.leaseCount()).isEqualTo(1);

        bindings.put(lease(A, alice, T0.plusSeconds(5)));
        assertThat(bindings.leaseCount()).as("a renewal replaces, not adds").isEqualTo(1);
    }

    @Test
    void aClientMovingToAnotherAddressDisplacesItsOldBinding() {
        Binding.Leased old = lease(A, alice, T0.plusSeconds(60));
        bindings.put(old);

        List<Binding> displaced = bindings.put(offer(B, alice, T0.plusSeconds(60)));

        assertThat(displaced).containsExactly(old);
        assertThat(bindings.at(A)).isEmpty();
        assertThat(bindings.of(alice).map(Binding::address)).contains(B);
        assertThat(bindings.leaseCount()).isZero();
    }

    @Test
    void aClientTakingABoundAddressDisplacesItsHolder() {
        Binding.Offered bobs = offer(A, bob, T0.plusSeconds(60));
        bindings.put(bobs);

        List<Binding> displaced = bindings.put(lease(A, alice, T0.plusSeconds(60)));

        assertThat(displaced).containsExactly(bobs);
        assertThat(bindings.of(bob)).isEmpty();
        assertThat(bindings.of(alice).map(Binding::address)).contains(A);
    }

    @Test
    void aPutCanDisplaceTwoBindings() {
        Binding.Leased alices = lease(A, alice, T0.plusSeconds(60));
        Binding.Leased bobs = lease(B, bob, T0.plusSeconds(60));
        bindings.put(alices);
        bindings.put(bobs);

        List<Binding> displaced = bindings.put(lease(B, alice, T0.plusSeconds(60)));

        assertThat(displaced).containsExactlyInAnyOrder(alices, bobs);
        assertThat(bindings.all()).hasSize(1);
        assertThat(bindings.leaseCount()).isEqualTo(1);
        assertThat(bindings.of(bob)).isEmpty();
    }

    @Test
    void removingLeavesTheClientsAddressRemembered() {
        bindings.put(lease(A, alice, T0));

        assertThat(bindings.remove(A)).isPresent();

        assertThat(bindings.at(A)).isEmpty();
        assertThat(bindings.of(alice)).isEmpty();
        assertThat(bindings.remembered(alice)).contains(A);
        assertThat(bindings.leaseCount()).isZero();
        assertThat(bindings.remove(A)).isEmpty();
    }

    @Test
    void rememberedAddressesFollowTheLatestBinding() {
        bindings.put(offer(A, alice, T0));
        bindings.put(lease(B, alice, T0));

        assertThat(bindings.remembered(alice)).contains(B);
    }

    @Test
    void anAddressCanBeRememberedWithoutABinding() {
        bindings.remember(alice, A);

        assertThat(bindings.remembered(alice)).contains(A);
        assertThat(bindings.at(A)).isEmpty();
        assertThat(bindings.all()).isEmpty();
    }

    @Test
    void onlyTheMostRecentlyUsedClientsAreRemembered() {
        Bindings small = new Bindings(2);
        small.put(offer(A, alice, T0));
        small.put(offer(B, bob, T0));
        assertThat(small.remembered(alice)).contains(A); // alice is now the most recently used
        small.put(offer(C, carol, T0));

        assertThat(small.remembered(alice)).contains(A);
        assertThat(small.remembered(bob)).as("the least recently used is forgotten").isEmpty();
        assertThat(small.remembered(carol)).contains(C);
        assertThat(small.of(bob)).as("a live binding is kept whatever is remembered").isPresent();
    }

    @Test
    void lapseTakesOffWhatIsDueInTimeOrder() {
        Binding third = lease(C, carol, T0.plusSeconds(30));
        Binding first = offer(A, alice, T0.plusSeconds(10));
        Binding second = lease(B, bob, T0.plusSeconds(20));
        bindings.put(third);
        bindings.put(first);
        bindings.put(second);
        assertThat(bindings.nextDeadline()).contains(T0.plusSeconds(10));

        assertThat(bindings.lapse(T0.plusSeconds(9))).isEmpty();
        List<Bindings.Lapsed> lapsed = bindings.lapse(T0.plusSeconds(30));

        assertThat(lapsed).extracting(Bindings.Lapsed::address).containsExactly(A, B, C);
        assertThat(lapsed).extracting(l -> l.binding().orElseThrow()).containsExactly(first, second, third);
        assertThat(bindings.all()).isEmpty();
        assertThat(bindings.leaseCount()).isZero();
        assertThat(bindings.nextDeadline()).isEmpty();
    }

    @Test
    void aBindingLapsesAtItsInstantNotBefore() {
        bindings.put(lease(A, alice, T0));

        assertThat(bindings.lapse(T0.minusNanos(1))).isEmpty();
        assertThat(bindings.lapse(T0)).hasSize(1);
    }

    @Test
    void aRenewedBindingDoesNotLapseAtItsOldDeadline() {
        bindings.put(offer(A, alice, T0.plusSeconds(60)));
        Binding renewed = lease(A, alice, T0.plusSeconds(3600));
        bindings.put(renewed);

        assertThat(bindings.lapse(T0.plusSeconds(60))).isEmpty();
        assertThat(bindings.at(A)).contains(renewed);
        assertThat(bindings.lapse(T0.plusSeconds(3600))).extracting(l -> l.binding().orElseThrow())
                .containsExactly(renewed);
    }

    @Test
    void anAddressBoundAgainAfterRemovalLapsesOnlyWithItsNewBinding() {
        bindings.put(lease(A, alice, T0.plusSeconds(10)));
        bindings.remove(A);
        Binding later = lease(A, bob, T0.plusSeconds(100));
        bindings.put(later);

        assertThat(bindings.lapse(T0.plusSeconds(50))).isEmpty();
        assertThat(bindings.at(A)).contains(later);
    }

    @Test
    void holdsLapseAsAddressesWithoutBinding() {
        bindings.holdBack(A, T0.plusSeconds(10));
        assertThat(bindings.isHeldBack(A)).isTrue();
        assertThat(bindings.heldBack()).containsExactly(A);

        assertThat(bindings.lapse(T0.plusSeconds(9))).isEmpty();
        List<Bindings.Lapsed> lapsed = bindings.lapse(T0.plusSeconds(10));

        assertThat(lapsed).containsExactly(new Bindings.Lapsed(A, Optional.empty()));
        assertThat(bindings.isHeldBack(A)).isFalse();
        assertThat(bindings.heldBack()).isEmpty();
    }

    @Test
    void aLongerHoldWinsOverAShorterOne() {
        bindings.holdBack(A, T0.plusSeconds(100));
        bindings.holdBack(A, T0.plusSeconds(10));

        assertThat(bindings.lapse(T0.plusSeconds(50))).isEmpty();
        assertThat(bindings.isHeldBack(A)).isTrue();
        assertThat(bindings.lapse(T0.plusSeconds(100))).hasSize(1);
        assertThat(bindings.isHeldBack(A)).isFalse();
    }

    @Test
    void allIsASnapshot() {
        bindings.put(lease(A, alice, T0));
        var snapshot = bindings.all();

        bindings.put(lease(B, bob, T0));
        bindings.remove(A);

        assertThat(snapshot).extracting(Binding::address).containsExactly(A);
    }
}
