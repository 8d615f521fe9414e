package io.edgeplane.firewall.compile;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.Map;

/** A config's firewall, compiled and rendered, for tests that read the rules. */
final class CompiledListing {

    private CompiledListing() {
    }

    static EdgeplaneConfig config(String yaml) {
        try {
            return new ConfigLoader(Variables.of(Map.of())).parse("test.yaml", yaml);
        } catch (InvalidConfigException e) {
            throw new AssertionError("the test's config is invalid: " + e.problems(), e);
        }
    }

    static Ruleset ruleset(String yaml) {
        return new FirewallCompiler().compile(config(yaml));
    }

    static String text(String yaml) {
        return new NftRenderer().render(ruleset(yaml)).text();
    }
}
