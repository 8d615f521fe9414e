package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Key;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Instances that change state together (keepalived's {@code vrrp_sync_group}): when one goes to FAULT or
 * BACKUP, all do, so the addresses of, say, an outside and an inside network always sit on the same node.
 *
 * @param name           how logs and notify programs name it
 * @param instances      the member instances, by name; two or more, each in at most one group
 * @param notifyPrograms programs run when the group as a whole changes state
 */
public record VrrpSyncGroupConfig(String name, List<String> instances, @Key("notify") VrrpNotifyConfig notifyPrograms)
        implements Checked {

    public VrrpSyncGroupConfig {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        Objects.requireNonNull(notifyPrograms, "notifyPrograms");
    }

    @Override
    public void check(Checks checks) {
        checks.key("name").require(VrrpConfig.validName(name), "'" + name + "' is not a sync group name", VrrpConfig.NAME_EXPECTED);
        checks.key("instances").require(instances.size() >= 2,
                "a sync group of " + (instances.isEmpty() ? "no instance" : "one instance") + " keeps nothing together",
                "two or more instances, such as [VI_OUTSIDE, VI_INSIDE]");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < instances.size(); i++) {
            checks.key("instances").index(i).require(seen.add(instances.get(i)),
                    "instance '" + instances.get(i) + "' is listed twice", "each instance once");
        }
    }
}
