package io.edgeplane.gateway.admin;

import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.server.DhcpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DHCP server's state as the admin API and {@code /stats.json} show it: plain strings, no binary fields. */
final class DhcpJson {

    private DhcpJson() {
    }

    static Map<String, Object> view(DhcpStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("interface", status.interfaceName());
        view.put("server_address", status.serverAddress().getHostAddress());
        view.put("pool_size", status.poolSize());
        view.put("pool_free", status.poolFree());
        view.put("lease_count", status.leases().size());
        view.put("leases", leases(status.leases()));
        return view;
    }

    static List<Map<String, Object>> leases(List<Lease> leases) {
        return leases.stream().map(DhcpJson::lease).toList();
    }

    private static Map<String, Object> lease(Lease lease) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("address", lease.address().getHostAddress());
        view.put("mac", lease.hardwareAddress().toString());
        view.put("host_name", lease.hostName().orElse(null));
        view.put("client_id", lease.clientId().map(Object::toString).orElse(null));
        view.put("expires", lease.expires().toString());
        return view;
    }
}
