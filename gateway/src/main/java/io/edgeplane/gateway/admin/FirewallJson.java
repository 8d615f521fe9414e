package io.edgeplane.gateway.admin;

import io.edgeplane.firewall.service.FirewallStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The firewall's state as {@code /stats.json} shows it: {@code digest}, {@code rules}, {@code applied_at},
 * {@code checked_at} (null before the first reading of the kernel's table), {@code in_sync}, {@code drift} (how the
 * kernel's table differs from the ruleset applied; empty when in sync), {@code denied} (packets denied by chain, as
 * the kernel counted them at the last check), {@code warnings} and {@code on_stop} ({@code keep} or {@code remove}).
 * Instants in ISO-8601, UTC.
 */
final class FirewallJson {

    private FirewallJson() {
    }

    static Map<String, Object> view(FirewallStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("digest", status.digest());
        view.put("rules", status.rules());
        view.put("applied_at", status.appliedAt().toString());
        view.put("checked_at", status.checkedAt().map(Object::toString).orElse(null));
        view.put("in_sync", status.inSync());
        view.put("drift", status.drift());
        // By chain name: the status holds them in no particular order.
        view.put("denied", new TreeMap<>(status.denied()));
        view.put("warnings", status.warnings());
        view.put("on_stop", status.onStop());
        return view;
    }
}
