package io.edgeplane.firewall.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources captured from nft 1.0.6, under {@code io/edgeplane/firewall/nft/}. */
public final class Resources {

    private Resources() {
    }

    public static String text(String name) {
        String path = "/io/edgeplane/firewall/nft/" + name;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
