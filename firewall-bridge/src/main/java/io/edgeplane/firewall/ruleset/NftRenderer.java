package io.edgeplane.firewall.ruleset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link Ruleset} as {@code nft list table inet edgeplane} prints it: tabs, one statement a line, a blank line
 * between sets and chains, set elements by value and wrapped as nft wraps them, rules without the defaults nft leaves
 * out ({@link StatementCanonicalizer}). Writing what nft prints keeps {@code edgeplane firewall diff} quiet when the
 * kernel holds the same ruleset, and makes the digest independent of the order a zone lists its members in.
 */
public final class NftRenderer {

    /** Comments are how the kernel's copy names its ruleset; this starts every one edgeplane writes. */
    public static final String COMMENT_PREFIX = "edgeplane ruleset ";

    /** What nft puts between two elements when it wraps a long list: the line break and the column of the first. */
    static final String ELEMENT_WRAP = ",\n\t\t\t     ";

    private final StatementCanonicalizer statements = new StatementCanonicalizer();

    public NftListing render(Ruleset ruleset) {
        Lines body = new Lines();
        boolean first = true;
        for (NftSet set : ruleset.sets()) {
            if (!first) {
                body.add("", Optional.empty());
            }
            first = false;
            renderSet(set, body);
        }
        for (NftChain chain : ruleset.chains()) {
            if (!first) {
                body.add("", Optional.empty());
            }
            first = false;
            renderChain(chain, body);
        }
        String digest = digest(body.text());
        Lines all = new Lines();
        all.add("table " + ruleset.family() + " " + ruleset.table() + " {", Optional.empty());
        all.add("\tcomment \"" + COMMENT_PREFIX + digest + "\"", Optional.empty());
        all.addAll(body);
        all.add("}", Optional.empty());
        return new NftListing(all.text(), digest, all.origins);
    }

    private void renderSet(NftSet set, Lines out) {
        Optional<String> origin = Optional.of(set.origin());
        out.add("\tset " + set.name() + " {", origin);
        out.add("\t\ttype " + set.type(), origin);
        set.dynamic().ifPresent(meter -> out.add("\t\tsize " + meter.size(), origin));
        if (set.dynamic().isPresent()) {
            out.add("\t\tflags dynamic,timeout", origin);
            out.add("\t\ttimeout " + duration(set.dynamic().get().timeout()), origin);
        } else if (set.interval()) {
            out.add("\t\tflags interval", origin);
        }
        if (!set.elements().isEmpty()) {
            List<String> elements = SetElements.sorted(set.type(), set.elements());
            int perLine = SetElements.perLine(set.type());
            StringBuilder text = new StringBuilder("\t\telements = { ");
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    text.append(i % perLine == 0 ? ELEMENT_WRAP : ", ");
                }
                text.append(elements.get(i));
            }
            text.append(" }");
            // One entry per printed line, so that nft's line numbers still find the set's origin.
            text.toString().lines().forEach(line -> out.add(line, origin));
        }
        out.add("\t}", origin);
    }

    private void renderChain(NftChain chain, Lines out) {
        out.add("\tchain " + chain.name() + " {", Optional.empty());
        chain.hook().ifPresent(hook -> out.add("\t\ttype filter hook " + hook.hook() + " priority filter; policy "
                + hook.policy() + ";", Optional.empty()));
        for (NftRule rule : chain.rules()) {
            out.add("\t\t" + statements.canonical(rule.statement()), Optional.of(rule.origin()));
        }
        out.add("\t}", Optional.empty());
    }

    /** A duration as nft prints one: {@code 4m}, {@code 1h30m}, {@code 1d}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        StringBuilder text = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (rest > 0) {
            text.append(rest).append('s');
        }
        return text.toString();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Text built a line at a time, remembering what made each line. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private final List<Optional<String>> origins = new ArrayList<>();

        void add(String line, Optional<String> origin) {
            text.append(line).append('\n');
            origins.add(origin);
        }

        void addAll(Lines other) {
            text.append(other.text);
            origins.addAll(other.origins);
        }

        String text() {
            return text.toString();
        }
    }
}
