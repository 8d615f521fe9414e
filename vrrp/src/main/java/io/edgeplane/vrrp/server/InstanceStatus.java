package io.edgeplane.vrrp.server;

import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.vrrp.state.VrrpInstance;
import io.edgeplane.vrrp.state.VrrpState;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance now, for the stats page, {@code /stats.json} and health: keepalived's {@code SIGUSR1} data dump in
 * short.
 *
 * @param name             the instance's name
 * @param interfaceName    where it runs
 * @param vrid             its virtual router id
 * @param version          2 or 3
 * @param state            initialize, backup, master or fault
 * @param basePriority     the configured priority
 * @param priority         the effective priority (tracking included)
 * @param primaryAddress   the address its adverts leave from
 * @param master           the master it hears (empty when it is master itself, or has heard none)
 * @param virtualAddresses its virtual addresses as address/prefix
 * @param faults           what keeps it in FAULT
 * @param advertsSent      adverts sent since it started
 * @param advertsReceived  adverts accepted since it started
 */
public record InstanceStatus(String name, String interfaceName, int vrid, int version, String state, int basePriority,
                             int priority, String primaryAddress, Optional<String> master, List<String> virtualAddresses,
                             List<String> faults, long advertsSent, long advertsReceived) {

    public InstanceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(master, "master");
        virtualAddresses = List.copyOf(virtualAddresses);
        faults = List.copyOf(faults);
    }

    static InstanceStatus of(VrrpInstanceConfig config, VrrpInstance instance, InetAddress primary, long sent,
                             long received) {
        Optional<String> master = instance.state() == VrrpState.MASTER ? Optional.empty()
                : Optional.ofNullable(instance.masterAddress()).map(InetAddress::getHostAddress);
        return new InstanceStatus(config.name(), config.interfaceName(), config.virtualRouterId(), config.version(),
                instance.state().name().toLowerCase(java.util.Locale.ROOT), config.priority(), instance.effectivePriority(),
                primary.getHostAddress(), master, config.virtualIps().stream().map(vip -> vip.address().toString()).toList(),
                instance.faults().stream().sorted().toList(), sent, received);
    }
}
