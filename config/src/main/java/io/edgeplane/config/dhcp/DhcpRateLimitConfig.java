package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;

/**
 * Limits against a client, or a flood of forged clients, that asks faster than any real one: past them, requests
 * are dropped and counted. A real client sends a handful of packets per exchange and retries after seconds.
 *
 * @param perClient      requests per second one hardware address may make, on average
 * @param perClientBurst requests one hardware address may make back to back
 * @param total          requests per second the server answers from everyone together; 0 = no limit
 * @param tableSize      hardware addresses tracked at once; beyond it the oldest are forgotten
 */
public record DhcpRateLimitConfig(@Default("4") int perClient, @Default("16") int perClientBurst,
                                  @Default("20000") int total, @Default("65536") int tableSize) implements Checked {

    @Override
    public void check(Checks checks) {
        checks.key("per_client").require(perClient >= 1 && perClient <= 100_000, "per_client must be 1..100000",
                "4 requests per second");
        checks.key("per_client_burst").require(perClientBurst >= 1 && perClientBurst <= 100_000,
                "per_client_burst must be 1..100000", "16");
        checks.key("total").require(total >= 0 && total <= 10_000_000, "total must be 0..10000000 (0 = no limit)",
                "20000 requests per second");
        checks.key("table_size").require(tableSize >= 256 && tableSize <= 16_777_216, "table_size must be 256..16777216",
                "65536");
    }
}
