package io.edgeplane.firewall.nft;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the output of {@code nft -j list table FAMILY NAME} (libnftables' JSON schema 1) into a {@link KernelTable}.
 * Only what the verifier compares is kept; rules are counted, not read.
 */
public final class KernelTableJson {

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The table {@code family}/{@code name} in {@code json}.
     *
     * @throws NftException if the text is not nft's JSON or does not hold that table
     */
    public KernelTable parse(String json, String family, String name) throws NftException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new NftException("nft's JSON listing of table " + family + " " + name + " does not parse: "
                    + e.getOriginalMessage(), e);
        }
        JsonNode objects = root == null ? null : root.get("nftables");
        if (objects == null || !objects.isArray()) {
            throw new NftException("nft's JSON listing of table " + family + " " + name
                    + " has no \"nftables\" array: expected libnftables' JSON, got "
                    + abbreviate(json));
        }
        boolean tableSeen = false;
        Optional<String> digest = Optional.empty();
        Map<String, JsonNode> chains = new LinkedHashMap<>();
        Map<String, Integer> ruleCounts = new LinkedHashMap<>();
        Map<String, Long> counted = new LinkedHashMap<>();
        List<KernelSet> sets = new ArrayList<>();
        for (JsonNode object : objects) {
            if (object.has("table") && belongs(object.get("table"), family, "name", name)) {
                tableSeen = true;
                JsonNode comment = object.get("table").get("comment");
                // nft 1.0.6 leaves the table's comment out of its JSON; NftTableReader then reads it from the text.
                digest = comment != null && comment.isTextual() ? KernelTable.digestOfComment(comment.asText())
                        : Optional.empty();
            } else if (object.has("chain") && belongs(object.get("chain"), family, "table", name)) {
                chains.put(object.get("chain").path("name").asText(), object.get("chain"));
            } else if (object.has("rule") && belongs(object.get("rule"), family, "table", name)) {
                String chain = object.get("rule").path("chain").asText();
                ruleCounts.merge(chain, 1, Integer::sum);
                counted.merge(chain, counterPackets(object.get("rule")), Long::sum);
            } else if (object.has("set") && belongs(object.get("set"), family, "table", name)) {
                sets.add(set(object.get("set")));
            }
        }
        if (!tableSeen) {
            throw new NftException("nft's JSON listing holds no table " + family + " " + name + ": got "
                    + abbreviate(json));
        }
        List<KernelChain> kernelChains = new ArrayList<>();
        chains.forEach((chainName, chain) -> kernelChains.add(new KernelChain(chainName, text(chain.get("hook")),
                text(chain.get("policy")), ruleCounts.getOrDefault(chainName, 0), counted.getOrDefault(chainName, 0L))));
        return new KernelTable(digest, kernelChains, sets);
    }

    /** The packets the rule's {@code counter} statement has counted; 0 for a rule without one. */
    private static long counterPackets(JsonNode rule) {
        long packets = 0;
        for (JsonNode statement : rule.path("expr")) {
            JsonNode counter = statement.get("counter");
            if (counter != null) {
                packets += Math.max(0, counter.path("packets").asLong(0));
            }
        }
        return packets;
    }

    private static boolean belongs(JsonNode object, String family, String nameField, String name) {
        return family.equals(object.path("family").asText()) && name.equals(object.path(nameField).asText());
    }

    private static KernelSet set(JsonNode set) {
        String type = type(set.get("type"));
        List<String> flags = new ArrayList<>();
        JsonNode flagsNode = set.get("flags");
        if (flagsNode != null && flagsNode.isArray()) {
            flagsNode.forEach(f -> flags.add(f.asText()));
        } else if (flagsNode != null && flagsNode.isTextual()) {
            flags.add(flagsNode.asText());
        }
        boolean quoted = type.equals("ifname") || type.equals("string");
        List<String> elements = new ArrayList<>();
        JsonNode elem = set.get("elem");
        if (elem != null && elem.isArray()) {
            elem.forEach(e -> elements.add(element(e, quoted)));
        } else if (elem != null) {
            elements.add(element(elem, quoted));
        }
        return new KernelSet(set.path("name").asText(), type, flags, elements);
    }

    private static String type(JsonNode type) {
        if (type == null) {
            return "";
        }
        if (type.isArray()) {
            List<String> parts = new ArrayList<>();
            type.forEach(t -> parts.add(t.asText()));
            return String.join(" . ", parts);
        }
        return type.asText();
    }

    /** One element in nft's text form; see {@link KernelSet#elements()}. */
    static String element(JsonNode node, boolean quoted) {
        if (node.isTextual()) {
            return quoted ? "\"" + node.asText() + "\"" : node.asText();
        }
        if (node.isNumber()) {
            return node.asText();
        }
        if (node.isObject()) {
            if (node.has("prefix")) {
                JsonNode prefix = node.get("prefix");
                return element(prefix.path("addr"), quoted) + "/" + prefix.path("len").asText();
            }
            if (node.has("range") && node.get("range").isArray() && node.get("range").size() == 2) {
                return element(node.get("range").get(0), quoted) + "-" + element(node.get("range").get(1), quoted);
            }
            if (node.has("elem")) {
                // An element with its own timeout, expiry, comment or a meter's bucket: only the value counts.
                return element(node.get("elem").path("val"), quoted);
            }
            if (node.has("concat") && node.get("concat").isArray()) {
                List<String> parts = new ArrayList<>();
                node.get("concat").forEach(p -> parts.add(element(p, quoted)));
                return String.join(" . ", parts);
            }
        }
        return node.toString();
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static String abbreviate(String text) {
        String s = text.strip();
        return s.length() <= 200 ? "'" + s + "'" : "'" + s.substring(0, 200) + "...'";
    }
}
