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
 * The admin API's JSON: snake_case keys (as the config's), instants in ISO-8601, an empty Optional as null.
 * The services' stats are records; this writes them without a view class per record.
 */
final class AdminJson {

    private final ObjectMapper mapper;

    AdminJson() {
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
        mapper = new ObjectMapper()
                .registerModule(values)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin views are records and plain maps, always serialisable: " + e.getMessage(), e);
        }
    }
}
