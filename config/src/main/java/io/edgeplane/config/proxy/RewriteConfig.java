package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * nginx's {@code rewrite ^/old/(.*)$ /new/$1 break}: the first match of {@code regex} in the path is
 * replaced with {@code replacement}, where {@code $1}… are its groups. The query string is kept.
 */
public record RewriteConfig(String regex, String replacement) implements Checked {

    public RewriteConfig {
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(replacement, "replacement");
    }

    @Override
    public void check(Checks checks) {
        try {
            Pattern pattern = Pattern.compile(regex);
            pattern.matcher("").replaceFirst(replacement);
        } catch (PatternSyntaxException e) {
            checks.key("regex").error("not a regular expression: " + e.getDescription() + " at index " + e.getIndex(),
                    "a Java regular expression such as ^/old/(.*)$");
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            checks.key("replacement").error("not a replacement for that expression: " + e.getMessage(),
                    "text with $1, $2 ... for the expression's groups");
        }
    }
}
