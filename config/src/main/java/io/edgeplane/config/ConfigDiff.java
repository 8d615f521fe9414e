package io.edgeplane.config;

import io.edgeplane.config.bind.KeyNames;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which top-level sections differ between two configs, for the reload log line and the admin API. */
public final class ConfigDiff {

    private ConfigDiff() {
    }

    /** The YAML keys of the sections that changed, in file order; empty when the configs are equal. */
    public static List<String> changedSections(EdgeplaneConfig before, EdgeplaneConfig after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent section : EdgeplaneConfig.class.getRecordComponents()) {
            if (!Objects.equals(read(section, before), read(section, after))) {
                changed.add(KeyNames.keyOf(section));
            }
        }
        return changed;
    }

    private static Object read(RecordComponent section, EdgeplaneConfig config) {
        try {
            return section.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read section " + section.getName(), e);
        }
    }
}
