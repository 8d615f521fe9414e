package io.edgeplane.gateway.admin;

import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.server.DhcpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DHCP server's state as the admin API and {@code /stats.json} show it: plain strings, no binary fields.
 * {@code interface}, {@code server_address}, {@code pool_size}, {@code pool_free}, {@code lease_count} and
 * {@code leases}, each with {@code address}, {@code mac}, {@code host_name}, {@code client_id} (null when the client
 * sent none) and {@code expires} (ISO-8601, UTC, to the second).
 */
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
        // Null, as host_name and client_id are when absent: a client may send hlen 0 and a client identifier.
        view.put("mac", lease.hardwareAddress().length() == 0 ? null : lease.hardwareAddress().toString());
        view.put("host_name", lease.hostName().orElse(null));
        view.put("client_id", lease.clientId().map(Object::toString).orElse(null));
        view.put("expires", lease.expires().toString());
        return view;
    }
}
