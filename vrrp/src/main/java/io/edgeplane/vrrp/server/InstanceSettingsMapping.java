package io.edgeplane.vrrp.server;

import io.edgeplane.config.vrrp.VrrpGarpConfig;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.state.GratuitousArpSettings;
import io.edgeplane.vrrp.state.VrrpInstanceSettings;
import java.util.List;

/** A validated {@code vrrp.instances} entry as the state machine's settings. */
final class InstanceSettingsMapping {

    private InstanceSettingsMapping() {
    }

    static VrrpInstanceSettings settings(VrrpInstanceConfig config) {
        VrrpGarpConfig garp = config.garp();
        // keepalived's vrrp_garp_lower_prio_* default to the master's settings; the config has no keys for them.
        GratuitousArpSettings arps = new GratuitousArpSettings(garp.masterDelay(), garp.repeat(), garp.refresh(),
                garp.refreshRepeat(), garp.masterDelay(), garp.repeat());
        return VrrpInstanceSettings.builder(config.name(), config.virtualRouterId(), config.priority(),
                        config.virtualIps().stream().map(vip -> vip.address().address()).toList())
                .version(config.version())
                .advertInterval(config.advertInterval())
                .authentication(config.auth().<Authentication>map(auth -> Authentication.SimplePassword.of(auth.pass()))
                        .orElse(Authentication.NONE))
                .preempt(config.preempt())
                .preemptDelay(config.preemptDelay())
                .acceptMode(config.accept())
                .unicastPeers(List.copyOf(config.unicastPeers()))
                // With unicast peers the peer list is also the list of who may advertise (keepalived's check_unicast_src).
                .checkUnicastSource(!config.unicastPeers().isEmpty())
                .gratuitousArp(arps)
                .build();
    }
}
