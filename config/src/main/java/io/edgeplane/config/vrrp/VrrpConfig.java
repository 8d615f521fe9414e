package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.proxy.ProxyConfig;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * VRRP: keepalived's job. Each instance is one virtual router whose MASTER holds the virtual IPs; trackers
 * (check scripts, this config's proxy listeners and pools, interfaces) move its priority or put it in FAULT;
 * sync groups move instances together. The defaults and ranges are keepalived 2.2.7's.
 *
 * @param instances  the virtual routers (keepalived's {@code vrrp_instance}); at least one, names unique
 * @param scripts    check scripts by name (keepalived's {@code vrrp_script}), run while some instance tracks them
 * @param syncGroups instances that change state together (keepalived's {@code vrrp_sync_group})
 */
public record VrrpConfig(List<VrrpInstanceConfig> instances, Map<String, VrrpScriptConfig> scripts,
                         List<VrrpSyncGroupConfig> syncGroups) implements Checked {

    static final String NAME_EXPECTED = "letters, digits, '_', '-' and '.', such as VI_1";

    public VrrpConfig {
        instances = List.copyOf(instances);
        scripts = Map.copyOf(scripts);
        syncGroups = List.copyOf(syncGroups);
    }

    static boolean validName(String name) {
        return name.matches("[A-Za-z0-9_.-]+");
    }

    /** The instance of that name, if there is one. */
    public Optional<VrrpInstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The sync group an instance is in, if any. */
    public Optional<VrrpSyncGroupConfig> syncGroupOf(String instanceName) {
        return syncGroups.stream().filter(g -> g.instances().contains(instanceName)).findFirst();
    }

    /** A tracker's weight: its own, else its script's, else 0 (FAULT while down). */
    public int weight(VrrpTrackConfig tracker) {
        return tracker.weight().orElseGet(() -> tracker.kind() == VrrpTrackConfig.Kind.SCRIPT
                ? script(tracker).weight() : 0);
    }

    /** A tracker's consecutive failures before it counts as down: its script's, its own, else 1. */
    public int fall(VrrpTrackConfig tracker) {
        return switch (tracker.kind()) {
            case SCRIPT -> script(tracker).fall();
            case LISTENER, POOL -> tracker.fall().orElse(1);
            case INTERFACE -> 1;
        };
    }

    /** A tracker's consecutive successes before it counts as up again: its script's, its own, else 1. */
    public int rise(VrrpTrackConfig tracker) {
        return switch (tracker.kind()) {
            case SCRIPT -> script(tracker).rise();
            case LISTENER, POOL -> tracker.rise().orElse(1);
            case INTERFACE -> 1;
        };
    }

    private VrrpScriptConfig script(VrrpTrackConfig tracker) {
        VrrpScriptConfig script = scripts.get(tracker.target());
        if (script == null) {
            throw new IllegalArgumentException("no script is named '" + tracker.target() + "'; known: " + new TreeSet<>(scripts.keySet()));
        }
        return script;
    }

    @Override
    public void check(Checks checks) {
        checks.key("instances").require(!instances.isEmpty(), "the vrrp section has no instances",
                "instances: [{ name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }]");
        scripts.keySet().forEach(name -> checks.key("scripts").key(name).require(validName(name),
                "'" + name + "' is not a script name", NAME_EXPECTED));
        checkInstancesApart(checks);
        checkScriptNames(checks);
        Map<String, String> groupOf = checkSyncGroups(checks);
        checkFixedPriorities(checks, groupOf);
    }

    /** Names, router IDs and virtual IPs that two instances may not share. */
    private void checkInstancesApart(Checks checks) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> routerIds = new HashMap<>();
        Map<InetAddress, String> vips = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            VrrpInstanceConfig instance = instances.get(i);
            Checks at = checks.key("instances").index(i);
            at.key("name").require(names.putIfAbsent(instance.name(), instance.name()) == null,
                    "instance name '" + instance.name() + "' is used twice", "a unique name per instance");
            String family = instance.ipv6() ? "IPv6" : "IPv4";
            String routerKey = instance.interfaceName() + "/" + family + "/" + instance.virtualRouterId();
            String other = routerIds.putIfAbsent(routerKey, instance.name());
            at.key("virtual_router_id").require(other == null, "virtual_router_id " + instance.virtualRouterId()
                            + " is already used for " + family + " on " + instance.interfaceName() + " by instance " + other,
                    "a virtual_router_id unique per interface and address family");
            for (int v = 0; v < instance.virtualIps().size(); v++) {
                InetAddress address = instance.virtualIps().get(v).address().address();
                String owner = vips.putIfAbsent(address, instance.name());
                at.key("virtual_ips").index(v).require(owner == null || owner.equals(instance.name()),
                        IpAddresses.format(address) + " is already a virtual IP of instance " + owner,
                        "each virtual IP in one instance");
            }
        }
    }

    private void checkScriptNames(Checks checks) {
        for (int i = 0; i < instances.size(); i++) {
            List<VrrpTrackConfig> track = instances.get(i).track();
            for (int t = 0; t < track.size(); t++) {
                VrrpTrackConfig tracker = track.get(t);
                if (tracker.wellFormed() && tracker.kind() == VrrpTrackConfig.Kind.SCRIPT) {
                    checks.key("instances").index(i).key("track").index(t).key("script").require(
                            scripts.containsKey(tracker.target()), "no script is named '" + tracker.target() + "'",
                            scripts.isEmpty() ? "a script defined under vrrp.scripts" : "one of " + sorted(scripts.keySet()));
                }
            }
        }
    }

    /** Checks the groups' members and returns each grouped instance's group. */
    private Map<String, String> checkSyncGroups(Checks checks) {
        Set<String> known = instances.stream().map(VrrpInstanceConfig::name).collect(Collectors.toSet());
        Map<String, String> groupOf = new HashMap<>();
        Set<String> groupNames = new TreeSet<>();
        for (int g = 0; g < syncGroups.size(); g++) {
            VrrpSyncGroupConfig group = syncGroups.get(g);
            Checks at = checks.key("sync_groups").index(g);
            at.key("name").require(groupNames.add(group.name()), "sync group name '" + group.name() + "' is used twice",
                    "a unique name per sync group");
            for (int m = 0; m < group.instances().size(); m++) {
                String member = group.instances().get(m);
                if (!at.key("instances").index(m).require(known.contains(member), "no instance is named '" + member + "'",
                        known.isEmpty() ? "an instance defined under vrrp.instances" : "one of " + sorted(known))) {
                    continue;
                }
                String other = groupOf.putIfAbsent(member, group.name());
                at.key("instances").index(m).require(other == null || other.equals(group.name()),
                        "instance " + member + " is already in sync group " + other, "each instance in at most one sync group");
            }
        }
        return groupOf;
    }

    /**
     * The address owner's priority never changes, and neither may that of a sync group's member, whose state
     * follows the group's: keepalived ignores their weighted trackers, here they are refused.
     */
    private void checkFixedPriorities(Checks checks, Map<String, String> groupOf) {
        for (int i = 0; i < instances.size(); i++) {
            VrrpInstanceConfig instance = instances.get(i);
            String group = groupOf.get(instance.name());
            if (!instance.addressOwner() && group == null) {
                continue;
            }
            for (int t = 0; t < instance.track().size(); t++) {
                VrrpTrackConfig tracker = instance.track().get(t);
                if (!tracker.wellFormed() || tracker.kind() == VrrpTrackConfig.Kind.SCRIPT && !scripts.containsKey(tracker.target())) {
                    continue;
                }
                int weight = weight(tracker);
                if (weight == 0 || weight < VrrpTrackConfig.MIN_WEIGHT || weight > VrrpTrackConfig.MAX_WEIGHT) {
                    continue;
                }
                String whose = tracker.weight().isPresent() ? "its weight is " + weight
                        : "it takes the weight of script " + tracker.target() + ", " + weight;
                Checks at = checks.key("instances").index(i).key("track").index(t).key("weight");
                if (instance.addressOwner()) {
                    at.error("instance " + instance.name() + " has priority 255, the address owner's, which no tracker may "
                                    + "change, but " + whose + " (keepalived ignores such trackers)",
                            "weight: 0 (FAULT while down), or a priority below 255");
                } else {
                    at.error("instance " + instance.name() + " is in sync group " + group + ", whose members change state "
                                    + "together, so no tracker may move one's priority, but " + whose
                                    + " (keepalived ignores such trackers)",
                            "weight: 0 (FAULT while down, for the whole group)");
                }
            }
        }
    }

    /**
     * {@code accept: false} (keepalived's {@code no_accept}) is enforced as keepalived does, by firewall rules that drop
     * what is sent to the virtual IPs, so it needs the {@code firewall} section; the address owner always accepts.
     */
    public void checkAcceptMode(Checks checks, boolean firewall) {
        for (int i = 0; i < instances.size(); i++) {
            VrrpInstanceConfig instance = instances.get(i);
            checks.key("instances").index(i).key("accept").require(instance.accept() || firewall
                            || instance.priority() == VrrpInstanceConfig.OWNER_PRIORITY,
                    "accept: false (keepalived's no_accept) drops what is sent to the virtual IPs with firewall rules, "
                            + "and this config has no firewall section",
                    "a firewall section, or accept: true (the default)");
        }
    }

    /**
     * The trackers that name a listener or pool must find it in this config's {@code proxy} section. Run from
     * the whole config's check, since it crosses sections; {@code checks} is the {@code vrrp} key's.
     */
    public void checkProxyReferences(Checks checks, Optional<ProxyConfig> proxy) {
        Objects.requireNonNull(proxy, "proxy");
        Set<String> listeners = proxy.map(p -> p.listeners().stream().map(ListenerConfig::name)
                .collect(Collectors.toCollection(TreeSet::new))).orElseGet(TreeSet::new);
        Set<String> pools = proxy.map(p -> (Set<String>) new TreeSet<>(p.upstreams().keySet())).orElseGet(TreeSet::new);
        for (int i = 0; i < instances.size(); i++) {
            List<VrrpTrackConfig> track = instances.get(i).track();
            for (int t = 0; t < track.size(); t++) {
                VrrpTrackConfig tracker = track.get(t);
                if (!tracker.wellFormed()) {
                    continue;
                }
                Checks at = checks.key("instances").index(i).key("track").index(t);
                switch (tracker.kind()) {
                    case LISTENER -> at.key("listener").require(listeners.contains(tracker.target()),
                            "no proxy listener is named '" + tracker.target() + "'",
                            listeners.isEmpty() ? "a listener defined under proxy.listeners" : "one of " + String.join(", ", listeners));
                    case POOL -> at.key("pool").require(pools.contains(tracker.target()),
                            "no proxy upstream pool is named '" + tracker.target() + "'",
                            pools.isEmpty() ? "a pool defined under proxy.upstreams" : "one of " + String.join(", ", pools));
                    case SCRIPT, INTERFACE -> {
                    }
                }
            }
        }
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }
}
