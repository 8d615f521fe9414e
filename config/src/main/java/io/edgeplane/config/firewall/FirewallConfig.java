package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's firewall: ufw and the seeds' iptables scripts, in one nftables table of edgeplane's own
 * ({@code inet edgeplane}) that is replaced whole in one transaction and never touches rules other tools own.
 *
 * @param zones      named networks the rules refer to, such as it, ot and cluster
 * @param input      packets to the node
 * @param forward    packets routed through the node; absent = no forward chain
 * @param output     packets from the node; absent = no output chain (all allowed)
 * @param autoAllow  also open what the rest of this config listens on, to the clients it serves: the proxy's
 *                   listeners, DNS, DHCP, NTP, VRRP from the peers and the admin listener, each only from the
 *                   networks its own {@code allow} list names; with an {@code output} chain, also what the node's
 *                   services send
 * @param logDrops   log what is dropped, rate-limited; absent = no logging
 * @param onStop     {@code keep} leaves the rules in force when edgeplane stops (a firewall that disappears with its
 *                   daemon is a hole), {@code remove} deletes the table
 * @param nft        the nft program
 * @param timeout    how long one nft run may take before it is killed and the change counted as failed
 * @param checkInterval how often the kernel's table is read back and compared with the ruleset applied, so that a
 *                   table deleted or edited behind edgeplane's back shows on {@code /healthz} and in the metrics; it
 *                   also reads the counts of denied packets
 */
public record FirewallConfig(
        Map<String, ZoneConfig> zones,
        InputConfig input,
        Optional<ForwardConfig> forward,
        Optional<OutputConfig> output,
        @Default("false") boolean autoAllow,
        Optional<DropLogConfig> logDrops,
        @Default("keep") OnStop onStop,
        @Default("nft") String nft,
        @Default("10s") Duration timeout,
        @Default("30s") Duration checkInterval) implements Checked {

    /** What happens to the rules when edgeplane stops. */
    public enum OnStop {
        /** They stay in force. */
        KEEP,
        /** The table is deleted. */
        REMOVE
    }

    public FirewallConfig {
        zones = Collections.unmodifiableMap(new LinkedHashMap<>(zones)); // file order: the sets come out in it
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(logDrops, "logDrops");
        Objects.requireNonNull(onStop, "onStop");
        Objects.requireNonNull(nft, "nft");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
    }

    @Override
    public void check(Checks checks) {
        zones.keySet().forEach(name -> checks.key("zones").key(name).require(ZoneConfig.validName(name),
                "'" + name + "' is not a zone name", ZoneConfig.NAME_EXPECTED));
        checks.key("nft").require(!nft.isBlank(), "the nft program is empty", "nft, or a path such as /usr/sbin/nft");
        checks.key("timeout").require(timeout.compareTo(Duration.ofSeconds(1)) >= 0
                && timeout.compareTo(Duration.ofMinutes(1)) <= 0, "timeout must be 1s..1m", "10s");
        checks.key("check_interval").require(checkInterval.compareTo(Duration.ofSeconds(1)) >= 0
                && checkInterval.compareTo(Duration.ofHours(1)) <= 0, "check_interval must be 1s..1h", "30s");
        Checks inputChecks = checks.key("input");
        checkPeers(inputChecks.key("allow"), input.allow(), Side.NODE_IS_DESTINATION);
        checkPeers(inputChecks.key("deny"), input.deny(), Side.NODE_IS_DESTINATION);
        forward.ifPresent(f -> {
            checkPeers(checks.key("forward").key("allow"), f.allow(), Side.NEITHER);
            checkPeers(checks.key("forward").key("deny"), f.deny(), Side.NEITHER);
        });
        output.ifPresent(o -> {
            checkPeers(checks.key("output").key("allow"), o.allow(), Side.NODE_IS_SOURCE);
            checkPeers(checks.key("output").key("deny"), o.deny(), Side.NODE_IS_SOURCE);
        });
    }

    /** Which end of a chain's packets is the node itself, whose side of a flow has no interface to match. */
    private enum Side { NODE_IS_DESTINATION, NODE_IS_SOURCE, NEITHER }

    private void checkPeers(Checks checks, List<FirewallRuleConfig> rules, Side side) {
        for (int i = 0; i < rules.size(); i++) {
            FirewallRuleConfig rule = rules.get(i);
            checkZones(checks.index(i).key("from"), rule.from(), side == Side.NODE_IS_SOURCE);
            checkZones(checks.index(i).key("to"), rule.to(), side == Side.NODE_IS_DESTINATION);
        }
    }

    private void checkZones(Checks checks, List<FlowPeer> peers, boolean nodeSide) {
        for (int i = 0; i < peers.size(); i++) {
            if (!(peers.get(i) instanceof FlowPeer.Zone(String name))) {
                continue;
            }
            ZoneConfig zone = zones.get(name);
            if (!checks.index(i).require(zone != null, "no zone is named '" + name + "'",
                    zones.isEmpty() ? "a zone defined under firewall.zones, or a CIDR block"
                            : "one of " + String.join(", ", new java.util.TreeSet<>(zones.keySet())) + ", or a CIDR block")) {
                continue;
            }
            // On the node's own side a packet neither arrives nor leaves by an interface: only addresses can match.
            checks.index(i).require(!nodeSide || zone.interfaces().isEmpty(), "zone '" + name + "' has interfaces, "
                            + "and this side of the rule is the node itself, which only addresses can name",
                    "a zone of cidrs only, or the addresses themselves");
        }
    }

    /** The zone named, if there is one. */
    public Optional<ZoneConfig> zone(String name) {
        return Optional.ofNullable(zones.get(name));
    }
}
