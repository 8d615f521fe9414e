package io.edgeplane.proxy.http;

import io.edgeplane.config.proxy.HeaderEditsConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;

/**
 * A compiled {@link HeaderEditsConfig}: remove, then set, then add, on one header section; then the edits
 * chained after it (a route's edits run after its listener's, so the route has the last word). The framing
 * headers (Content-Length, Transfer-Encoding, Connection) are never among the names: the config refuses them,
 * and compiling them anyway fails.
 */
public final class HeaderEdits {

    /** Never edited: they say where a message ends and what becomes of the connection (see the config's check). */
    private static final AsciiString[] FRAMING = {
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONNECTION,
    };

    public static final HeaderEdits NONE = new HeaderEdits(new AsciiString[0], new AsciiString[0], new ValueTemplate[0],
            new AsciiString[0], new ValueTemplate[0], null);

    private final AsciiString[] remove;
    private final AsciiString[] setNames;
    private final ValueTemplate[] setValues;
    private final AsciiString[] addNames;
    private final ValueTemplate[] addValues;
    private final HeaderEdits next;

    private HeaderEdits(AsciiString[] remove, AsciiString[] setNames, ValueTemplate[] setValues,
                        AsciiString[] addNames, ValueTemplate[] addValues, HeaderEdits next) {
        this.remove = remove;
        this.setNames = setNames;
        this.setValues = setValues;
        this.addNames = addNames;
        this.addValues = addValues;
        this.next = next;
    }

    /** These edits, then {@code after}'s. */
    public HeaderEdits then(HeaderEdits after) {
        if (after.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return after;
        }
        return new HeaderEdits(remove, setNames, setValues, addNames, addValues, next == null ? after : next.then(after));
    }

    public static HeaderEdits compile(HeaderEditsConfig config) {
        if (config.isEmpty()) {
            return NONE;
        }
        AsciiString[] remove = names(config.remove());
        AsciiString[] setNames = names(List.copyOf(config.set().keySet()));
        AsciiString[] addNames = names(List.copyOf(config.add().keySet()));
        return new HeaderEdits(remove, setNames, templates(config.set(), setNames), addNames, templates(config.add(), addNames), null);
    }

    private static AsciiString[] names(List<String> names) {
        AsciiString[] compiled = names.stream().map(AsciiString::cached).toArray(AsciiString[]::new);
        for (AsciiString name : compiled) {
            for (AsciiString framing : FRAMING) {
                if (framing.contentEqualsIgnoreCase(name)) {
                    // The config check refuses these; getting here means a path around it.
                    throw new IllegalArgumentException("header edits cannot change " + name
                            + ": framing headers are set by edgeplane itself");
                }
            }
        }
        return compiled;
    }

    private static ValueTemplate[] templates(Map<String, String> values, AsciiString[] names) {
        ValueTemplate[] templates = new ValueTemplate[names.length];
        for (int i = 0; i < names.length; i++) {
            templates[i] = ValueTemplate.compile(values.get(names[i].toString()));
        }
        return templates;
    }

    public boolean isEmpty() {
        return this == NONE;
    }

    /** Edits {@code headers}, values rendered from {@code values}. */
    public void apply(HttpHeaders headers, VariableValues values) {
        for (AsciiString name : remove) {
            headers.remove(name);
        }
        for (int i = 0; i < setNames.length; i++) {
            headers.set(setNames[i], setValues[i].render(values));
        }
        for (int i = 0; i < addNames.length; i++) {
            headers.add(addNames[i], addValues[i].render(values));
        }
        if (next != null) {
            next.apply(headers, values);
        }
    }
}
