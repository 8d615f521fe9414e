package io.edgeplane.config.yaml;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML parser that also knows the anchor of a plain value. Jackson reports the anchor of a
 * mapping or a list but never of a scalar (jackson-dataformats-text#6), so {@code port: &port 8404}
 * would leave {@code *port} undefined. This hooks in where Jackson's own YAMLAnchorReplayingParser does.
 */
final class ScalarAnchorParser extends YAMLParser {

    private String scalarAnchor;

    ScalarAnchorParser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options,
            ObjectCodec codec, Reader reader) {
        super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    @Override
    protected Event getEvent() throws IOException {
        Event event = super.getEvent();
        // The event read last is the one the current token came from.
        scalarAnchor = event instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
        return event;
    }

    /** The anchor ({@code &name}) on the node whose first token is current, or null. */
    String anchor() throws IOException {
        JsonToken token = currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            return getObjectId();
        }
        return token != null && token.isScalarValue() && !isCurrentAlias() ? scalarAnchor : null;
    }

    /** Makes {@link ScalarAnchorParser}s. */
    static final class Factory extends YAMLFactory {

        Factory() {
            // Asked for outright: YAMLFactory.builder() starts without it, and without it `admin:` reads as
            // the value "" instead of an empty node.
            enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL);
        }

        @Override
        protected ScalarAnchorParser _createParser(Reader reader, IOContext context) {
            return new ScalarAnchorParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions,
                    _objectCodec, reader);
        }

        ScalarAnchorParser parserFor(String text) throws IOException {
            return (ScalarAnchorParser) createParser(new StringReader(text));
        }
    }
}
