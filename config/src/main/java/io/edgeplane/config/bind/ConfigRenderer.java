package io.edgeplane.config.bind;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a config record back into the tree of maps, lists and scalars its YAML would hold, with the
 * same keys and value forms, and every {@link Secret} replaced by {@value #REDACTED}. Serialise the result
 * as JSON or YAML to show an operator what is running.
 */
public final class ConfigRenderer {

    public static final String REDACTED = "<redacted>";

    private final ScalarTypes scalars;

    public ConfigRenderer(ScalarTypes scalars) {
        this.scalars = Objects.requireNonNull(scalars, "scalars");
    }

    public Map<String, Object> render(Record config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) renderValue(config);
        return tree;
    }

    private Object renderValue(Object value) {
        return switch (value) {
            case Optional<?> optional -> optional.map(this::renderValue).orElse(null);
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(item -> out.add(renderValue(item)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v)));
                yield out;
            }
            default -> scalarTypeOf(value.getClass())
                    .<Object>map(type -> type.format(value))
                    .orElseGet(() -> value instanceof Record record ? renderRecord(record) : value.toString());
        };
    }

    /**
     * The scalar type of a value's class, of a superclass or of an interface it implements: a value is often a
     * subclass of the type that is registered (an Inet4Address for InetAddress, an enum constant with a body), and
     * its toString() is not the YAML form ("/192.0.2.1"); or a record of a sealed interface that is registered
     * (a firewall rule's {@code from: [cluster, 10.0.0.0/8]}), which would otherwise come out as a mapping.
     */
    private Optional<ScalarType<?>> scalarTypeOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Optional<ScalarType<?>> found = scalars.find(c);
            for (int i = 0; found.isEmpty() && i < c.getInterfaces().length; i++) {
                found = scalars.find(c.getInterfaces()[i]);
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> renderRecord(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(record, component);
            Object rendered = component.isAnnotationPresent(Secret.class) && isPresent(value)
                    ? REDACTED
                    : renderValue(value);
            if (rendered != null) {
                out.put(KeyNames.keyOf(component), rendered);
            }
        }
        return out;
    }

    private static boolean isPresent(Object value) {
        return value != null && !(value instanceof Optional<?> optional && optional.isEmpty());
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
