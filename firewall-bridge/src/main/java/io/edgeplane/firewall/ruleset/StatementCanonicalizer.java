package io.edgeplane.firewall.ruleset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a rule the way nft lists it back, so that the listing of a ruleset and the kernel's agree: nft leaves out
 * defaults and adds the protocol match a statement depends on. Each rewrite keeps the rule's meaning; each was seen
 * in nft 1.0.6's output. What is not covered here (protocol names for numbers, the order of {@code log} options) the
 * compiler writes in canonical form itself.
 *
 * <ul>
 *   <li>{@code limit rate 3/minute burst 5 packets} becomes {@code limit rate 3/minute}: 5 packets is the default
 *       burst;</li>
 *   <li>{@code log ... level warn} loses {@code level warn}, the default level;</li>
 *   <li>{@code reject with icmpx type port-unreachable} becomes {@code reject}, the default, and
 *       {@code with icmp type X} becomes {@code with icmp X};</li>
 *   <li>{@code reject with tcp reset} with no TCP match before it gains {@code meta l4proto tcp} in front, the
 *       dependency nft inserts;</li>
 *   <li>interface names are quoted: {@code iifname lo} becomes {@code iifname "lo"};</li>
 *   <li>an anonymous set of numbers or addresses is listed by value without duplicates, and one of a single
 *       element loses its braces: {@code tcp dport { 443, 80 }} becomes {@code tcp dport { 80, 443 }},
 *       {@code tcp dport { 22 }} becomes {@code tcp dport 22}.</li>
 * </ul>
 *
 * Quoted text (comments, log prefixes) is never changed.
 */
public final class StatementCanonicalizer {

    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    /** Stands for the n-th quoted string while the rest is rewritten; a control character no rule contains. */
    private static final char MARK = '\u0001';
    private static final Pattern DEFAULT_BURST = Pattern.compile("(\\blimit rate (?:over )?\\d+/[a-z]+) burst 5 packets\\b");
    private static final Pattern DEFAULT_LEVEL = Pattern.compile(" level warn\\b");
    private static final Pattern DEFAULT_REJECT = Pattern.compile("\\breject with icmpx (?:type )?port-unreachable\\b");
    private static final Pattern REJECT_TYPE = Pattern.compile("\\breject with (icmpx|icmpv6|icmp) type ");
    private static final Pattern TCP_RESET = Pattern.compile("\\breject with tcp reset\\b");
    private static final Pattern TCP_MATCH = Pattern.compile("\\btcp (?:dport|sport|flags|option|sequence|ackseq|window"
            + "|checksum|urgptr|doff)\\b|\\bmeta l4proto tcp\\b|\\bip protocol tcp\\b|\\bip6 nexthdr tcp\\b");
    private static final Pattern BARE_INTERFACE = Pattern.compile("\\b(iifname|oifname|iif|oif) (!= )?([A-Za-z][A-Za-z0-9_.:+*-]*)");
    private static final Pattern ANONYMOUS_SET = Pattern.compile("\\{ ([^{}]*) }");

    /** The statement as nft 1.0.6 would list it. */
    public String canonical(String statement) {
        Objects.requireNonNull(statement, "statement");
        List<String> quoted = new ArrayList<>();
        Matcher q = QUOTED.matcher(statement);
        StringBuilder masked = new StringBuilder();
        while (q.find()) {
            q.appendReplacement(masked, Matcher.quoteReplacement(MARK + Integer.toString(quoted.size()) + MARK));
            quoted.add(q.group());
        }
        q.appendTail(masked);

        String s = masked.toString();
        s = DEFAULT_BURST.matcher(s).replaceAll("$1");
        s = DEFAULT_LEVEL.matcher(s).replaceAll("");
        s = DEFAULT_REJECT.matcher(s).replaceAll("reject");
        s = REJECT_TYPE.matcher(s).replaceAll("reject with $1 ");
        if (TCP_RESET.matcher(s).find() && !TCP_MATCH.matcher(s).find()) {
            s = "meta l4proto tcp " + s;
        }
        s = BARE_INTERFACE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + " " + (m.group(2) == null ? "" : m.group(2)) + "\"" + m.group(3) + "\""));
        s = ANONYMOUS_SET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(anonymousSet(m.group(1), m.group())));

        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == MARK) {
                int end = s.indexOf(MARK, i + 1);
                out.append(quoted.get(Integer.parseInt(s.substring(i + 1, end))));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Elements listed by value, or the one element bare; a set of anything else (a meter's key) unchanged. */
    private static String anonymousSet(String inside, String whole) {
        List<String> elements = Arrays.stream(inside.split(",")).map(String::strip).toList();
        String type;
        if (SetElements.numeric(elements)) {
            type = "inet_service";
        } else {
            type = SetElements.addressType(elements).orElse(null);
        }
        if (type == null) {
            return whole;
        }
        if (elements.size() == 1) {
            return SetElements.canonical(type, elements.getFirst());
        }
        return "{ " + String.join(", ", SetElements.sorted(type, elements)) + " }";
    }
}
