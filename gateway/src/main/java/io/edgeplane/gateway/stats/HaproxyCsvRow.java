package io.edgeplane.gateway.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of HAProxy's stats CSV, filled field by field by name and written in HAProxy's column order.
 * A field never set stays empty, as HAProxy leaves a field it has no value for.
 */
final class HaproxyCsvRow {

    /**
     * HAProxy's static fields of the proxy domain, in its order (management guide, "9.1. CSV format",
     * fields 0 to 99). Scripts read these by position, so the order never changes and nothing goes before
     * them; HAProxy's module fields (after its {@code -} column) have no counterpart here.
     */
    static final List<String> FIELDS = List.of(
            "pxname", "svname", "qcur", "qmax", "scur", "smax", "slim", "stot", "bin", "bout",
            "dreq", "dresp", "ereq", "econ", "eresp", "wretr", "wredis", "status", "weight", "act",
            "bck", "chkfail", "chkdown", "lastchg", "downtime", "qlimit", "pid", "iid", "sid", "throttle",
            "lbtot", "tracked", "type", "rate", "rate_lim", "rate_max", "check_status", "check_code",
            "check_duration", "hrsp_1xx",
            "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other", "hanafail", "req_rate",
            "req_rate_max", "req_tot", "cli_abrt",
            "srv_abrt", "comp_in", "comp_out", "comp_byp", "comp_rsp", "lastsess", "last_chk", "last_agt",
            "qtime", "ctime",
            "rtime", "ttime", "agent_status", "agent_code", "agent_duration", "check_desc", "agent_desc",
            "check_rise", "check_fall", "check_health",
            "agent_rise", "agent_fall", "agent_health", "addr", "cookie", "mode", "algo", "conn_rate",
            "conn_rate_max", "conn_tot",
            "intercepted", "dcon", "dses", "wrew", "connect", "reuse", "cache_lookups", "cache_hits",
            "srv_icur", "src_ilim",
            "qtime_max", "ctime_max", "rtime_max", "ttime_max", "eint", "idle_conn_cur", "safe_conn_cur",
            "used_conn_cur", "need_conn_est", "uweight");

    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private final Map<String, String> values = new HashMap<>();

    /** Sets a field; a name HAProxy does not have is a bug here, not data to pass on. */
    HaproxyCsvRow set(String field, Object value) {
        if (!KNOWN.contains(field)) {
            throw new IllegalArgumentException("not a HAProxy stats field: " + field);
        }
        values.put(field, String.valueOf(value));
        return this;
    }

    /** The header line: {@code # pxname,svname,...,} with HAProxy's trailing comma. */
    static void writeHeader(StringBuilder out) {
        out.append("# ");
        for (String field : FIELDS) {
            out.append(field).append(',');
        }
        out.append('\n');
    }

    /** This row, each field followed by a comma as HAProxy writes it. */
    void writeTo(StringBuilder out) {
        for (String field : FIELDS) {
            out.append(escape(values.getOrDefault(field, ""))).append(',');
        }
        out.append('\n');
    }

    /**
     * Quotes a field only when it would be ambiguous (a comma, a quote or a line break in it), doubling
     * quotes inside, which is what HAProxy does and what CSV readers expect.
     */
    static String escape(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
