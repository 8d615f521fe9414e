package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The VRRP implementations a node of the interop tests can run, each able to say whether this machine has it and
 * to create a node. A pairing of two of them is what a scenario runs ({@link Pairing}).
 */
enum VrrpImplementation {

    /** keepalived 2.2 from Debian's package, started by {@link KeepalivedNode}. */
    KEEPALIVED {
        @Override
        void requireAvailable() {
            Interop.requireProgram("keepalived", "keepalived");
        }

        @Override
        VrrpNode create(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException {
            return new KeepalivedNode(member, spec, dir);
        }
    },

    /** edgeplane's distribution ({@code gateway/target/edgeplane-*}), started by {@link EdgeplaneNode}. */
    EDGEPLANE {
        @Override
        void requireAvailable() {
            Interop.require(EdgeplaneNode.distribution().isPresent(), "no edgeplane distribution under "
                    + EdgeplaneNode.distributionSearchPath()
                    + " (mvn -q -o package -DskipTests -Djacoco.skip=true builds it)");
        }

        @Override
        VrrpNode create(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException {
            return new EdgeplaneNode(member, spec, dir);
        }
    };

    /** Skips the test (fails it under EDGEPLANE_REQUIRE_INTEROP=1) when this machine lacks the implementation. */
    abstract void requireAvailable();

    /** A node that runs {@code spec} in {@code member}'s namespace, keeping its files in {@code dir}. */
    abstract VrrpNode create(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException;

    /** {@code keepalived}, {@code edgeplane}. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
