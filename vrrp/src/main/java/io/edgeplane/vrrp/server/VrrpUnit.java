package io.edgeplane.vrrp.server;

import io.edgeplane.config.vrrp.VrrpConfig;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.config.vrrp.VrrpScriptConfig;
import io.edgeplane.config.vrrp.VrrpSyncGroupConfig;
import io.edgeplane.config.vrrp.VrrpTrackConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a reload keeps or restarts as one: a sync group with its members, or an instance outside any group, with
 * every script its trackers use. A unit whose definition did not change keeps running untouched through a reload
 * (keepalived's {@code clear_diff_vrrp}); one that changed is stopped and started again.
 *
 * @param name      the group's or the lone instance's name
 * @param instances the members, in config order
 * @param group     the sync group, when there is one
 * @param scripts   the scripts the members' trackers run, by name
 */
record VrrpUnit(String name, List<VrrpInstanceConfig> instances, Optional<VrrpSyncGroupConfig> group,
                Map<String, VrrpScriptConfig> scripts) {

    VrrpUnit {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        Objects.requireNonNull(group, "group");
        scripts = Map.copyOf(scripts);
    }

    /** The units of {@code config}: its sync groups, then the instances in none, in config order. */
    static List<VrrpUnit> of(VrrpConfig config) {
        List<VrrpUnit> units = new ArrayList<>();
        Set<String> grouped = new LinkedHashSet<>();
        for (VrrpSyncGroupConfig group : config.syncGroups()) {
            List<VrrpInstanceConfig> members = group.instances().stream()
                    .map(name -> config.instance(name).orElseThrow(() -> new IllegalStateException(
                            "a validated config's sync group " + group.name() + " names instance " + name)))
                    .toList();
            grouped.addAll(group.instances());
            units.add(new VrrpUnit(group.name(), members, Optional.of(group), scripts(config, members)));
        }
        for (VrrpInstanceConfig instance : config.instances()) {
            if (!grouped.contains(instance.name())) {
                units.add(new VrrpUnit(instance.name(), List.of(instance), Optional.empty(),
                        scripts(config, List.of(instance))));
            }
        }
        return units;
    }

    private static Map<String, VrrpScriptConfig> scripts(VrrpConfig config, List<VrrpInstanceConfig> members) {
        Map<String, VrrpScriptConfig> used = new LinkedHashMap<>();
        for (VrrpInstanceConfig member : members) {
            for (VrrpTrackConfig tracker : member.track()) {
                tracker.script().ifPresent(name -> used.put(name, config.scripts().get(name)));
            }
        }
        return used;
    }
}
