package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.stats.Latency;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StatusCounts;
import io.edgeplane.proxy.stats.Traffic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stats in HAProxy's CSV form, read back the way a script reading HAProxy's would. */
class HaproxyCsvTest {

    private static final String HAPROXY_PREFIX = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,"
            + "dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,"
            + "pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,"
            + "check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,"
            + "req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,"
            + "last_agt,qtime,ctime,rtime,ttime,";

    private final String csv = new HaproxyCsv().render(ProxyStatsFixture.proxy());

    @Test
    void headerNamesHaproxysStaticFieldsInItsOrder() {
        String header = csv.substring(0, csv.indexOf('\n'));

        assertThat(header).startsWith(HAPROXY_PREFIX)
                .endsWith(",used_conn_cur,need_conn_est,uweight,");
        assertThat(header.substring(2).split(",", -1)).hasSize(101).endsWith("");
        assertThat(HaproxyCsvRow.FIELDS).hasSize(100).doesNotHaveDuplicates()
                .startsWith("pxname", "svname").endsWith("uweight");
        assertThat(HaproxyCsvRow.FIELDS.indexOf("status")).isEqualTo(17);
        assertThat(HaproxyCsvRow.FIELDS.indexOf("type")).isEqualTo(32);
        assertThat(HaproxyCsvRow.FIELDS.indexOf("check_status")).isEqualTo(36);
        assertThat(HaproxyCsvRow.FIELDS.indexOf("ttime")).isEqualTo(61);
        assertThat(HaproxyCsvRow.FIELDS.indexOf("addr")).isEqualTo(73);
    }

    @Test
    void frontendsThenEachPoolsServersThenItsBackend() {
        List<Map<String, String>> rows = rows(csv);

        assertThat(rows).extracting(row -> row.get("pxname") + "/" + row.get("svname") + " " + row.get("type")
                        + " " + row.get("status"))
                .containsExactly(
                        "public/FRONTEND 0 OPEN",
                        "internal/FRONTEND 0 OPEN",
                        "api/10.0.0.1:8080 2 UP",
                        "api/10.0.0.2:8080 2 DOWN",
                        "api/10.0.0.3:8080 2 DOWN",
                        "api/10.0.0.9:8080 2 UP",
                        "api/BACKEND 1 UP",
                        "web/web-1.internal:80 2 DRAIN",
                        "web/web-2.internal:80 2 MAINT",
                        "web/BACKEND 1 DOWN");
        assertThat(csv.lines()).hasSize(11).allSatisfy(line -> assertThat(line).endsWith(","));
        assertThat(rows).extracting(row -> row.get("iid")).containsExactly("1", "2", "3", "3", "3", "3", "3", "4", "4", "4");
        assertThat(rows).extracting(row -> row.get("sid")).containsExactly("0", "0", "1", "2", "3", "4", "0", "1", "2", "0");
        assertThat(rows).extracting(row -> row.get("pid")).containsOnly("1");
    }

    @Test
    void frontendCarriesConnectionsAndTraffic() {
        Map<String, String> front = row(rows(csv), "public", "FRONTEND");

        assertThat(front).containsEntry("scur", "12").containsEntry("smax", "40").containsEntry("slim", "1000")
                .containsEntry("bin", "5000000").containsEntry("bout", "1258291")
                .containsEntry("req_rate", "42").containsEntry("req_tot", "10500")
                .containsEntry("hrsp_1xx", "0").containsEntry("hrsp_2xx", "10000").containsEntry("hrsp_3xx", "200")
                .containsEntry("hrsp_4xx", "250").containsEntry("hrsp_5xx", "40").containsEntry("hrsp_other", "10")
                .containsEntry("mode", "http")
                // what edgeplane does not count stays empty, as HAProxy leaves it
                .containsEntry("stot", "").containsEntry("ereq", "").containsEntry("qcur", "")
                .containsEntry("rtime", "").containsEntry("check_status", "");
        assertThat(row(rows(csv), "internal", "FRONTEND")).containsEntry("slim", "");
    }

    @Test
    void serversCarryStateWeightChecksAndAge() {
        List<Map<String, String>> rows = rows(csv);

        assertThat(row(rows, "api", "10.0.0.1:8080")).containsEntry("scur", "3").containsEntry("smax", "17")
                .containsEntry("stot", "6000").containsEntry("weight", "100").containsEntry("act", "1")
                .containsEntry("bck", "0").containsEntry("lastchg", "7200").containsEntry("rate", "30")
                .containsEntry("check_status", "L7OK").containsEntry("check_code", "200")
                .containsEntry("check_duration", "4").containsEntry("check_desc", "Layer7 check passed")
                .containsEntry("last_chk", "HTTP 200").containsEntry("rtime", "11").containsEntry("ttime", "11")
                .containsEntry("addr", "10.0.0.1:8080").containsEntry("hanafail", "0");
        assertThat(row(rows, "api", "10.0.0.2:8080")).containsEntry("check_status", "L4CON")
                .containsEntry("check_code", "").containsEntry("last_chk", "connection refused")
                .containsEntry("lastchg", "300").containsEntry("hrsp_5xx", "40").containsEntry("rtime", "");
        assertThat(row(rows, "api", "10.0.0.3:8080")).containsEntry("status", "DOWN")
                .containsEntry("check_status", "HANA").containsEntry("check_desc", "Health analyze")
                .containsEntry("last_chk", "5 consecutive failures: connection reset")
                .containsEntry("check_duration", "").containsEntry("check_code", "")
                .containsEntry("hanafail", "2").containsEntry("lastchg", "192");
        assertThat(row(rows, "api", "10.0.0.9:8080")).containsEntry("act", "0").containsEntry("bck", "1")
                .containsEntry("check_status", "").containsEntry("last_chk", "");
        assertThat(row(rows, "web", "web-1.internal:80")).containsEntry("weight", "50")
                .containsEntry("check_status", "L4OK").containsEntry("check_desc", "Layer4 check passed");
        assertThat(row(rows, "web", "web-2.internal:80")).containsEntry("check_status", "L4TOUT")
                .containsEntry("check_duration", "2000").containsEntry("last_chk", "timed out after 2s");
    }

    @Test
    void backendsSumUpTheirPool() {
        List<Map<String, String>> rows = rows(csv);

        assertThat(row(rows, "api", "BACKEND")).containsEntry("scur", "3").containsEntry("smax", "20")
                .containsEntry("stot", "9000").containsEntry("req_tot", "9000").containsEntry("wredis", "4")
                .containsEntry("weight", "100").containsEntry("act", "1").containsEntry("bck", "1")
                .containsEntry("algo", "least_connections").containsEntry("rtime", "15")
                .containsEntry("hrsp_2xx", "8700").containsEntry("check_status", "").containsEntry("addr", "");
        assertThat(row(rows, "web", "BACKEND")).containsEntry("status", "DOWN").containsEntry("weight", "0")
                .containsEntry("act", "0").containsEntry("bck", "0").containsEntry("wredis", "0");
    }

    @Test
    void backupsWeighOnlyWhenNoPrimaryIsLeft() {
        ServerStats primary = server("10.0.0.1:80", ServerState.DOWN, false, 10);
        ServerStats backup = server("10.0.0.2:80", ServerState.UP, true, 3);
        PoolStats pool = new PoolStats("p", "round_robin", 1, 0, 0, 0, idle(), List.of(primary, backup));

        Map<String, String> backend = row(rows(new HaproxyCsv().render(
                new ProxyStats(ProxyStatsFixture.NOW, List.of(), List.of(pool)))), "p", "BACKEND");

        assertThat(backend).containsEntry("status", "UP").containsEntry("weight", "3")
                .containsEntry("act", "0").containsEntry("bck", "1");
    }

    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaks() {
        ServerStats odd = server("x\ny", ServerState.UP, false, 1);
        PoolStats pool = new PoolStats("a,b \"c\"", "round_robin", 1, 0, 0, 0, idle(), List.of(odd));
        String out = new HaproxyCsv().render(new ProxyStats(ProxyStatsFixture.NOW, List.of(), List.of(pool)));

        assertThat(out).contains("\n\"a,b \"\"c\"\"\",\"x\ny\",,,0,0,")
                .contains("\n\"a,b \"\"c\"\"\",BACKEND,");
        assertThat(rows(out)).extracting(row -> row.get("pxname") + "|" + row.get("svname"))
                .containsExactly("a,b \"c\"|x\ny", "a,b \"c\"|BACKEND");
        assertThat(HaproxyCsvRow.escape("plain 10.0.0.1:80")).isEqualTo("plain 10.0.0.1:80");
        assertThat(HaproxyCsvRow.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(HaproxyCsvRow.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(HaproxyCsvRow.escape("a\r\nb")).isEqualTo("\"a\r\nb\"");
    }

    @Test
    void anUnknownFieldIsABugNotData() {
        assertThatThrownBy(() -> new HaproxyCsvRow().set("sessions", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessions");
    }

    @Test
    void anEmptyProxyIsJustTheHeader() {
        assertThat(new HaproxyCsv().render(new ProxyStats(ProxyStatsFixture.NOW, List.of(), List.of())))
                .startsWith(HAPROXY_PREFIX).endsWith("uweight,\n").hasLineCount(1);
    }

    private static Traffic idle() {
        return new Traffic(0, 0, StatusCounts.NONE, 0, 0, Latency.NONE);
    }

    private static ServerStats server(String name, ServerState state, boolean backup, int weight) {
        return new ServerStats(name, state, backup, weight, weight, 0, 0, 0, 0, idle(), Optional.empty(),
                ProxyStatsFixture.NOW, List.of());
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String pxname, String svname) {
        return rows.stream().filter(row -> row.get("pxname").equals(pxname) && row.get("svname").equals(svname))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + pxname + "/" + svname));
    }

    /** Reads the CSV as a script would: names from the header, RFC 4180 quoting, HAProxy's trailing comma. */
    private static List<Map<String, String>> rows(String csv) {
        assertThat(csv).startsWith("# ");
        List<List<String>> records = parse(csv.substring(2));
        List<String> names = records.getFirst();
        assertThat(names.getLast()).isEmpty();
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            assertThat(record).hasSameSizeAs(names).last().isEqualTo("");
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < names.size() - 1; i++) {
                row.put(names.get(i), record.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote").isFalse();
        assertThat(record).as("text after the last line break").isEmpty();
        return records;
    }
}
