package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NftProgramTest {

    @TempDir
    Path dir;

    @Test
    void aBareNameIsFoundOnThePath() throws Exception {
        Path nft = executable(dir.resolve("bin/nft-test-only"));
        assertThat(NftProgram.resolve("nft-test-only", "/nonexistent:" + nft.getParent())).isEqualTo(nft);
    }

    @Test
    void aFileThatIsNotExecutableIsPassedOver() throws Exception {
        Path first = dir.resolve("a/nft-test-only");
        Files.createDirectories(first.getParent());
        Files.writeString(first, "#!/bin/sh\n");
        Path second = executable(dir.resolve("b/nft-test-only"));
        assertThat(NftProgram.resolve("nft-test-only", first.getParent() + ":" + second.getParent()))
                .isEqualTo(second);
    }

    @Test
    void theSbinDirectoriesAreSearchedAfterThePath() throws Exception {
        Optional<Path> inSbin;
        try (Stream<Path> files = Files.list(Path.of("/usr/sbin"))) {
            inSbin = files.filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).findFirst();
        }
        Assumptions.assumeTrue(inSbin.isPresent(), "no program in /usr/sbin to look for");
        assertThat(NftProgram.resolve(inSbin.get().getFileName().toString(), "")).isEqualTo(inSbin.get());
    }

    @Test
    void aMissingProgramNamesTheDebianPackage() {
        assertThatThrownBy(() -> NftProgram.resolve("nft-not-installed", dir.toString()))
                .isInstanceOf(NftException.class)
                .hasMessage("no 'nft-not-installed' program on the PATH or in /usr/sbin, /sbin: install the Debian "
                        + "package nftables (apt-get install nftables), or give the program's path");
    }

    @Test
    void aPathIsTakenAsItIsIfExecutable() throws Exception {
        Path nft = executable(dir.resolve("nft"));
        assertThat(NftProgram.resolve(nft.toString(), "")).isEqualTo(nft);
        assertThatThrownBy(() -> NftProgram.resolve(dir.resolve("missing").toString(), ""))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("is not an executable program")
                .hasMessageContaining("nftables");
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> NftProgram.resolve(" ", "/usr/sbin"))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("the nft program is empty");
    }

    private static Path executable(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
