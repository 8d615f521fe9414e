package io.edgeplane.firewall.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeplane.firewall.nft.NftAccess;
import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftResult;
import io.edgeplane.firewall.ruleset.NftScript;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An nft that keeps "the kernel's" table inet edgeplane in memory, for the calls {@code FirewallApplier} makes: a
 * script on stdin ({@code -f -}) that replaces or deletes the table, {@code -s list table inet edgeplane} (the last
 * table loaded, as loaded: edgeplane writes what nft prints) and {@code -j list table inet edgeplane} (that table in
 * libnftables' JSON as nft 1.0.6 prints it, without the table's comment, with the packets each chain's counters
 * counted). A table that is not there is answered as nft 1.0.6 answers it. It can also refuse the next script as nft
 * would, fail to run, have the table deleted behind edgeplane's back, and count packets.
 */
public final class InMemoryNft implements NftCommand {

    private static final List<String> LOAD = List.of("-f", "-");
    private static final List<String> LIST_JSON = List.of("-j", "list", "table", "inet", "edgeplane");
    private static final List<String> LIST_TEXT = List.of("-s", "list", "table", "inet", "edgeplane");
    private static final String PREAMBLE = NftScript.remove();
    private static final Pattern HOOK = Pattern.compile(
            "type (?<type>\\S+) hook (?<hook>\\S+) priority \\S+; policy (?<policy>\\S+);");
    private static final Pattern RANGE = Pattern.compile("[0-9a-fA-F.:]+-[0-9a-fA-F.:]+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ScriptedNft.Call> calls = new ArrayList<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final List<String> programs = new ArrayList<>();
    private Optional<String> table = Optional.empty();
    private Optional<Refusal> refusal = Optional.empty();
    private Optional<NftException> failure = Optional.empty();
    private Optional<Runnable> beforeNextRun = Optional.empty();

    private record Refusal(String fragment, String message) {
    }

    /** How the firewall reaches this nft, whatever program its config names. */
    public NftAccess access() {
        return (program, timeout) -> {
            synchronized (this) {
                programs.add(program);
            }
            return this;
        };
    }

    /** A table already in force before the test, as someone (an earlier edgeplane) loaded it. */
    public synchronized InMemoryNft holding(String listing) {
        table = Optional.of(listing);
        counted.clear();
        return this;
    }

    /** The table the kernel holds now, as {@code nft -s list} prints it. */
    public synchronized Optional<String> table() {
        return table;
    }

    /** {@code nft delete table inet edgeplane} (or {@code nft flush ruleset}) run by someone else. */
    public synchronized void deleteTable() {
        table = Optional.empty();
        counted.clear();
    }

    /** The kernel's counters in {@code chain} have counted {@code packets} (what its {@code counter} rules saw). */
    public synchronized void count(String chain, long packets) {
        counted.put(chain, packets);
    }

    /**
     * The next script is refused, as nft refuses a statement it cannot process: at the first line holding
     * {@code fragment}, which nft then echoes with carets under the fragment. Nothing changes in the kernel.
     */
    public synchronized void refuseNextAt(String fragment, String message) {
        refusal = Optional.of(new Refusal(fragment, message));
    }

    /** The next run of nft, whatever it is asked, does not answer (it cannot be started, or it hung and was killed). */
    public synchronized void failNextRun(NftException exception) {
        failure = Optional.of(exception);
    }

    /**
     * {@code action} runs when nft is next run, before it answers, on the thread that runs it and without this nft's
     * lock: what happens in the kernel while a reading of it is under way.
     */
    public synchronized void beforeNextRun(Runnable action) {
        beforeNextRun = Optional.of(action);
    }

    /** Every run, in order. */
    public synchronized List<ScriptedNft.Call> calls() {
        return List.copyOf(calls);
    }

    /** What each {@code nft -f -} read on stdin, in order. */
    public synchronized List<String> scripts() {
        return calls.stream().filter(c -> c.arguments().equals(LOAD)).map(c -> c.stdin().orElse("")).toList();
    }

    /** The {@code firewall.nft} programs the firewall asked for. */
    public synchronized List<String> programs() {
        return List.copyOf(programs);
    }

    @Override
    public NftResult run(List<String> arguments, Optional<String> stdin) throws NftException {
        Optional<Runnable> action;
        synchronized (this) {
            action = beforeNextRun;
            beforeNextRun = Optional.empty();
        }
        action.ifPresent(Runnable::run);
        return answer(arguments, stdin);
    }

    private synchronized NftResult answer(List<String> arguments, Optional<String> stdin) throws NftException {
        calls.add(new ScriptedNft.Call(List.copyOf(arguments), stdin));
        if (failure.isPresent()) {
            NftException exception = failure.get();
            failure = Optional.empty();
            throw exception;
        }
        if (arguments.equals(LOAD)) {
            return load(stdin.orElseThrow(() -> new AssertionError("nft -f - with nothing on stdin")));
        }
        if (arguments.equals(LIST_TEXT)) {
            return table.map(text -> new NftResult(0, text, "")).orElseGet(InMemoryNft::absent);
        }
        if (arguments.equals(LIST_JSON)) {
            return table.map(text -> new NftResult(0, json(text), "")).orElseGet(InMemoryNft::absent);
        }
        throw new AssertionError("this nft does not know 'nft " + String.join(" ", arguments) + "'");
    }

    private NftResult load(String script) {
        if (!script.startsWith(PREAMBLE)) {
            throw new AssertionError("a script that does not replace table inet edgeplane whole:\n" + script);
        }
        if (refusal.isPresent()) {
            Refusal refused = refusal.get();
            refusal = Optional.empty();
            List<String> lines = script.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                int column = lines.get(i).indexOf(refused.fragment());
                if (column >= 0) {
                    return new NftResult(1, "", "/dev/stdin:" + (i + 1) + ":" + (column + 1) + "-"
                            + (column + refused.fragment().length()) + ": Error: " + refused.message() + "\n"
                            + lines.get(i) + "\n" + " ".repeat(column) + "^".repeat(refused.fragment().length())
                            + "\n");
                }
            }
            throw new AssertionError("no line of the script holds '" + refused.fragment() + "':\n" + script);
        }
        String rest = script.substring(PREAMBLE.length());
        // A new table: its counters start from nothing, as the kernel's do.
        counted.clear();
        table = rest.isBlank() ? Optional.empty() : Optional.of(rest);
        return new NftResult(0, "", "");
    }

    private static NftResult absent() {
        return new NftResult(1, "", Resources.text("absent.stderr"));
    }

    /** The table written out as {@code nft -j list table inet edgeplane} writes it. */
    private String json(String listing) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode objects = root.putArray("nftables");
        objects.addObject().putObject("metainfo").put("version", "1.0.6").put("json_schema_version", 1);
        objects.addObject().putObject("table").put("family", "inet").put("name", "edgeplane").put("handle", 1);
        List<ObjectNode> rules = new ArrayList<>();
        List<String> lines = listing.lines().toList();
        int handle = 2;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("set ") && line.endsWith("{")) {
                ObjectNode set = objects.addObject().putObject("set");
                set.put("family", "inet").put("name", name(line)).put("table", "edgeplane").put("handle", handle++);
                StringBuilder elements = null;
                String type = "";
                for (i++; !lines.get(i).strip().equals("}"); i++) {
                    String inner = lines.get(i).strip();
                    if (elements != null) {
                        elements.append(' ').append(inner);
                    } else if (inner.startsWith("type ")) {
                        type = inner.substring("type ".length());
                        set.put("type", type);
                    } else if (inner.startsWith("flags ")) {
                        ArrayNode flags = set.putArray("flags");
                        for (String flag : inner.substring("flags ".length()).split(",")) {
                            if (!flag.equals("dynamic")) { // nft 1.0.6 leaves it out of its JSON
                                flags.add(flag);
                            }
                        }
                    } else if (inner.startsWith("size ")) {
                        set.put("size", Integer.parseInt(inner.substring("size ".length())));
                    } else if (inner.startsWith("elements = {")) {
                        elements = new StringBuilder(inner.substring("elements = {".length()));
                    }
                }
                if (elements != null) {
                    String text = elements.toString().strip();
                    ArrayNode elem = set.putArray("elem");
                    for (String element : text.substring(0, text.length() - 1).split(",")) {
                        element(elem, element.strip(), type);
                    }
                }
            } else if (line.startsWith("chain ") && line.endsWith("{")) {
                String chain = name(line);
                ObjectNode node = objects.addObject().putObject("chain");
                node.put("family", "inet").put("table", "edgeplane").put("name", chain).put("handle", handle++);
                long packets = counted.getOrDefault(chain, 0L);
                for (i++; !lines.get(i).strip().equals("}"); i++) {
                    String inner = lines.get(i).strip();
                    var hook = HOOK.matcher(inner);
                    if (hook.matches()) {
                        node.put("type", hook.group("type")).put("hook", hook.group("hook")).put("prio", 0)
                                .put("policy", hook.group("policy"));
                        continue;
                    }
                    ObjectNode rule = mapper.createObjectNode();
                    ObjectNode body = rule.putObject("rule");
                    body.put("family", "inet").put("table", "edgeplane").put("chain", chain).put("handle", handle++);
                    // Only the counters are written out: the reader counts rules and reads counters, nothing else.
                    ArrayNode expr = body.putArray("expr");
                    if (inner.contains("counter")) {
                        // The chain's count on its first counter; nft would show each rule's own.
                        expr.addObject().putObject("counter").put("packets", packets).put("bytes", packets * 60);
                        packets = 0;
                    }
                    rules.add(rule);
                }
            }
        }
        rules.forEach(objects::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(String header) {
        return header.split(" ")[1];
    }

    /** One element as nft's JSON has it: names unquoted, prefixes and ranges as objects, numbers as numbers. */
    private static void element(ArrayNode elem, String element, String type) {
        if (element.startsWith("\"") && element.endsWith("\"")) {
            elem.add(element.substring(1, element.length() - 1));
        } else if (element.contains("/") && !type.equals("ifname")) {
            ObjectNode prefix = elem.addObject().putObject("prefix");
            prefix.put("addr", element.substring(0, element.indexOf('/')))
                    .put("len", Integer.parseInt(element.substring(element.indexOf('/') + 1)));
        } else if (RANGE.matcher(element).matches() && !NUMBER.matcher(element).matches()) {
            ArrayNode range = elem.addObject().putArray("range");
            range.add(element.substring(0, element.indexOf('-'))).add(element.substring(element.indexOf('-') + 1));
        } else if (NUMBER.matcher(element).matches()) {
            elem.add(Long.parseLong(element));
        } else {
            elem.add(element);
        }
    }
}
