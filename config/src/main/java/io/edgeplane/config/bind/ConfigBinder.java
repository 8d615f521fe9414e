package io.edgeplane.config.bind;

import io.edgeplane.config.ProblemList;
import io.edgeplane.config.value.InvalidValueException;
import io.edgeplane.config.yaml.Mark;
import io.edgeplane.config.yaml.YamlNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a {@link YamlNode} tree onto a record type. Each component is read from the key of the same name
 * in snake_case; types come from the component's declared type ({@code Optional}, {@code List}, {@code Map}
 * with string keys, nested records, and {@link ScalarTypes}). Every problem goes to the {@link ProblemList};
 * binding goes on past a problem so that one pass reports all of them.
 */
public final class ConfigBinder {

    /** Marks a value that could not be bound; its problem has been reported. */
    private static final Object INVALID = new Object();

    private final ScalarTypes scalars;
    private final ProblemList problems;

    public ConfigBinder(ScalarTypes scalars, ProblemList problems) {
        this.scalars = Objects.requireNonNull(scalars, "scalars");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    /** The record bound from {@code root}, or empty if anything was wrong (reported to the problem list). */
    public <T extends Record> Optional<T> bind(YamlNode root, Class<T> type) {
        Object value = bindValue(root, type, "");
        return value == INVALID || !problems.isEmpty() ? Optional.empty() : Optional.of(type.cast(value));
    }

    private Object bindValue(YamlNode node, Type type, String path) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            Object inner = bindValue(node, typeArgument(type, 0), path);
            return inner == INVALID ? INVALID : Optional.of(inner);
        }
        if (raw == List.class) {
            return bindList(node, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            if (typeArgument(type, 0) != String.class) {
                throw new IllegalStateException("config maps are keyed by String, not " + type);
            }
            return bindMap(node, typeArgument(type, 1), path);
        }
        Optional<ScalarType<?>> scalar = scalars.find(raw);
        if (scalar.isPresent()) {
            return bindScalar(node, scalar.get(), path);
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path);
        }
        throw new IllegalStateException("no config binding for " + type + " at " + path);
    }

    private Object bindScalar(YamlNode node, ScalarType<?> scalar, String path) {
        if (!(node instanceof YamlNode.Scalar(String text, Mark mark))) {
            problems.add(node.mark(), path, "expected a value, found " + node.kindName(), scalar.expected());
            return INVALID;
        }
        if (problems.hasProblemAt(path)) {
            // Already reported while reading it (an unset ${VAR}); its text says nothing more.
            return INVALID;
        }
        try {
            return scalar.parse(text);
        } catch (InvalidValueException e) {
            problems.add(mark, path, e.getMessage(), scalar.expected());
            return INVALID;
        }
    }

    private Object bindList(YamlNode node, Type itemType, String path) {
        List<YamlNode> items = switch (node) {
            case YamlNode.Sequence sequence -> sequence.items();
            case YamlNode.Null ignored -> List.of();
            // One value where a list is expected is a list of one: `listen: 127.0.0.1:80`.
            default -> List.of(node);
        };
        List<Object> values = new ArrayList<>(items.size());
        boolean valid = true;
        for (int i = 0; i < items.size(); i++) {
            Object value = bindValue(items.get(i), itemType, path + "[" + i + "]");
            valid &= value != INVALID;
            values.add(value);
        }
        return valid ? Collections.unmodifiableList(values) : INVALID;
    }

    private Object bindMap(YamlNode node, Type valueType, String path) {
        if (node instanceof YamlNode.Null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problems.add(node.mark(), path, "expected a mapping of names to values, found " + node.kindName());
            return INVALID;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        boolean valid = true;
        for (YamlNode.Entry entry : mapping.entries()) {
            Object value = bindValue(entry.value(), valueType, child(path, entry.key()));
            valid &= value != INVALID;
            values.put(entry.key(), value);
        }
        return valid ? Collections.unmodifiableMap(values) : INVALID;
    }

    private Object bindRecord(YamlNode node, Class<?> type, String path) {
        YamlNode.Mapping mapping = switch (node) {
            case YamlNode.Mapping m -> m;
            // `admin:` with nothing after it turns the section on with its defaults.
            case YamlNode.Null n -> new YamlNode.Mapping(List.of(), n.mark());
            case YamlNode.Scalar scalar when type.isAnnotationPresent(ScalarForm.class) -> scalarForm(scalar, type, path);
            default -> {
                problems.add(node.mark(), path, "expected a mapping, found " + node.kindName(),
                        "keys " + String.join(", ", keysOf(type)));
                yield null;
            }
        };
        if (mapping == null) {
            return INVALID;
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> keys = keysOf(type);
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!keys.contains(entry.key())) {
                reportUnknownKey(entry, path, keys);
            }
        }
        Object[] arguments = new Object[components.length];
        boolean valid = true;
        for (int i = 0; i < components.length; i++) {
            String key = keys.get(i);
            Optional<YamlNode.Entry> entry = mapping.entry(key);
            arguments[i] = entry.isPresent() && !(entry.get().value() instanceof YamlNode.Null && hasDefault(components[i]))
                    ? bindValue(entry.get().value(), components[i].getGenericType(), child(path, key))
                    : absentValue(components[i], child(path, key), mapping.mark());
            valid &= arguments[i] != INVALID;
        }
        if (!valid) {
            return INVALID;
        }
        Object record = construct(type, components, arguments, mapping.mark(), path);
        if (record instanceof Checked checked) {
            checked.check(new Checks(mapping, mapping.mark(), path, problems));
        }
        return record;
    }

    /** The mapping a plain value stands for, or null when {@link ScalarForm#only()} refuses it (reported). */
    private YamlNode.Mapping scalarForm(YamlNode.Scalar scalar, Class<?> type, String path) {
        ScalarForm form = type.getAnnotation(ScalarForm.class);
        if (form.only().length > 0 && !scalarFormAllowed(scalar, type, form)) {
            problems.add(scalar.mark(), path, form.otherwise().isEmpty()
                            ? "'" + scalar.text() + "' cannot stand alone here" : form.otherwise(),
                    String.join(" or ", form.only()) + ", or a mapping with keys " + String.join(", ", keysOf(type)));
            return null;
        }
        return new YamlNode.Mapping(List.of(new YamlNode.Entry(form.value(), scalar.mark(), scalar)), scalar.mark());
    }

    /**
     * Whether the plain value is one of {@link ScalarForm#only()} once parsed as its key's type. A value that
     * does not parse passes here: binding it reports what is wrong with it, once.
     */
    private boolean scalarFormAllowed(YamlNode.Scalar scalar, Class<?> type, ScalarForm form) {
        RecordComponent component = Arrays.stream(type.getRecordComponents())
                .filter(c -> KeyNames.keyOf(c).equals(form.value()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("@ScalarForm(\"" + form.value() + "\") names no key of " + type));
        Optional<ScalarType<?>> scalarType = scalars.find(component.getType());
        if (scalarType.isEmpty()) {
            throw new IllegalStateException("@ScalarForm(only = ...) needs a scalar key, not " + component.getType());
        }
        Object value;
        try {
            value = scalarType.get().format(scalarType.get().parse(scalar.text()));
        } catch (InvalidValueException e) {
            return true;
        }
        return Arrays.asList(form.only()).contains(String.valueOf(value));
    }

    private void reportUnknownKey(YamlNode.Entry entry, String path, List<String> keys) {
        String message = KeyNames.closest(entry.key(), keys)
                .map(hint -> "unknown key '" + entry.key() + "'; did you mean '" + hint + "'?")
                .orElse("unknown key '" + entry.key() + "'");
        problems.add(entry.keyMark(), child(path, entry.key()), message, "one of " + String.join(", ", keys));
    }

    /** The value of a component whose key is absent: its default, empty, or a "missing key" problem. */
    private Object absentValue(RecordComponent component, String path, Mark parentMark) {
        Default declared = component.getAnnotation(Default.class);
        if (declared != null) {
            Object value = bindValue(new YamlNode.Scalar(declared.value(), parentMark), component.getGenericType(), path);
            if (value == INVALID) {
                throw new IllegalStateException("@Default(\"" + declared.value() + "\") of " + path + " does not parse");
            }
            return value;
        }
        Class<?> raw = component.getType();
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == List.class) {
            return List.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        if (raw.isRecord() && scalars.find(raw).isEmpty() && allDefaulted(raw)) {
            return bindRecord(new YamlNode.Null(parentMark), raw, path);
        }
        problems.add(parentMark, path, "missing required key '" + KeyNames.keyOf(component) + "'");
        return INVALID;
    }

    private static boolean hasDefault(RecordComponent component) {
        return component.isAnnotationPresent(Default.class);
    }

    /** Whether a record can be built from an empty mapping: every component has a default or may be empty. */
    private boolean allDefaulted(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents()).allMatch(c -> hasDefault(c)
                || c.getType() == Optional.class || c.getType() == List.class || c.getType() == Map.class
                || c.getType().isRecord() && scalars.find(c.getType()).isEmpty() && allDefaulted(c.getType()));
    }

    private Object construct(Class<?> type, RecordComponent[] components, Object[] arguments, Mark mark, String path) {
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            // A compact constructor refusing a combination of values: report it where the record starts.
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                problems.add(mark, path, invalid.getMessage());
                return INVALID;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e);
        }
    }

    static List<String> keysOf(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents())
                .map(KeyNames::keyOf)
                .collect(Collectors.toList());
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            default -> throw new IllegalStateException("unsupported config type " + type);
        };
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw generic type in config: " + type);
    }
}
