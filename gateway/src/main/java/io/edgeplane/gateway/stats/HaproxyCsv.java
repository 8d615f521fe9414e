package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.CheckResult;
import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StateChange;
import io.edgeplane.proxy.stats.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's stats in HAProxy's CSV form ({@code show stat}, {@code /stats;csv}), so the scripts and
 * monitoring checks written against HAProxy keep working: a {@code # } header naming HAProxy's static
 * fields in its order, then a FRONTEND line per listener, and per pool its server lines followed by its
 * BACKEND line. A field edgeplane has no value for is left empty, as HAProxy does.
 *
 * <p>Server states map to HAProxy's status words: UP, DOWN, DRAIN and MAINT as they are; EJECTED (passive
 * checks took the server out) is {@code DOWN} with {@code check_status} {@code HANA} ("Health analyze"),
 * which is what HAProxy shows for a server its {@code observe ... on-error mark-down} took down, and the
 * reason of the ejection in {@code last_chk}. A pool is UP while any server can take requests, else DOWN.
 *
 * <p>Counts follow HAProxy's meaning where edgeplane has the same measure: {@code stot} and {@code req_tot}
 * of pools and servers count requests (one HAProxy stream per request), {@code wredis} counts requests
 * retried on another server, {@code hanafail} counts ejections, {@code rtime} and {@code ttime} are the
 * median answer time (HAProxy's are averages), rates are per second rounded to whole numbers, and
 * {@code bin}/{@code bout} count body bytes.
 */
public final class HaproxyCsv {

    /** HAProxy's {@code pid} field: the relative process number, 1 for a single process. */
    private static final int PROCESS = 1;

    /** Renders every listener and pool. */
    public String render(ProxyStats stats) {
        Objects.requireNonNull(stats, "stats");
        StringBuilder out = new StringBuilder(1024 + 512 * (stats.listeners().size() + stats.pools().size()));
        HaproxyCsvRow.writeHeader(out);
        // HAProxy numbers frontends and backends in one sequence (iid); config order is ours.
        int iid = 0;
        for (ListenerStats listener : stats.listeners()) {
            frontend(listener, ++iid).writeTo(out);
        }
        for (PoolStats pool : stats.pools()) {
            iid++;
            List<ServerStats> servers = pool.servers();
            for (int sid = 1; sid <= servers.size(); sid++) {
                server(pool, servers.get(sid - 1), iid, sid, stats.at()).writeTo(out);
            }
            backend(pool, iid).writeTo(out);
        }
        return out.toString();
    }

    private static HaproxyCsvRow frontend(ListenerStats listener, int iid) {
        HaproxyCsvRow row = new HaproxyCsvRow()
                .set("pxname", listener.name()).set("svname", "FRONTEND")
                .set("scur", listener.connections()).set("smax", listener.maxConnections())
                .set("status", "OPEN").set("pid", PROCESS).set("iid", iid).set("sid", 0).set("type", 0)
                .set("req_rate", Math.round(listener.traffic().requestRate()))
                .set("req_tot", listener.traffic().requests()).set("mode", "http");
        if (listener.connectionLimit() > 0) {
            row.set("slim", listener.connectionLimit());
        }
        return traffic(row, listener.traffic());
    }

    private static HaproxyCsvRow backend(PoolStats pool, int iid) {
        // HAProxy's backend weight and act/bck count only servers that take requests; backups only count
        // toward the weight when no primary is left, since only then do they take the load.
        int primaries = 0;
        int backups = 0;
        long primaryWeight = 0;
        long backupWeight = 0;
        for (ServerStats server : pool.servers()) {
            if (!server.state().takesRequests()) {
                continue;
            }
            if (server.backup()) {
                backups++;
                backupWeight += server.weight();
            } else {
                primaries++;
                primaryWeight += server.weight();
            }
        }
        HaproxyCsvRow row = new HaproxyCsvRow()
                .set("pxname", pool.name()).set("svname", "BACKEND")
                .set("scur", pool.active()).set("smax", pool.maxActive()).set("stot", pool.traffic().requests())
                .set("wredis", pool.retries()).set("status", pool.available() > 0 ? "UP" : "DOWN")
                .set("weight", primaries > 0 ? primaryWeight : backupWeight).set("act", primaries)
                .set("bck", backups).set("pid", PROCESS).set("iid", iid).set("sid", 0).set("type", 1)
                .set("rate", Math.round(pool.traffic().requestRate())).set("req_tot", pool.traffic().requests())
                .set("mode", "http").set("algo", pool.balance());
        return latency(traffic(row, pool.traffic()), pool.traffic());
    }

    private static HaproxyCsvRow server(PoolStats pool, ServerStats server, int iid, int sid, Instant at) {
        HaproxyCsvRow row = new HaproxyCsvRow()
                .set("pxname", pool.name()).set("svname", server.name())
                .set("scur", server.active()).set("smax", server.maxActive())
                .set("stot", server.traffic().requests())
                .set("status", status(server.state())).set("weight", server.weight())
                .set("act", server.backup() ? 0 : 1).set("bck", server.backup() ? 1 : 0)
                .set("lastchg", Math.max(0, Duration.between(server.lastChange(), at).toSeconds()))
                .set("pid", PROCESS).set("iid", iid).set("sid", sid).set("type", 2)
                .set("rate", Math.round(server.traffic().requestRate()))
                .set("hanafail", server.ejections()).set("addr", server.name()).set("mode", "http");
        check(row, server);
        return latency(traffic(row, server.traffic()), server.traffic());
    }

    /** HAProxy's status word for a server state; see the class comment for EJECTED. */
    static String status(ServerState state) {
        return switch (state) {
            case UP -> "UP";
            case DOWN, EJECTED -> "DOWN";
            case DRAIN -> "DRAIN";
            case MAINT -> "MAINT";
        };
    }

    private static void check(HaproxyCsvRow row, ServerStats server) {
        if (server.state() == ServerState.EJECTED) {
            // As HAProxy's observe does: the passive verdict replaces the last check's, without a duration.
            String reason = server.history().reversed().stream()
                    .filter(change -> change.to() == ServerState.EJECTED)
                    .map(StateChange::reason).findFirst().orElse("ejected by passive checks");
            row.set("check_status", HaproxyCheckStatus.HANA.name())
                    .set("check_desc", HaproxyCheckStatus.HANA.description()).set("last_chk", reason);
            return;
        }
        if (server.check().isEmpty()) {
            return;
        }
        CheckResult check = server.check().get();
        HaproxyCheckStatus status = HaproxyCheckStatus.of(check);
        row.set("check_status", status.name()).set("check_desc", status.description())
                .set("check_duration", check.durationMillis()).set("last_chk", check.detail());
        HaproxyCheckStatus.httpStatus(check).ifPresent(code -> row.set("check_code", code));
    }

    private static HaproxyCsvRow traffic(HaproxyCsvRow row, Traffic traffic) {
        return row.set("bin", traffic.bytesIn()).set("bout", traffic.bytesOut())
                .set("hrsp_1xx", traffic.statuses().informational())
                .set("hrsp_2xx", traffic.statuses().success())
                .set("hrsp_3xx", traffic.statuses().redirection())
                .set("hrsp_4xx", traffic.statuses().clientError())
                .set("hrsp_5xx", traffic.statuses().serverError())
                .set("hrsp_other", traffic.statuses().other());
    }

    private static HaproxyCsvRow latency(HaproxyCsvRow row, Traffic traffic) {
        Double median = traffic.latency().p50Millis();
        if (median != null) {
            row.set("rtime", Math.round(median)).set("ttime", Math.round(median));
        }
        return row;
    }
}
