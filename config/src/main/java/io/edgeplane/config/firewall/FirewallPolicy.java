package io.edgeplane.config.firewall;

/**
 * What a chain does with a packet no rule accepted, and with the packets its {@code deny} rules match: ufw's
 * {@code default deny} is {@code drop}, its {@code default reject} is {@code reject}.
 */
public enum FirewallPolicy {
    /** Let it through. */
    ACCEPT,
    /** Discard it silently: the sender waits for its timeout. */
    DROP,
    /** Discard it and tell the sender at once: a TCP reset, or ICMP port unreachable for anything else. */
    REJECT
}
