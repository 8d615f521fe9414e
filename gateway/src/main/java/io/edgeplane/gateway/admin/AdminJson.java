package io.edgeplane.gateway.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The admin API's JSON: snake_case keys (as the config's), instants in ISO-8601, an empty Optional as null,
 * indented. The services' stats are records; this writes them without a view class per record, and the
 * API's own views (plain maps) alike. The mapper is built on first use: probes and metrics need no JSON, and
 * start-up should not pay for it.
 */
final class AdminJson {

    private volatile ObjectMapper mapper;

    private ObjectMapper mapper() {
        ObjectMapper current = mapper;
        if (current == null) {
            synchronized (this) {
                current = mapper;
                if (current == null) {
                    current = build();
                    mapper = current;
                }
            }
        }
        return current;
    }

    private static ObjectMapper build() {
        SimpleModule values = new SimpleModule("edgeplane-admin-values");
        values.addSerializer(Instant.class, ToStringSerializer.instance);
        values.addSerializer(Duration.class, ToStringSerializer.instance);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Optional<?>> optional = (Class) Optional.class;
        values.addSerializer(optional, new StdSerializer<>(optional) {
            @Override
            public void serialize(Optional<?> value, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (value.isPresent()) {
                    provider.defaultSerializeValue(value.get(), out);
                } else {
                    out.writeNull();
                }
            }
        });
        return new ObjectMapper()
                .registerModule(values)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    String write(Object value) {
        try {
            return mapper().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin views are records and plain maps, always serialisable: " + e.getMessage(), e);
        }
    }
}
