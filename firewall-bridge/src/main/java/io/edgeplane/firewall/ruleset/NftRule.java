package io.edgeplane.firewall.ruleset;

import java.util.Objects;

/**
 * One rule of a chain, as nftables writes it ({@code tcp dport 22 accept comment "SSH access"}), with where it came
 * from, so that an error nft reports on it can name the config key that made it.
 *
 * @param statement the rule in nft syntax, on one line
 * @param origin    the config path or the built-in purpose it serves: {@code firewall.input.allow[2]},
 *                  {@code auto_allow: proxy listener north}, {@code built-in: loopback}
 */
public record NftRule(String statement, String origin) {

    public NftRule {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(origin, "origin");
        if (statement.isBlank() || statement.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a rule is one non-empty line, got '" + statement + "'");
        }
    }
}
